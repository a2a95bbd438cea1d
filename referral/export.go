package referral

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// Create opens a file of a data package being written.
type Create func(name string) (io.WriteCloser, error)

// WriteCSVPackage writes d as an HSDS 3.0 tabular data package: a
// datapackage.json and one CSV per resource, which ReadCSVPackage reads
// back. Needs and flags are not written: they come from the taxonomy terms.
func WriteCSVPackage(d *Directory, create Create) error {
	type table struct {
		resource, file string
		header         []string
		rows           [][]string
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	var tables []table
	add := func(resource, file string, header []string, rows [][]string) {
		tables = append(tables, table{resource, file, header, rows})
	}
	var rows [][]string
	for _, o := range d.Organizations {
		rows = append(rows, []string{string(o.ID), o.Name, o.Description, o.URL})
	}
	add("organization", "organizations.csv", []string{"id", "name", "description", "website"}, rows)
	rows = nil
	for _, s := range d.Services {
		rows = append(rows, []string{string(s.ID), string(s.Organization), s.Name, s.Description, s.URL, s.Status, s.Fees})
	}
	add("service", "services.csv", []string{"id", "organization_id", "name", "description", "url", "status", "fees_description"}, rows)
	rows = nil
	var addrs [][]string
	for _, l := range d.Locations {
		rows = append(rows, []string{string(l.ID), string(l.Organization), l.Name, f(l.Lat), f(l.Lon)})
		addrs = append(addrs, []string{"addr-" + string(l.ID), string(l.ID), l.Address, l.City, l.Region, l.PostalCode, l.Country})
	}
	add("location", "locations.csv", []string{"id", "organization_id", "name", "latitude", "longitude"}, rows)
	add("address", "addresses.csv", []string{"id", "location_id", "address_1", "city", "region", "postal_code", "country"}, addrs)
	rows = nil
	for _, x := range d.ServiceAtLocations {
		rows = append(rows, []string{x.ID, string(x.Service), string(x.Location)})
	}
	add("service_at_location", "service_at_location.csv", []string{"id", "service_id", "location_id"}, rows)
	rows = nil
	for _, p := range d.Phones {
		rows = append(rows, []string{p.ID, string(p.Service), string(p.Location), p.Number})
	}
	add("phone", "phones.csv", []string{"id", "service_id", "location_id", "number"}, rows)
	rows = nil
	for _, h := range d.Schedules {
		rows = append(rows, []string{h.ID, string(h.Service), string(h.Location), "WEEKLY", h.Hours.ByDay(), h.Hours.Opens.String(), h.Hours.Closes.String()})
	}
	add("schedule", "schedules.csv", []string{"id", "service_id", "location_id", "freq", "byday", "opens_at", "closes_at"}, rows)
	rows = nil
	for _, t := range d.Terms {
		rows = append(rows, []string{t.ID, t.Code, t.Name, t.Taxonomy})
	}
	add("taxonomy_term", "taxonomy_terms.csv", []string{"id", "code", "name", "taxonomy"}, rows)
	rows = nil
	for _, st := range d.ServiceTerms {
		rows = append(rows, []string{st.ID, string(st.Service), st.Term, "service"})
	}
	add("attribute", "attributes.csv", []string{"id", "link_id", "taxonomy_term_id", "link_entity"}, rows)
	rows = nil
	for _, g := range d.Languages {
		rows = append(rows, []string{g.ID, string(g.Service), string(g.Location), g.Code})
	}
	add("language", "languages.csv", []string{"id", "service_id", "location_id", "code"}, rows)

	type resource struct {
		Name      string `json:"name"`
		Path      string `json:"path"`
		Format    string `json:"format"`
		Mediatype string `json:"mediatype"`
	}
	pkg := struct {
		Name      string     `json:"name"`
		Profile   string     `json:"profile"`
		Version   string     `json:"version"`
		Resources []resource `json:"resources"`
	}{Name: "peerbot-directory", Profile: "tabular-data-package", Version: "3.0.0"}
	for _, t := range tables {
		pkg.Resources = append(pkg.Resources, resource{t.resource, t.file, "csv", "text/csv"})
		if err := writeFile(create, t.file, func(w io.Writer) error {
			cw := csv.NewWriter(w)
			if err := cw.Write(t.header); err != nil {
				return err
			}
			if err := cw.WriteAll(t.rows); err != nil {
				return err
			}
			return cw.Error()
		}); err != nil {
			return err
		}
	}
	return writeFile(create, "datapackage.json", func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(pkg)
	})
}

func writeFile(create Create, name string, write func(io.Writer) error) error {
	w, err := create(name)
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := write(w); err != nil {
		w.Close()
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}
