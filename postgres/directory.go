package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/referral"
)

// DirectoryStore keeps the service directory (HSDS 3.0 tables) and finds
// the nearest services. Nothing in it is about people.
type DirectoryStore struct{ db *DB }

// NewDirectoryStore returns a directory store on db.
func NewDirectoryStore(db *DB) *DirectoryStore { return &DirectoryStore{db: db} }

// ImportDirectory upserts every row of d by id, in one transaction: all of
// it is written, or nothing.
func (s *DirectoryStore) ImportDirectory(ctx context.Context, d *referral.Directory) error {
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, o := range d.Organizations {
			b.Queue(`INSERT INTO dir_organizations (id, title, description, url) VALUES ($1, $2, $3, $4)
				ON CONFLICT (id) DO UPDATE SET title = $2, description = $3, url = $4, updated_at = now()`,
				o.ID, o.Name, o.Description, o.URL)
		}
		for _, t := range d.Terms {
			b.Queue(`INSERT INTO dir_taxonomy_terms (id, code, title, taxonomy) VALUES ($1, $2, $3, $4)
				ON CONFLICT (id) DO UPDATE SET code = $2, title = $3, taxonomy = $4, updated_at = now()`,
				t.ID, t.Code, t.Name, t.Taxonomy)
		}
		for _, v := range d.Services {
			b.Queue(`INSERT INTO dir_services (id, organization_id, title, description, url, status, fees, needs, flags)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
				ON CONFLICT (id) DO UPDATE SET organization_id = $2, title = $3, description = $4, url = $5,
					status = $6, fees = $7, needs = $8, flags = $9, updated_at = now()`,
				v.ID, v.Organization, v.Name, v.Description, v.URL, v.Status, v.Fees, needStrings(v.Needs), flagStrings(v.Flags))
			// The imported terms say it all: links not in this import go.
			b.Queue(`DELETE FROM dir_service_terms WHERE service_id = $1`, v.ID)
		}
		for _, l := range d.Locations {
			b.Queue(`INSERT INTO dir_locations (id, organization_id, title, latitude, longitude, address, city, postal_code, country, region, time_zone)
				VALUES ($1, NULLIF($2, ''), $3, $4, $5, $6, $7, $8, $9, $10, $11)
				ON CONFLICT (id) DO UPDATE SET organization_id = NULLIF($2, ''), title = $3, latitude = $4, longitude = $5,
					address = $6, city = $7, postal_code = $8, country = $9, region = $10, time_zone = $11, updated_at = now()`,
				l.ID, l.Organization, l.Name, l.Lat, l.Lon, l.Address, l.City, l.PostalCode, l.Country, l.Region, l.TimeZone)
		}
		for _, x := range d.ServiceAtLocations {
			b.Queue(`INSERT INTO dir_service_at_location (id, service_id, location_id) VALUES ($1, $2, $3)
				ON CONFLICT (id) DO UPDATE SET service_id = $2, location_id = $3, updated_at = now()`,
				x.ID, x.Service, x.Location)
		}
		for _, p := range d.Phones {
			b.Queue(`INSERT INTO dir_contact_numbers (id, service_id, location_id, dial) VALUES ($1, NULLIF($2, ''), NULLIF($3, ''), $4)
				ON CONFLICT (id) DO UPDATE SET service_id = NULLIF($2, ''), location_id = NULLIF($3, ''), dial = $4, updated_at = now()`,
				p.ID, p.Service, p.Location, p.Number)
		}
		for _, h := range d.Schedules {
			b.Queue(`INSERT INTO dir_schedules (id, service_id, location_id, byday, opens_at, closes_at)
				VALUES ($1, NULLIF($2, ''), NULLIF($3, ''), $4, $5, $6)
				ON CONFLICT (id) DO UPDATE SET service_id = NULLIF($2, ''), location_id = NULLIF($3, ''),
					byday = $4, opens_at = $5, closes_at = $6, updated_at = now()`,
				h.ID, h.Service, h.Location, h.Hours.ByDay(), h.Hours.Opens.String(), h.Hours.Closes.String())
		}
		for _, st := range d.ServiceTerms {
			b.Queue(`INSERT INTO dir_service_terms (id, service_id, term_id) VALUES ($1, $2, $3)
				ON CONFLICT (id) DO UPDATE SET service_id = $2, term_id = $3`, st.ID, st.Service, st.Term)
		}
		for _, g := range d.Languages {
			b.Queue(`INSERT INTO dir_languages (id, service_id, location_id, code) VALUES ($1, NULLIF($2, ''), NULLIF($3, ''), $4)
				ON CONFLICT (id) DO UPDATE SET service_id = NULLIF($2, ''), location_id = NULLIF($3, ''), code = $4`,
				g.ID, g.Service, g.Location, g.Code)
		}
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return fmt.Errorf("importing directory: %w", err)
	}
	return nil
}

func needStrings(n []referral.Need) []string {
	out := make([]string, len(n))
	for i, v := range n {
		out[i] = string(v)
	}
	return out
}

func flagStrings(f []referral.Flag) []string {
	out := make([]string, len(f))
	for i, v := range f {
		out[i] = string(v)
	}
	return out
}

// ExportDirectory reads the whole directory back.
func (s *DirectoryStore) ExportDirectory(ctx context.Context) (*referral.Directory, error) {
	d := &referral.Directory{}
	q := func(sql string, scan func(pgx.Rows) error) error {
		rows, err := s.db.pool.Query(ctx, sql)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	steps := []struct {
		sql  string
		scan func(pgx.Rows) error
	}{
		{`SELECT id, title, description, url FROM dir_organizations ORDER BY id`, func(r pgx.Rows) error {
			var o referral.Organization
			err := r.Scan(&o.ID, &o.Name, &o.Description, &o.URL)
			d.Organizations = append(d.Organizations, o)
			return err
		}},
		{`SELECT id, code, title, taxonomy FROM dir_taxonomy_terms ORDER BY id`, func(r pgx.Rows) error {
			var t referral.Term
			err := r.Scan(&t.ID, &t.Code, &t.Name, &t.Taxonomy)
			d.Terms = append(d.Terms, t)
			return err
		}},
		{`SELECT id, organization_id, title, description, url, status, fees, needs, flags FROM dir_services ORDER BY id`, func(r pgx.Rows) error {
			var v referral.Service
			var needs, flags []string
			err := r.Scan(&v.ID, &v.Organization, &v.Name, &v.Description, &v.URL, &v.Status, &v.Fees, &needs, &flags)
			for _, n := range needs {
				v.Needs = append(v.Needs, referral.Need(n))
			}
			for _, f := range flags {
				v.Flags = append(v.Flags, referral.Flag(f))
			}
			d.Services = append(d.Services, v)
			return err
		}},
		{`SELECT id, coalesce(organization_id, ''), title, latitude, longitude, address, city, postal_code, country, region, time_zone FROM dir_locations ORDER BY id`, func(r pgx.Rows) error {
			var l referral.Location
			err := r.Scan(&l.ID, &l.Organization, &l.Name, &l.Lat, &l.Lon, &l.Address, &l.City, &l.PostalCode, &l.Country, &l.Region, &l.TimeZone)
			d.Locations = append(d.Locations, l)
			return err
		}},
		{`SELECT id, service_id, location_id FROM dir_service_at_location ORDER BY id`, func(r pgx.Rows) error {
			var x referral.ServiceAtLocation
			err := r.Scan(&x.ID, &x.Service, &x.Location)
			d.ServiceAtLocations = append(d.ServiceAtLocations, x)
			return err
		}},
		{`SELECT id, coalesce(service_id, ''), coalesce(location_id, ''), dial FROM dir_contact_numbers ORDER BY id`, func(r pgx.Rows) error {
			var p referral.Phone
			err := r.Scan(&p.ID, &p.Service, &p.Location, &p.Number)
			d.Phones = append(d.Phones, p)
			return err
		}},
		{`SELECT id, coalesce(service_id, ''), coalesce(location_id, ''), byday, opens_at, closes_at FROM dir_schedules ORDER BY id`, func(r pgx.Rows) error {
			var h referral.Schedule
			var byday, opens, closes string
			if err := r.Scan(&h.ID, &h.Service, &h.Location, &byday, &opens, &closes); err != nil {
				return err
			}
			hours, err := referral.ParseHours("WEEKLY", byday, opens, closes)
			if err != nil {
				return fmt.Errorf("schedule %s: %w", h.ID, err)
			}
			h.Hours = hours
			d.Schedules = append(d.Schedules, h)
			return nil
		}},
		{`SELECT id, service_id, term_id FROM dir_service_terms ORDER BY id`, func(r pgx.Rows) error {
			var st referral.ServiceTerm
			err := r.Scan(&st.ID, &st.Service, &st.Term)
			d.ServiceTerms = append(d.ServiceTerms, st)
			return err
		}},
		{`SELECT id, coalesce(service_id, ''), coalesce(location_id, ''), code FROM dir_languages ORDER BY id`, func(r pgx.Rows) error {
			var g referral.Language
			err := r.Scan(&g.ID, &g.Service, &g.Location, &g.Code)
			d.Languages = append(d.Languages, g)
			return err
		}},
	}
	for _, st := range steps {
		if err := q(st.sql, st.scan); err != nil {
			return nil, fmt.Errorf("exporting directory: %w", err)
		}
	}
	return d, nil
}

// candidateColumns read a service at a location (sal, s, l) with its
// phones, languages and opening hours. Hours of the service (at this
// location or at all of them) come tagged S, the location's own hours L:
// the location's are used only when the service has none.
const candidateColumns = `
SELECT sal.key, s.id, s.organization_id, s.title, s.description, s.url, s.status, s.fees, s.needs, s.flags,
	l.id, coalesce(l.organization_id, ''), l.title, l.latitude, l.longitude, l.address, l.city, l.postal_code,
	l.country, l.region, l.time_zone,
	ARRAY(SELECT p.dial FROM dir_contact_numbers p
		WHERE (p.service_id = s.id AND (p.location_id IS NULL OR p.location_id = l.id))
		   OR (p.service_id IS NULL AND p.location_id = l.id) ORDER BY p.id),
	ARRAY(SELECT DISTINCT g.code FROM dir_languages g
		WHERE g.service_id = s.id OR (g.service_id IS NULL AND g.location_id = l.id) ORDER BY g.code),
	ARRAY(SELECT CASE WHEN h.service_id IS NULL THEN 'L' ELSE 'S' END || ' ' || h.byday || ' ' || h.opens_at || ' ' || h.closes_at
		FROM dir_schedules h
		WHERE (h.service_id = s.id AND (h.location_id IS NULL OR h.location_id = l.id))
		   OR (h.service_id IS NULL AND h.location_id = l.id))`

// candidateSelect reads the candidates whose keys the inner query picks
// (selecting "key" and "rank", ordered and limited): the phones, languages
// and hours are looked up only for those.
func candidateSelect(inner string) string {
	return candidateColumns + `
FROM (` + inner + `) pick
JOIN dir_service_at_location sal ON sal.key = pick.key
JOIN dir_locations l ON l.id = sal.location_id
JOIN dir_services s ON s.id = sal.service_id
ORDER BY pick.rank`
}

// candidateFrom is the join the inner queries pick from.
const candidateFrom = `
FROM dir_service_at_location sal
JOIN dir_locations l ON l.id = sal.location_id
JOIN dir_services s ON s.id = sal.service_id`

func scanCandidate(row pgx.Row) (referral.Candidate, error) {
	var c referral.Candidate
	var needs, flags, hours []string
	err := row.Scan(&c.Key, &c.Service.ID, &c.Service.Organization, &c.Service.Name, &c.Service.Description, &c.Service.URL,
		&c.Service.Status, &c.Service.Fees, &needs, &flags,
		&c.Location.ID, &c.Location.Organization, &c.Location.Name, &c.Location.Lat, &c.Location.Lon, &c.Location.Address,
		&c.Location.City, &c.Location.PostalCode, &c.Location.Country, &c.Location.Region, &c.Location.TimeZone,
		&c.Phones, &c.Languages, &hours)
	if err != nil {
		return c, err
	}
	for _, n := range needs {
		c.Service.Needs = append(c.Service.Needs, referral.Need(n))
	}
	for _, f := range flags {
		c.Service.Flags = append(c.Service.Flags, referral.Flag(f))
	}
	var service, location referral.Week
	for _, h := range hours {
		f := strings.Fields(h)
		if len(f) != 4 {
			continue
		}
		w, err := referral.ParseHours("WEEKLY", f[1], f[2], f[3])
		if err != nil {
			continue // stored by the importer, which checked it
		}
		if f[0] == "S" {
			service = append(service, w)
		} else {
			location = append(location, w)
		}
	}
	c.Week = service
	if len(c.Week) == 0 {
		c.Week = location
	}
	return c, nil
}

// candidateLimit is how many candidates a search ranks: the nearest by a
// cheap planar distance, re-ranked by opening hours and haversine.
const candidateLimit = 60

// NearbyServices finds the active services offering q's need around q's
// point (widening the box until there are enough) or in q's region.
func (s *DirectoryStore) NearbyServices(ctx context.Context, q referral.Query) ([]referral.Candidate, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	if !q.HasPoint {
		return s.candidates(ctx, candidateSelect(`
			SELECT sal.key, row_number() OVER (ORDER BY s.title, sal.key) AS rank`+candidateFrom+`
			WHERE s.status = 'active' AND s.needs @> ARRAY[$1]::text[]
			  AND (l.region = $2 OR l.country = $2 OR ($2 NOT LIKE '%-%' AND l.region LIKE $2 || '-%'))
			ORDER BY rank LIMIT $3`), string(q.Need), q.Region, candidateLimit)
	}
	var out []referral.Candidate
	for _, r := range referral.SearchRadiiKm {
		minLat, maxLat, minLon, maxLon := referral.Box(q.Lat, q.Lon, r)
		var err error
		out, err = s.candidates(ctx, candidateSelect(`
			SELECT sal.key, (l.latitude - $6) ^ 2 + ((l.longitude - $7) * $8) ^ 2 AS rank`+candidateFrom+`
			WHERE l.latitude BETWEEN $2 AND $3 AND l.longitude BETWEEN $4 AND $5
			  AND s.status = 'active' AND s.needs @> ARRAY[$1]::text[]
			ORDER BY rank, sal.key
			LIMIT $9`), string(q.Need), minLat, maxLat, minLon, maxLon, q.Lat, q.Lon, cosDeg(q.Lat), candidateLimit)
		if err != nil || len(out) >= q.Limit {
			return out, err
		}
	}
	return out, nil
}

// ServiceAt returns one service at a location by its key, or ok false.
func (s *DirectoryStore) ServiceAt(ctx context.Context, key int64) (referral.Candidate, bool, error) {
	cs, err := s.candidates(ctx, candidateColumns+candidateFrom+` WHERE sal.key = $1`, key)
	if err != nil || len(cs) == 0 {
		return referral.Candidate{}, false, err
	}
	return cs[0], true, nil
}

func (s *DirectoryStore) candidates(ctx context.Context, sql string, args ...any) ([]referral.Candidate, error) {
	rows, err := s.db.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("searching services: %w", err)
	}
	defer rows.Close()
	var out []referral.Candidate
	for rows.Next() {
		c, err := scanCandidate(rows)
		if err != nil {
			return nil, fmt.Errorf("reading a service: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("searching services: %w", err)
	}
	return slices.Clip(out), nil
}
