package referral

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Place resolves where a location is for the deployment: the region code
// the region picker finds it under and the IANA time zone its schedules are
// read in. country is ISO 3166-1; region is the address's region or
// state_province as written. ok is false for a country the deployment does
// not know.
type Place func(country, region string) (code, zone string, ok bool)

// ImportOptions say how to read a data package.
type ImportOptions struct {
	Taxonomy *Taxonomy
	Place    Place
}

// The HSDS 3.0 resources the importer reads, by datapackage resource name,
// with their default file names.
var resourceFiles = map[string]string{
	"organization":        "organizations.csv",
	"service":             "services.csv",
	"location":            "locations.csv",
	"address":             "addresses.csv",
	"service_at_location": "service_at_location.csv",
	"phone":               "phones.csv",
	"schedule":            "schedules.csv",
	"taxonomy_term":       "taxonomy_terms.csv",
	"attribute":           "attributes.csv",
	"language":            "languages.csv",
}

// row is one record of a resource: its fields by column name and where it
// came from.
type row struct {
	file    string
	line    int
	fields  map[string]string
	problem string // set when the row cannot be read at all
}

func (r row) get(k string) string { return strings.TrimSpace(r.fields[k]) }

// tables are the rows of each resource.
type tables map[string][]row

// ReadCSVPackage reads an HSDS 3.0 tabular data package from fsys: a
// datapackage.json naming the CSV files of its resources (files it does not
// name are looked for under their default names). It returns what could be
// used, and a RowError for every row that could not. err is for a package
// that cannot be read at all.
func ReadCSVPackage(fsys fs.FS, opt ImportOptions) (*Directory, []RowError, error) {
	files := map[string]string{}
	raw, err := fs.ReadFile(fsys, "datapackage.json")
	if err != nil {
		return nil, nil, fmt.Errorf("reading datapackage.json: %w", err)
	}
	var pkg struct {
		Resources []struct {
			Name string `json:"name"`
			Path string `json:"path"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		return nil, nil, fmt.Errorf("reading datapackage.json: %w", err)
	}
	for _, r := range pkg.Resources {
		if _, wanted := resourceFiles[r.Name]; wanted && r.Path != "" {
			if !fs.ValidPath(r.Path) {
				return nil, nil, fmt.Errorf("datapackage.json: resource %s: path %q is outside the package", r.Name, r.Path)
			}
			files[r.Name] = r.Path
		}
	}
	for k, v := range resourceFiles {
		if _, ok := files[k]; !ok {
			files[k] = v
		}
	}
	t := tables{}
	for name, file := range files {
		f, err := fsys.Open(file)
		if errors.Is(err, fs.ErrNotExist) {
			continue // HSDS resources are optional but for organization and service
		}
		if err != nil {
			return nil, nil, fmt.Errorf("opening %s: %w", file, err)
		}
		rows, err := ReadCSV(f, path.Base(file))
		f.Close()
		if err != nil {
			return nil, nil, err
		}
		t[name] = rows
	}
	for _, need := range []string{"organization", "service"} {
		if _, ok := t[need]; !ok {
			return nil, nil, fmt.Errorf("the package has no %s resource (%s)", need, files[need])
		}
	}
	d, bad := t.directory(opt)
	return d, bad, nil
}

// ReadCSV reads one CSV resource with a header row. Lines are counted
// from the header (line 1), as people see them in an editor. name is the
// file name rows are reported under.
func ReadCSV(r io.Reader, name string) ([]row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // a short row is reported, not fatal
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for i, h := range header {
		header[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
	}
	var rows []row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			// A broken quote leaves the rest of the file unreadable.
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		fields := make(map[string]string, len(header))
		for i, v := range rec {
			if i < len(header) {
				fields[header[i]] = v
			}
		}
		r := row{file: name, line: line, fields: fields}
		if len(rec) != len(header) {
			r.problem = fmt.Sprintf("%d fields where the header has %d", len(rec), len(header))
		}
		rows = append(rows, r)
	}
}

// directory checks every row and keeps those that are usable. A row whose
// parent was rejected is rejected too, naming the parent.
func (t tables) directory(opt ImportOptions) (*Directory, []RowError) {
	d := &Directory{}
	var bad []RowError
	fail := func(r row, format string, args ...any) {
		bad = append(bad, RowError{File: r.file, Row: r.line, Problem: fmt.Sprintf(format, args...)})
	}
	// common checks every row: the right number of fields, an id, not seen
	// before in the resource.
	common := func(name string, seen map[string]bool, required ...string) []row {
		var ok []row
		for _, r := range t[name] {
			if r.problem != "" {
				fail(r, "%s", r.problem)
				continue
			}
			id := r.get("id")
			if id == "" {
				fail(r, "no id")
				continue
			}
			if seen[id] {
				fail(r, "id %s appears twice", id)
				continue
			}
			missing := ""
			for _, f := range required {
				if r.get(f) == "" {
					missing = f
					break
				}
			}
			if missing != "" {
				fail(r, "no %s", missing)
				continue
			}
			seen[id] = true
			ok = append(ok, r)
		}
		return ok
	}

	orgs := map[string]bool{}
	for _, r := range common("organization", orgs, "name") {
		d.Organizations = append(d.Organizations, Organization{
			ID: OrganizationID(r.get("id")), Name: r.get("name"), Description: r.get("description"), URL: r.get("website"),
		})
	}

	terms := map[string]Term{}
	for _, r := range common("taxonomy_term", map[string]bool{}, "code") {
		term := Term{ID: r.get("id"), Code: r.get("code"), Name: r.get("name"), Taxonomy: r.get("taxonomy")}
		terms[term.ID] = term
		d.Terms = append(d.Terms, term)
	}

	services := map[string]int{}
	for _, r := range common("service", map[string]bool{}, "name") {
		if !orgs[r.get("organization_id")] {
			fail(r, "unknown organization %q", r.get("organization_id"))
			continue
		}
		status := strings.ToLower(r.get("status"))
		if status == "" {
			status = "active"
		}
		if !slices.Contains([]string{"active", "inactive", "defunct", "temporarily closed"}, status) {
			fail(r, "status %q is not active, inactive, defunct or temporarily closed", r.get("status"))
			continue
		}
		services[r.get("id")] = len(d.Services)
		d.Services = append(d.Services, Service{
			ID: ServiceID(r.get("id")), Organization: OrganizationID(r.get("organization_id")), Name: r.get("name"),
			Description: r.get("description"), URL: r.get("url"), Status: status, Fees: r.get("fees_description"),
		})
	}

	addresses := map[string]row{}
	for _, r := range t["address"] {
		if loc := r.get("location_id"); loc != "" {
			if _, ok := addresses[loc]; !ok {
				addresses[loc] = r
			}
		}
	}
	locations := map[string]bool{}
	for _, r := range common("location", map[string]bool{}) {
		if org := r.get("organization_id"); org != "" && !orgs[org] {
			fail(r, "unknown organization %q", org)
			continue
		}
		lat, lon, problem := coordinates(r.get("latitude"), r.get("longitude"))
		if problem != "" {
			fail(r, "%s", problem)
			continue
		}
		loc := Location{ID: LocationID(r.get("id")), Organization: OrganizationID(r.get("organization_id")), Name: r.get("name"), Lat: lat, Lon: lon}
		a, ok := addresses[r.get("id")]
		if !ok {
			fail(r, "no address: its country, and so the time zone of its opening hours, is unknown")
			continue
		}
		loc.Address = strings.TrimSpace(strings.Join(slices.DeleteFunc([]string{a.get("address_1"), a.get("address_2")}, func(s string) bool { return s == "" }), ", "))
		loc.City, loc.PostalCode, loc.Country = a.get("city"), a.get("postal_code"), strings.ToUpper(a.get("country"))
		regionText := a.get("region")
		if regionText == "" {
			regionText = a.get("state_province")
		}
		code, zone, ok := opt.Place(loc.Country, regionText)
		if !ok {
			fail(r, "country %q of its address is not one of the deployment's countries", loc.Country)
			continue
		}
		loc.Region, loc.TimeZone = code, zone
		locations[r.get("id")] = true
		d.Locations = append(d.Locations, loc)
	}

	sals := map[string]ServiceAtLocation{}
	for _, r := range common("service_at_location", map[string]bool{}, "service_id", "location_id") {
		if _, ok := services[r.get("service_id")]; !ok {
			fail(r, "unknown service %q", r.get("service_id"))
			continue
		}
		if !locations[r.get("location_id")] {
			fail(r, "unknown location %q", r.get("location_id"))
			continue
		}
		s := ServiceAtLocation{ID: r.get("id"), Service: ServiceID(r.get("service_id")), Location: LocationID(r.get("location_id"))}
		sals[s.ID] = s
		d.ServiceAtLocations = append(d.ServiceAtLocations, s)
	}

	// refs checks the optional service and location references of a row.
	refs := func(r row) (ServiceID, LocationID, bool) {
		svc, loc := r.get("service_id"), r.get("location_id")
		if svc != "" {
			if _, ok := services[svc]; !ok {
				fail(r, "unknown service %q", svc)
				return "", "", false
			}
		}
		if loc != "" && !locations[loc] {
			fail(r, "unknown location %q", loc)
			return "", "", false
		}
		if sal := r.get("service_at_location_id"); sal != "" {
			s, ok := sals[sal]
			if !ok {
				fail(r, "unknown service_at_location %q", sal)
				return "", "", false
			}
			svc, loc = string(s.Service), string(s.Location)
		}
		if svc == "" && loc == "" {
			fail(r, "neither service_id, location_id nor service_at_location_id")
			return "", "", false
		}
		return ServiceID(svc), LocationID(loc), true
	}

	for _, r := range common("schedule", map[string]bool{}) {
		svc, loc, ok := refs(r)
		if !ok {
			continue
		}
		h, err := ParseHours(r.get("freq"), r.get("byday"), r.get("opens_at"), r.get("closes_at"))
		if err != nil {
			fail(r, "unreadable schedule: %v", err)
			continue
		}
		d.Schedules = append(d.Schedules, Schedule{ID: r.get("id"), Service: svc, Location: loc, Hours: h})
	}

	for _, r := range common("phone", map[string]bool{}, "number") {
		svc, loc, ok := refs(r)
		if !ok {
			continue
		}
		d.Phones = append(d.Phones, Phone{ID: r.get("id"), Service: svc, Location: loc, Number: strings.Trim(r.get("number"), `"`)})
	}

	for _, r := range common("language", map[string]bool{}, "code") {
		if r.get("service_id") == "" && r.get("location_id") == "" {
			continue // a phone's language: the bot does not show those
		}
		svc, loc, ok := refs(r)
		if !ok {
			continue
		}
		d.Languages = append(d.Languages, Language{ID: r.get("id"), Service: svc, Location: loc, Code: strings.ToLower(r.get("code"))})
	}

	for _, r := range common("attribute", map[string]bool{}, "link_id", "taxonomy_term_id") {
		if e := strings.ToLower(r.get("link_entity")); e != "" && e != "service" {
			continue // attributes of other tables mean nothing to the search
		}
		i, ok := services[r.get("link_id")]
		if !ok {
			fail(r, "unknown service %q", r.get("link_id"))
			continue
		}
		term, ok := terms[r.get("taxonomy_term_id")]
		if !ok {
			fail(r, "unknown taxonomy term %q", r.get("taxonomy_term_id"))
			continue
		}
		need, flag, known := opt.Taxonomy.Term(term.Code)
		if !known {
			fail(r, "unknown taxonomy term %q: its code is not in the needs table", term.Code)
			continue
		}
		s := &d.Services[i]
		if need != "" && !slices.Contains(s.Needs, need) {
			s.Needs = append(s.Needs, need)
		}
		if flag != "" && !slices.Contains(s.Flags, flag) {
			s.Flags = append(s.Flags, flag)
		}
		d.ServiceTerms = append(d.ServiceTerms, ServiceTerm{ID: r.get("id"), Service: s.ID, Term: term.ID})
	}
	slices.SortStableFunc(bad, func(a, b RowError) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Row - b.Row
	})
	return d, bad
}

// coordinates reads a location's latitude and longitude.
func coordinates(latText, lonText string) (lat, lon float64, problem string) {
	if latText == "" || lonText == "" {
		return 0, 0, "no coordinates (latitude and longitude)"
	}
	lat, err1 := strconv.ParseFloat(latText, 64)
	lon, err2 := strconv.ParseFloat(lonText, 64)
	if err1 != nil || err2 != nil || math.IsInf(lat, 0) || math.IsInf(lon, 0) {
		return 0, 0, fmt.Sprintf("coordinates %q, %q are not numbers", latText, lonText)
	}
	if !ValidCoordinates(lat, lon) {
		return 0, 0, fmt.Sprintf("coordinates out of range: latitude %s, longitude %s", latText, lonText)
	}
	return lat, lon, ""
}
