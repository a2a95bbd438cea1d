package referral_test

import (
	"bytes"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/referral"
)

func TestReadCSVPackageBrokenRows(t *testing.T) {
	d, bad, err := referral.ReadCSVPackage(os.DirFS("testdata/broken"), options(t))
	if err != nil {
		t.Fatal(err)
	}
	wantPrefixes := []string{
		"attributes.csv:5: unknown taxonomy term \"basket-weaving\"",
		"attributes.csv:6: unknown taxonomy term \"t-gone\"",
		"locations.csv:3: coordinates out of range",
		"locations.csv:4: coordinates \"abc\", \"-9.14\" are not numbers",
		"organizations.csv:3: no name",
		"phones.csv:3: unknown service \"svc-9\"",
		"schedules.csv:3: unreadable schedule: byday",
		"schedules.csv:4: unreadable schedule: opens_at",
		"schedules.csv:6: unreadable schedule: freq",
		"service_at_location.csv:4: unknown location \"loc-2\"",
		"services.csv:4: unknown organization \"org-missing\"",
	}
	if len(bad) != len(wantPrefixes) {
		t.Errorf("got %d bad rows, want %d:\n%s", len(bad), len(wantPrefixes), joinErrs(bad))
	}
	for i := range min(len(bad), len(wantPrefixes)) {
		if !strings.HasPrefix(bad[i].Error(), wantPrefixes[i]) {
			t.Errorf("bad row %d = %q, want prefix %q", i, bad[i].Error(), wantPrefixes[i])
		}
	}
	// The rest is imported.
	if got := len(d.Services); got != 3 {
		t.Errorf("services = %d, want 3 (svc-1, svc-2, svc-4)", got)
	}
	if got := len(d.Locations); got != 2 {
		t.Errorf("locations = %d, want 2", got)
	}
	if got := len(d.Schedules); got != 2 {
		t.Errorf("schedules = %d, want 2 (sch-1, sch-4)", got)
	}
	svc1 := d.Services[slices.IndexFunc(d.Services, func(s referral.Service) bool { return s.ID == "svc-1" })]
	if !slices.Equal(svc1.Needs, []referral.Need{referral.NeedNaloxone}) || !slices.Equal(svc1.Flags, []referral.Flag{referral.FlagFree}) {
		t.Errorf("svc-1 needs %v flags %v, want [naloxone] [free]", svc1.Needs, svc1.Flags)
	}
	// An address region written as a name ("Lisboa") finds the region.
	loc4 := d.Locations[slices.IndexFunc(d.Locations, func(l referral.Location) bool { return l.ID == "loc-4" })]
	if loc4.Region != "PT-11" || loc4.TimeZone != "Europe/Lisbon" || loc4.Country != "PT" {
		t.Errorf("loc-4 = %s %s %s, want PT-11 Europe/Lisbon PT", loc4.Region, loc4.TimeZone, loc4.Country)
	}
	// The schedule given through service_at_location is tied to both.
	for _, s := range d.Schedules {
		if s.ID == "sch-4" && (s.Service != "svc-2" || s.Location != "loc-4") {
			t.Errorf("sch-4 = %s at %s, want svc-2 at loc-4", s.Service, s.Location)
		}
	}
}

func joinErrs(bad []referral.RowError) string {
	var b strings.Builder
	for _, e := range bad {
		b.WriteString(e.Error() + "\n")
	}
	return b.String()
}

func TestDemoDirectoryIsClean(t *testing.T) {
	d, bad, err := referral.ReadCSVPackage(content.DemoDirectory(), options(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Fatalf("demo directory has bad rows:\n%s", joinErrs(bad))
	}
	for _, o := range d.Organizations {
		if !strings.Contains(o.Name, "(fictional)") {
			t.Errorf("demo organisation %q does not say it is fictional", o.Name)
		}
	}
	if len(d.Services) < 10 {
		t.Errorf("demo directory has %d services", len(d.Services))
	}
}

func TestReadJSON(t *testing.T) {
	doc := `{
	  "organizations": [{"id": "o1", "name": "Org"}],
	  "services": [{"id": "s1", "organization_id": "o1", "name": "Svc"}],
	  "locations": [{"id": "l1", "name": "Here", "latitude": 52.23, "longitude": 21.01},
	                {"id": "l2", "name": "Nowhere", "latitude": 52.23, "longitude": 200}],
	  "addresses": [{"id": "a1", "location_id": "l1", "country": "PL", "region": "PL-14"},
	                {"id": "a2", "location_id": "l2", "country": "PL"}],
	  "service_at_location": [{"id": "x1", "service_id": "s1", "location_id": "l1"}],
	  "schedules": [{"id": "h1", "service_id": "s1", "byday": "MO", "opens_at": "9:00", "closes_at": "17:00"}]
	}`
	d, bad, err := referral.ReadJSON(strings.NewReader(doc), "dir.json", options(t))
	if err != nil {
		t.Fatal(err)
	}
	got := joinErrs(bad)
	want := "dir.json#locations:2: coordinates out of range: latitude 52.23, longitude 200\n" +
		"dir.json#schedules:1: unreadable schedule: opens_at: time \"9:00\" is not HH:MM\n"
	if got != want {
		t.Errorf("bad rows:\n%s\nwant:\n%s", got, want)
	}
	if len(d.Locations) != 1 || d.Locations[0].Region != "PL-14" || d.Locations[0].TimeZone != "Europe/Warsaw" {
		t.Errorf("locations = %+v", d.Locations)
	}
}

func TestReadCSVPackageUnreadable(t *testing.T) {
	if _, _, err := referral.ReadCSVPackage(os.DirFS("testdata/no-such-dir"), options(t)); err == nil {
		t.Error("a missing package read without error")
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, name := range []string{"schedules.csv", "locations.csv", "attributes.csv", "services.csv"} {
		b, err := os.ReadFile("testdata/broken/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("id,latitude\n\"unterminated,1\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := referral.ReadCSV(strings.NewReader(s), "f.csv")
		if err != nil {
			return
		}
		_ = rows
	})
}

// memFiles collects a written package in memory.
type memFiles map[string]*bytes.Buffer

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

func (m memFiles) create(name string) (io.WriteCloser, error) {
	b := &bytes.Buffer{}
	m[name] = b
	return nopCloser{b}, nil
}

func (m memFiles) fs() fstest.MapFS {
	out := fstest.MapFS{}
	for k, v := range m {
		out[k] = &fstest.MapFile{Data: v.Bytes()}
	}
	return out
}

func TestWriteCSVPackageRoundTrip(t *testing.T) {
	d, _, err := referral.ReadCSVPackage(content.DemoDirectory(), options(t))
	if err != nil {
		t.Fatal(err)
	}
	files := memFiles{}
	if err := referral.WriteCSVPackage(d, files.create); err != nil {
		t.Fatal(err)
	}
	back, bad, err := referral.ReadCSVPackage(files.fs(), options(t))
	if err != nil || len(bad) > 0 {
		t.Fatalf("reading the export: %v %v", err, bad)
	}
	if !reflect.DeepEqual(back, d) {
		t.Errorf("the export reads back differently:\n%s\n%s", back.Counts(), d.Counts())
	}
}

// TestReadNestedJSON reads services as the HSDS API returns them: nested
// objects, the organization repeated under each service.
func TestReadNestedJSON(t *testing.T) {
	f, err := os.Open("testdata/nested.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, bad, err := referral.ReadJSON(f, "nested.json", options(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"nested.json#contents[1]/attributes:2: unknown taxonomy term \"knitting\"",
		"nested.json#contents[1]/service_at_locations:2: unknown location \"loc-n2\"",
		"nested.json#contents[1]/service_at_locations/location:2: coordinates out of range",
		"nested.json#contents[2]/schedules:1: unreadable schedule",
	}
	if len(bad) != len(want) {
		t.Fatalf("bad rows:\n%s", joinErrs(bad))
	}
	for i, w := range want {
		if !strings.HasPrefix(bad[i].Error(), w) {
			t.Errorf("bad row %d = %q, want %q", i, bad[i].Error(), w)
		}
	}
	if len(d.Organizations) != 1 || len(d.Services) != 2 || len(d.Locations) != 1 || len(d.ServiceAtLocations) != 1 ||
		len(d.Schedules) != 1 || len(d.Phones) != 1 || len(d.Languages) != 1 {
		t.Fatalf("read %s", d.Counts())
	}
	if s := d.Schedules[0]; s.Service != "svc-n1" || s.Location != "loc-n1" {
		t.Errorf("schedule of the service at a location = %+v", s)
	}
	if s := d.Services[0]; s.Organization != "org-n" || len(s.Needs) != 1 || s.Needs[0] != referral.NeedNaloxone {
		t.Errorf("nested service = %+v", s)
	}
	if l := d.Locations[0]; l.Region != "PL-14" || l.TimeZone != "Europe/Warsaw" {
		t.Errorf("nested location = %+v", l)
	}
}

func FuzzReadJSON(f *testing.F) {
	b, err := os.ReadFile("testdata/nested.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	f.Add(`{"organizations":[{"id":"o","name":"O"}],"services":[{"id":"s","organization_id":"o","name":"S"}]}`)
	f.Add(`[{"id":"s","organization":{"id":"o"}}]`)
	opt := options(f)
	f.Fuzz(func(t *testing.T, s string) {
		d, bad, err := referral.ReadJSON(strings.NewReader(s), "f.json", opt)
		if err != nil {
			return
		}
		for _, l := range d.Locations {
			if !referral.ValidCoordinates(l.Lat, l.Lon) {
				t.Fatalf("kept a location out of range: %+v", l)
			}
		}
		_ = bad
	})
}
