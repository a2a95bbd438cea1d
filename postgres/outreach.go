package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/outreach"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/privacy"
	"github.com/peerbot/peerbot/stats"
)

// OutreachStore keeps the outreach log: organisations' hotspots and the
// shifts their peers log. A shift is linked to its peer only by a keyed
// hash of their person id (see outreachPeerHash), which /forget clears.
type OutreachStore struct {
	db     *DB
	sealer *privacy.Sealer
	now    func() time.Time // tests move the clock
}

// NewOutreachStore returns the outreach store on db; sealer keys the hash
// that links a shift to its peer.
func NewOutreachStore(db *DB, sealer *privacy.Sealer) *OutreachStore {
	return &OutreachStore{db: db, sealer: sealer, now: time.Now}
}

// outreachPeerHash is how a shift names its peer: never the person id
// itself, so the log cannot be joined to people without the secret.
func outreachPeerHash(sealer *privacy.Sealer, id people.PersonID) []byte {
	return sealer.Keyed("outreach-peer", strconv.FormatInt(int64(id), 10))
}

// AddHotspot adds a named place to an organisation. A label the
// organisation has already (in any case) is outreach.ErrHotspotTaken; an
// unknown organisation orgs.ErrNotFound.
func (s *OutreachStore) AddHotspot(ctx context.Context, h outreach.Hotspot) (outreach.Hotspot, error) {
	if err := h.Validate(); err != nil {
		return outreach.Hotspot{}, fmt.Errorf("adding hotspot: %w", err)
	}
	err := s.db.pool.QueryRow(ctx, `
		INSERT INTO outreach_hotspots (org_id, label, region) VALUES ($1, $2, $3) RETURNING id`,
		h.Org, h.Label, h.Region).Scan(&h.ID)
	switch {
	case isUniqueViolation(err, "outreach_hotspots_label_idx"):
		return outreach.Hotspot{}, fmt.Errorf("adding hotspot %q: %w", h.Label, outreach.ErrHotspotTaken)
	case isForeignKeyViolation(err):
		return outreach.Hotspot{}, fmt.Errorf("adding hotspot: %w", orgs.ErrNotFound)
	case err != nil:
		return outreach.Hotspot{}, fmt.Errorf("adding hotspot: %w", err)
	}
	return h, nil
}

// Hotspots lists an organisation's hotspots by label.
func (s *OutreachStore) Hotspots(ctx context.Context, org orgs.OrgID) ([]outreach.Hotspot, error) {
	rows, err := s.db.pool.Query(ctx, `
		SELECT id, org_id, label, region FROM outreach_hotspots WHERE org_id = $1 ORDER BY lower(label)`, org)
	if err != nil {
		return nil, fmt.Errorf("listing hotspots: %w", err)
	}
	hs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (outreach.Hotspot, error) {
		var h outreach.Hotspot
		err := row.Scan(&h.ID, &h.Org, &h.Label, &h.Region)
		return h, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing hotspots: %w", err)
	}
	return hs, nil
}

// SaveEntry validates and stores a shift, and returns its id. A hotspot
// that is not the organisation's is outreach.ErrNotFound.
func (s *OutreachStore) SaveEntry(ctx context.Context, e *outreach.Entry) (outreach.EntryID, error) {
	if err := e.Validate(s.now()); err != nil {
		return 0, fmt.Errorf("saving shift: %w", err)
	}
	materials, err := json.Marshal(nonZero(e.Materials))
	if err != nil {
		return 0, fmt.Errorf("saving shift: %w", err)
	}
	referrals, err := json.Marshal(nonZero(e.Referrals))
	if err != nil {
		return 0, fmt.Errorf("saving shift: %w", err)
	}
	var hotspot *int64
	if e.Hotspot != 0 {
		id := int64(e.Hotspot)
		hotspot = &id
	}
	var id outreach.EntryID
	// The hotspot must be the organisation's: checked in the same
	// statement, so no other organisation's place can be named.
	err = s.db.pool.QueryRow(ctx, `
		INSERT INTO outreach_entries (org_id, peer_hash, shift_date, hotspot_id, region, contacts,
			materials, referrals, overdoses, naloxone_given, note)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
		WHERE $4::bigint IS NULL OR EXISTS (SELECT 1 FROM outreach_hotspots WHERE id = $4 AND org_id = $1)
		RETURNING id`,
		e.Org, outreachPeerHash(s.sealer, e.Peer), e.Date, hotspot, e.Region, e.Contacts,
		materials, referrals, e.Overdoses, e.Naloxone, e.Note).Scan(&id)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return 0, fmt.Errorf("saving shift: hotspot %d: %w", e.Hotspot, outreach.ErrNotFound)
	case isForeignKeyViolation(err):
		return 0, fmt.Errorf("saving shift: %w", orgs.ErrNotFound)
	case err != nil:
		return 0, fmt.Errorf("saving shift: %w", err)
	}
	e.ID = id
	return id, nil
}

// nonZero keeps the counts that are not zero: the rest need no storing.
func nonZero[K ~string](m map[K]int) map[K]int {
	out := make(map[K]int, len(m))
	for k, n := range m {
		if n != 0 {
			out[k] = n
		}
	}
	return out
}

// tallySums are the sums tallyQuery selects after the group: shifts,
// contacts, overdoses, naloxone, then each material and each need. The
// keys are the outreach package's constants, known at build time: one
// pass over the rows, no per-key join.
var tallySums = func() string {
	sums := `count(*), sum(contacts), sum(overdoses), sum(naloxone_given)`
	for _, m := range outreach.Materials {
		sums += `, coalesce(sum((materials->>'` + string(m) + `')::int), 0)`
	}
	for _, n := range outreach.Needs {
		sums += `, coalesce(sum((referrals->>'` + string(n) + `')::int), 0)`
	}
	return sums
}()

// tallyQuery sums the entries matching where, grouped by the date
// expression period and by place.
func tallyQuery(period, where string) string {
	return `SELECT ` + period + ` AS period, hotspot_id, region, ` + tallySums + `
		FROM outreach_entries WHERE ` + where + ` GROUP BY 1, 2, 3`
}

// tallyKey is one group of tallyQuery.
type tallyKey struct {
	period  time.Time
	hotspot int64
	region  string
}

// collectTallies reads tallyQuery's rows into a tally per group, in the
// order of the rows.
func (s *OutreachStore) collectTallies(ctx context.Context, sql string, args ...any) ([]tallyKey, map[tallyKey]*outreach.Tally, error) {
	rows, err := s.db.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var keys []tallyKey
	tallies := map[tallyKey]*outreach.Tally{}
	sums := make([]int64, 4+len(outreach.Materials)+len(outreach.Needs))
	for rows.Next() {
		var (
			k       tallyKey
			hotspot *int64
		)
		dest := []any{&k.period, &hotspot, &k.region}
		for i := range sums {
			dest = append(dest, &sums[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, nil, err
		}
		if hotspot != nil {
			k.hotspot = *hotspot
		}
		t := outreach.NewTally()
		t.Shifts, t.Contacts, t.Overdoses, t.Naloxone = stats.Count(sums[0]), stats.Count(sums[1]), stats.Count(sums[2]), stats.Count(sums[3])
		for i, m := range outreach.Materials {
			t.Materials[m] = stats.Count(sums[4+i])
		}
		for i, n := range outreach.Needs {
			t.Referrals[n] = stats.Count(sums[4+len(outreach.Materials)+i])
		}
		tallies[k] = &t
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	return keys, tallies, nil
}

// Monthly sums an organisation's shifts from the first day of from to the
// last day of to, by month and place.
func (s *OutreachStore) Monthly(ctx context.Context, org orgs.OrgID, from, to outreach.Month) (outreach.Report, error) {
	hotspots, err := s.Hotspots(ctx, org)
	if err != nil {
		return outreach.Report{}, fmt.Errorf("monthly outreach: %w", err)
	}
	labels := make(map[int64]string, len(hotspots))
	for _, h := range hotspots {
		labels[int64(h.ID)] = h.Label
	}
	keys, tallies, err := s.collectTallies(ctx,
		tallyQuery(`date_trunc('month', shift_date)::date`, `org_id = $1 AND shift_date >= $2 AND shift_date < $3`),
		org, from.Start(), to.Next().Start())
	if err != nil {
		return outreach.Report{}, fmt.Errorf("monthly outreach: %w", err)
	}
	rows := make([]outreach.Row, 0, len(keys))
	for _, k := range keys {
		place := outreach.Place{Hotspot: outreach.HotspotID(k.hotspot), Label: labels[k.hotspot], Region: k.region}
		rows = append(rows, outreach.Row{Month: outreach.MonthOf(k.period), Place: place, Tally: *tallies[k]})
	}
	return outreach.BuildReport(org, from, to, rows), nil
}

// PeerTotals sums the shifts a person logged, in every organisation: this
// month (by the store's clock, UTC) and all time.
func (s *OutreachStore) PeerTotals(ctx context.Context, person people.PersonID) (outreach.PeerTotals, error) {
	month := outreach.MonthOf(s.now().UTC()).Start()
	keys, tallies, err := s.collectTallies(ctx,
		tallyQuery(`CASE WHEN shift_date >= $2 THEN $2::date ELSE DATE '2000-01-01' END`, `peer_hash = $1`),
		outreachPeerHash(s.sealer, person), month)
	if err != nil {
		return outreach.PeerTotals{}, fmt.Errorf("peer outreach totals: %w", err)
	}
	pt := outreach.PeerTotals{ThisMonth: outreach.NewTally(), AllTime: outreach.NewTally()}
	for _, k := range keys {
		pt.AllTime.Add(*tallies[k])
		if k.period.Equal(month) {
			pt.ThisMonth.Add(*tallies[k])
		}
	}
	return pt, nil
}
