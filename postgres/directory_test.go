package postgres

import (
	"math"
	"testing"
	"time"

	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/referral"
)

// demoDirectory reads the built-in fictional directory.
func demoDirectory(t testing.TB) *referral.Directory {
	t.Helper()
	tax, err := referral.ParseTaxonomy(content.ReferralTaxonomy)
	if err != nil {
		t.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	d, bad, err := referral.ReadCSVPackage(content.DemoDirectory(), referral.ImportOptions{Taxonomy: tax, Place: regions.Place})
	if err != nil || len(bad) > 0 {
		t.Fatalf("reading the demo directory: %v %v", err, bad)
	}
	return d
}

func TestDirectoryImportSearchExport(t *testing.T) {
	db, _ := newStore(t)
	ctx := testContext(t)
	s := NewDirectoryStore(db)
	d := demoDirectory(t)
	if err := s.ImportDirectory(ctx, d); err != nil {
		t.Fatal(err)
	}
	// Upserting by id: a second import changes nothing.
	if err := s.ImportDirectory(ctx, d); err != nil {
		t.Fatal(err)
	}
	back, err := s.ExportDirectory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if back.Counts() != d.Counts() {
		t.Errorf("export has %s\nimport had %s", back.Counts(), d.Counts())
	}

	// Near Largo do Intendente, Lisbon, for naloxone.
	q := referral.Query{Need: referral.NeedNaloxone, Lat: 38.7230, Lon: -9.1360, HasPoint: true, Limit: 2}
	cands, err := s.NearbyServices(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	// A Wednesday noon in Lisbon.
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	res := referral.Rank(q, cands, now)
	if len(res) != 2 {
		t.Fatalf("got %d results, want 2", len(res))
	}
	if res[0].Service.ID != "demo-svc-lx-van" || res[1].Service.ID != "demo-svc-lx-drop" {
		t.Errorf("results = %s, %s; want the van, then the drop-in", res[0].Service.ID, res[1].Service.ID)
	}
	if !res[0].Open || res[0].DistanceKm > 0.5 || math.IsNaN(res[0].DistanceKm) {
		t.Errorf("first result open %v at %.2f km", res[0].Open, res[0].DistanceKm)
	}
	if len(res[0].Phones) != 1 || len(res[0].Languages) != 2 || len(res[0].Week) != 1 {
		t.Errorf("first result phones %v languages %v week %v", res[0].Phones, res[0].Languages, res[0].Week)
	}

	// Nothing for that need nearby: the search widens, and finds Porto.
	cands, err = s.NearbyServices(ctx, referral.Query{Need: referral.NeedNaloxone, Lat: 41.15, Lon: -8.61, HasPoint: true, Limit: 1})
	if err != nil || len(cands) == 0 || cands[0].Service.ID != "demo-svc-op-van" {
		t.Errorf("Porto search = %v, %v", cands, err)
	}

	// By region, and by country.
	for _, region := range []string{"PT-11", "PT"} {
		cands, err = s.NearbyServices(ctx, referral.Query{Need: referral.NeedOST, Region: region})
		if err != nil || len(cands) != 1 || cands[0].Service.ID != "demo-svc-lx-clinic" {
			t.Errorf("OST in %s = %v, %v", region, cands, err)
		}
	}
	cands, err = s.NearbyServices(ctx, referral.Query{Need: referral.NeedDCR, Region: "PT-11"})
	if err != nil || len(cands) != 0 {
		t.Errorf("drug consumption rooms in Lisbon = %v, %v; want none", cands, err)
	}

	// The pin button finds the service again by its key.
	c, ok, err := s.ServiceAt(ctx, res[0].Key)
	if err != nil || !ok || c.Service.ID != "demo-svc-lx-van" {
		t.Errorf("ServiceAt = %v %v %v", c.Service.ID, ok, err)
	}
	if _, ok, err := s.ServiceAt(ctx, -1); err != nil || ok {
		t.Errorf("ServiceAt(-1) = %v %v", ok, err)
	}
}
