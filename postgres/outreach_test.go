package postgres

import (
	"errors"
	"testing"
	"time"

	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/outreach"
	"github.com/peerbot/peerbot/privacy"
)

// newOutreachStore returns the outreach, org and people stores on one
// fresh database, with the outreach clock at now.
func newOutreachStore(t testing.TB, now time.Time) (*OutreachStore, *OrgStore, *PeopleStore) {
	t.Helper()
	db, ps := newStore(t)
	sealer, err := privacy.NewSealer(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	s := NewOutreachStore(db, sealer)
	s.now = func() time.Time { return now }
	return s, NewOrgStore(db, sealer), ps
}

func TestOutreachEntryIntoMonthlyReport(t *testing.T) {
	ctx := testContext(t)
	now := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	s, os, ps := newOutreachStore(t, now)
	org, err := os.CreateOrg(ctx, orgs.Org{Name: "Rua Segura", Regions: []string{"PT-11"}})
	if err != nil {
		t.Fatal(err)
	}
	other, err := os.CreateOrg(ctx, orgs.Org{Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	cais, err := s.AddHotspot(ctx, outreach.Hotspot{Org: org.ID, Label: "Cais do Sodré", Region: "PT-11"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddHotspot(ctx, outreach.Hotspot{Org: org.ID, Label: "cais do sodré"}); !errors.Is(err, outreach.ErrHotspotTaken) {
		t.Errorf("a label twice: %v, want ErrHotspotTaken", err)
	}
	if _, err := s.AddHotspot(ctx, outreach.Hotspot{Org: 9999, Label: "Nowhere"}); !errors.Is(err, orgs.ErrNotFound) {
		t.Errorf("an unknown organisation's hotspot: %v, want orgs.ErrNotFound", err)
	}
	elsewhere, err := s.AddHotspot(ctx, outreach.Hotspot{Org: other.ID, Label: "Elsewhere"})
	if err != nil {
		t.Fatal(err)
	}
	peer, err := ps.CreatePerson(ctx, 7001, "pt")
	if err != nil {
		t.Fatal(err)
	}
	day := outreach.Day(now)
	entries := []outreach.Entry{
		{Org: org.ID, Peer: peer.ID, Date: day, Hotspot: cais.ID, Contacts: 14,
			Materials: map[outreach.Material]int{outreach.Syringes: 40, outreach.Foil: 10, outreach.Condoms: 0},
			Referrals: map[outreach.Need]int{outreach.NeedOST: 2, outreach.NeedShelter: 1}, Overdoses: 1, Naloxone: 1,
			Note: "Muita procura de pratas."},
		{Org: org.ID, Peer: peer.ID, Date: day.AddDate(0, 0, -1), Hotspot: cais.ID, Contacts: 6,
			Materials: map[outreach.Material]int{outreach.Syringes: 20}},
		{Org: org.ID, Peer: peer.ID, Date: day.AddDate(0, 0, -12), Region: "PT-11", Contacts: 3}, // February
	}
	for i := range entries {
		if _, err := s.SaveEntry(ctx, &entries[i]); err != nil {
			t.Fatalf("SaveEntry %d: %v", i, err)
		}
	}
	bad := outreach.Entry{Org: org.ID, Peer: peer.ID, Date: day, Hotspot: elsewhere.ID, Contacts: 1}
	if _, err := s.SaveEntry(ctx, &bad); !errors.Is(err, outreach.ErrNotFound) {
		t.Errorf("another organisation's hotspot: %v, want ErrNotFound", err)
	}
	phone := outreach.Entry{Org: org.ID, Peer: peer.ID, Date: day, Region: "PT-11", Note: "ligar 912 345 678"}
	if _, err := s.SaveEntry(ctx, &phone); !errors.Is(err, outreach.ErrNotePhone) {
		t.Errorf("a note with a phone number: %v, want ErrNotePhone", err)
	}

	r, err := s.Monthly(ctx, org.ID, outreach.Month{Year: 2026, Month: 2}, outreach.Month{Year: 2026, Month: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Months) != 2 {
		t.Fatalf("%d months, want 2", len(r.Months))
	}
	feb, mar := r.Months[0], r.Months[1]
	if feb.Total.Shifts != 1 || feb.Total.Contacts != 3 || len(feb.Places) != 1 || feb.Places[0].Region != "PT-11" {
		t.Errorf("February = %+v", feb)
	}
	want := outreach.NewTally()
	want.Shifts, want.Contacts, want.Overdoses, want.Naloxone = 2, 20, 1, 1
	want.Materials[outreach.Syringes], want.Materials[outreach.Foil] = 60, 10
	want.Referrals[outreach.NeedOST], want.Referrals[outreach.NeedShelter] = 2, 1
	if !equalTally(mar.Total, want) {
		t.Errorf("March total = %+v, want %+v", mar.Total, want)
	}
	if len(mar.Places) != 1 || mar.Places[0].Label != "Cais do Sodré" || !equalTally(mar.Places[0].Tally, want) {
		t.Errorf("March places = %+v", mar.Places)
	}
	// Another organisation sees nothing of it.
	if r, err := s.Monthly(ctx, other.ID, outreach.Month{Year: 2026, Month: 3}, outreach.Month{Year: 2026, Month: 3}); err != nil || r.Months[0].Total.Shifts != 0 {
		t.Errorf("other organisation's report = %+v, %v", r, err)
	}

	// The peer sees their own totals.
	pt, err := s.PeerTotals(ctx, peer.ID)
	if err != nil {
		t.Fatal(err)
	}
	if pt.ThisMonth.Shifts != 2 || pt.AllTime.Shifts != 3 || pt.AllTime.Contacts != 23 || pt.ThisMonth.Materials[outreach.Syringes] != 60 {
		t.Errorf("peer totals = %+v", pt)
	}

	// /forget unlinks the shifts and deletes the note; the numbers stay.
	f, err := ps.ForgetPerson(ctx, peer.ID)
	if err != nil {
		t.Fatal(err)
	}
	if f.OutreachShifts != 3 {
		t.Errorf("Forgotten.OutreachShifts = %d, want 3", f.OutreachShifts)
	}
	var linked, notes int
	if err := s.db.pool.QueryRow(ctx, `SELECT count(peer_hash), count(*) FILTER (WHERE note <> '') FROM outreach_entries`).Scan(&linked, &notes); err != nil {
		t.Fatal(err)
	}
	if linked != 0 || notes != 0 {
		t.Errorf("after /forget: %d entries linked, %d notes", linked, notes)
	}
	if pt, err := s.PeerTotals(ctx, peer.ID); err != nil || pt.AllTime.Shifts != 0 {
		t.Errorf("peer totals after /forget = %+v, %v", pt, err)
	}
	after, err := s.Monthly(ctx, org.ID, outreach.Month{Year: 2026, Month: 3}, outreach.Month{Year: 2026, Month: 3})
	if err != nil || !equalTally(after.Months[0].Total, want) {
		t.Errorf("March after /forget = %+v, %v; the organisation's numbers must stay", after, err)
	}
}

func equalTally(a, b outreach.Tally) bool {
	if a.Shifts != b.Shifts || a.Contacts != b.Contacts || a.Overdoses != b.Overdoses || a.Naloxone != b.Naloxone {
		return false
	}
	for _, m := range outreach.Materials {
		if a.Materials[m] != b.Materials[m] {
			return false
		}
	}
	for _, n := range outreach.Needs {
		if a.Referrals[n] != b.Referrals[n] {
			return false
		}
	}
	return true
}

// BenchmarkOutreachMonthly sums a year of 100,000 shifts of one
// organisation (20 hotspots), as /outreach and the API do.
func BenchmarkOutreachMonthly(b *testing.B) {
	ctx := testContext(b)
	now := time.Date(2026, 12, 15, 12, 0, 0, 0, time.UTC)
	s, os, _ := newOutreachStore(b, now)
	org, err := os.CreateOrg(ctx, orgs.Org{Name: "Bench"})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 20 {
		if _, err := s.AddHotspot(ctx, outreach.Hotspot{Org: org.ID, Label: "Spot " + string(rune('A'+i))}); err != nil {
			b.Fatal(err)
		}
	}
	_, err = s.db.pool.Exec(ctx, `
		INSERT INTO outreach_entries (org_id, peer_hash, shift_date, hotspot_id, region, contacts, materials, referrals, overdoses, naloxone_given)
		SELECT $1, sha256(int4send(i % 300)), DATE '2026-01-01' + (i % 365),
			CASE WHEN i % 5 = 0 THEN NULL ELSE (SELECT min(id) FROM outreach_hotspots) + i % 20 END,
			CASE WHEN i % 5 = 0 THEN 'PT-11' ELSE '' END,
			i % 40, jsonb_build_object('syringes', i % 50, 'foil', i % 7, 'condoms', i % 11),
			jsonb_build_object('ost', i % 3, 'shelter', i % 2), i % 2, i % 2
		FROM generate_series(1, 100000) AS i`, org.ID)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.db.pool.Exec(ctx, `ANALYZE outreach_entries`); err != nil {
		b.Fatal(err)
	}
	from, to := outreach.Month{Year: 2026, Month: 1}, outreach.Month{Year: 2026, Month: 12}
	b.ResetTimer()
	for b.Loop() {
		r, err := s.Monthly(ctx, org.ID, from, to)
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Months) != 12 || r.Months[0].Total.Shifts == 0 {
			b.Fatalf("report = %+v", r.Months[0].Total)
		}
	}
}
