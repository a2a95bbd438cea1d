package outreach

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/peerbot/peerbot/stats"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func tally(shifts, contacts int, mats map[Material]int, refs map[Need]int, od, nal int) Tally {
	t := NewTally()
	t.Shifts, t.Contacts, t.Overdoses, t.Naloxone = stats.Count(shifts), stats.Count(contacts), stats.Count(od), stats.Count(nal)
	for m, n := range mats {
		t.Materials[m] = stats.Count(n)
	}
	for need, n := range refs {
		t.Referrals[need] = stats.Count(n)
	}
	return t
}

func sampleReport() Report {
	jan, feb, mar := Month{2026, 1}, Month{2026, 2}, Month{2026, 3}
	rows := []Row{
		{jan, Place{Hotspot: 1, Label: "Cais do Sodré"}, tally(12, 140, map[Material]int{Syringes: 300, Foil: 45, NaloxoneKits: 3}, map[Need]int{NeedOST: 6, NeedShelter: 2}, 1, 1)},
		{jan, Place{Region: "PT-11"}, tally(3, 20, map[Material]int{Condoms: 50}, nil, 0, 0)},
		{jan, Place{Hotspot: 2, Label: "=cmd|' /C calc'!A0"}, tally(6, 9, nil, map[Need]int{NeedFood: 7}, 0, 0)},
		{mar, Place{Hotspot: 1, Label: "Cais do Sodré"}, tally(20, 210, map[Material]int{Syringes: 500, Pipes: 60, TestStrips: 4}, map[Need]int{NeedDrugChecking: 9}, 6, 5)},
		{Month{2025, 12}, Place{Region: "PT-11"}, tally(9, 9, nil, nil, 0, 0)}, // outside: left out
	}
	_ = feb
	return BuildReport(7, jan, mar, rows)
}

func TestBuildReport(t *testing.T) {
	r := sampleReport()
	if len(r.Months) != 3 {
		t.Fatalf("%d months, want 3 (January to March, February empty)", len(r.Months))
	}
	jan := r.Months[0]
	if jan.Total.Shifts != 21 || jan.Total.Contacts != 169 || jan.Total.Materials[Syringes] != 300 || jan.Total.Referrals[NeedFood] != 7 {
		t.Errorf("January total = %+v", jan.Total)
	}
	if len(jan.Places) != 3 || jan.Places[0].Label != "Cais do Sodré" || jan.Places[2].Region != "PT-11" {
		t.Errorf("January places not busiest first: %+v", jan.Places)
	}
	if feb := r.Months[1]; feb.Month != (Month{2026, 2}) || feb.Total.Shifts != 0 || len(feb.Places) != 0 {
		t.Errorf("February = %+v, want empty", feb)
	}
	raw, err := json.Marshal(r.Months[0].Total)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if back["naloxone_given"] != "<5" || back["materials"].(map[string]any)["naloxone_kits"] != "<5" || back["shifts"] != 21.0 {
		t.Errorf("small counts not suppressed in JSON: %s", raw)
	}
}

func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, sampleReport()); err != nil {
		t.Fatal(err)
	}
	golden(t, "monthly.csv", buf.Bytes())
}

func TestParseMonth(t *testing.T) {
	tests := []struct {
		in   string
		want Month
		ok   bool
	}{
		{"2026-01", Month{2026, 1}, true},
		{"2026-12", Month{2026, 12}, true},
		{"2026-13", Month{}, false},
		{"2026-00", Month{}, false},
		{"2026-1", Month{}, false},
		{"26-01", Month{}, false},
		{"", Month{}, false},
		{"1999-12", Month{}, false},
		{"2026-01-01", Month{}, false},
	}
	for _, tt := range tests {
		got, err := ParseMonth(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseMonth(%q) = %v, %v", tt.in, got, err)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseMonth(%q) error %v is not ErrInvalid", tt.in, err)
		}
	}
	if m := (Month{2026, 12}); m.Next() != (Month{2027, 1}) || m.Prev() != (Month{2026, 11}) || m.String() != "2026-12" {
		t.Errorf("month arithmetic: %v %v %v", m.Next(), m.Prev(), m)
	}
}

func TestEntryValidate(t *testing.T) {
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	ok := func() Entry {
		return Entry{Org: 1, Date: Day(now), Hotspot: 3, Contacts: 12,
			Materials: map[Material]int{Syringes: 20}, Referrals: map[Need]int{NeedOST: 1}}
	}
	tests := []struct {
		name   string
		change func(*Entry)
		ok     bool
	}{
		{"fine", func(*Entry) {}, true},
		{"region instead of hotspot", func(e *Entry) { e.Hotspot, e.Region = 0, "PT-11" }, true},
		{"yesterday", func(e *Entry) { e.Date = e.Date.AddDate(0, 0, -1) }, true},
		{"both places", func(e *Entry) { e.Region = "PT-11" }, false},
		{"no place", func(e *Entry) { e.Hotspot = 0 }, false},
		{"bad region", func(e *Entry) { e.Hotspot, e.Region = 0, "lisbon" }, false},
		{"future", func(e *Entry) { e.Date = e.Date.AddDate(0, 0, 3) }, false},
		{"too old", func(e *Entry) { e.Date = e.Date.AddDate(0, -3, 0) }, false},
		{"not midnight", func(e *Entry) { e.Date = now }, false},
		{"negative", func(e *Entry) { e.Contacts = -1 }, false},
		{"too many", func(e *Entry) { e.Materials[Foil] = MaxCount + 1 }, false},
		{"unknown material", func(e *Entry) { e.Materials["crack kits"] = 1 }, false},
		{"unknown need", func(e *Entry) { e.Referrals["money"] = 1 }, false},
		{"no org", func(e *Entry) { e.Org = 0 }, false},
		{"phone in note", func(e *Entry) { e.Note = "call 912 345 678" }, false},
		{"fine note", func(e *Entry) { e.Note = "quiet night" }, true},
	}
	for _, tt := range tests {
		e := ok()
		tt.change(&e)
		err := e.Validate(now)
		if (err == nil) != tt.ok {
			t.Errorf("%s: Validate = %v", tt.name, err)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v is not ErrInvalid", tt.name, err)
		}
	}
}

func TestParseMaterial(t *testing.T) {
	names := map[Material][]string{
		Syringes: {"seringas e agulhas"}, Foil: {"prata"}, Pipes: {"cachimbos"},
		NaloxoneKits: {"kits de naloxona"}, Condoms: {"preservativos"}, TestStrips: {"tiras de teste"},
	}
	tests := []struct {
		in   string
		m    Material
		n    int
		fail bool
	}{
		{"syringes 20", Syringes, 20, false},
		{"Seringas 20", Syringes, 20, false},
		{"20 seringas", Syringes, 20, false},
		{"prata: 5", Foil, 5, false},
		{"condoms=100", Condoms, 100, false},
		{"tiras 3", TestStrips, 3, false},
		{"kits 2", NaloxoneKits, 2, false},
		{"foil 0", Foil, 0, false},
		{"syringes", "", 0, true},
		{"20", "", 0, true},
		{"sy 20", "", 0, true},
		{"bananas 20", "", 0, true},
		{"syringes 20 30", "", 0, true},
		{"syringes 99999", "", 0, true},
		{"syringes -1", "", 0, true},
	}
	for _, tt := range tests {
		m, n, err := ParseMaterial(tt.in, names)
		if (err != nil) != tt.fail || m != tt.m || n != tt.n {
			t.Errorf("ParseMaterial(%q) = %q, %d, %v", tt.in, m, n, err)
		}
	}
}

func FuzzParseMaterial(f *testing.F) {
	for _, s := range []string{"syringes 20", "20 seringas", "prata: 5", "", "0", "kits=-1", "ś 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, n, err := ParseMaterial(s, map[Material][]string{Foil: {"prata"}})
		if err != nil {
			return
		}
		if !m.Valid() || n < 0 || n > MaxCount {
			t.Fatalf("ParseMaterial(%q) = %q, %d", s, m, n)
		}
	})
}

func TestHotspotValidate(t *testing.T) {
	for _, tt := range []struct {
		h  Hotspot
		ok bool
	}{
		{Hotspot{Label: "Cais do Sodré", Region: "PT-11"}, true},
		{Hotspot{Label: "Dworzec Centralny"}, true},
		{Hotspot{Label: ""}, false},
		{Hotspot{Label: " Rossio"}, false},
		{Hotspot{Label: "a very long label that goes on and on past forty"}, false},
		{Hotspot{Label: "call 912 345 678"}, false},
		{Hotspot{Label: "Rossio", Region: "lisbon"}, false},
	} {
		if err := tt.h.Validate(); (err == nil) != tt.ok {
			t.Errorf("Validate(%+v) = %v", tt.h, err)
		}
	}
}

// A hotspot named after a person passes in the chat, where the hotspots are
// known, so the store must not refuse it later.
func TestEntryValidateLeavesPlacesToTheCaller(t *testing.T) {
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	e := Entry{Org: 1, Date: Day(now), Region: "PT-11", Note: "Muita gente no Martim Moniz."}
	if err := CheckNote(e.Note, []string{"Martim Moniz"}); err != nil {
		t.Fatalf("CheckNote with the hotspot allowed: %v", err)
	}
	if err := e.Validate(now); err != nil {
		t.Errorf("Validate refuses a note the chat allowed: %v", err)
	}
	e.Note = "tel +351 912 345 678"
	if err := e.Validate(now); !errors.Is(err, ErrNotePhone) {
		t.Errorf("Validate of a phone number: %v", err)
	}
}

// FuzzParseMonth: what parses prints back the same, within the bounds.
func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2026-01", "2026-13", "0000-00", "2026-1", "", "9999-12", "２０２６-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMonth(s)
		if err != nil {
			return
		}
		if m.String() != s || m.Month < 1 || m.Month > 12 || m.Year < 2000 || m.Year > 2999 {
			t.Fatalf("ParseMonth(%q) = %v", s, m)
		}
	})
}
