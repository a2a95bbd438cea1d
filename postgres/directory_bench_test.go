package postgres

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/peerbot/peerbot/postgres/pgtest"
	"github.com/peerbot/peerbot/referral"
)

// syntheticDirectory makes n services at n locations scattered over the
// demo countries' cities, each with two to four needs, a phone, a language
// and weekday hours.
func syntheticDirectory(n int) *referral.Directory {
	rng := rand.New(rand.NewPCG(1, 2))
	cities := []struct {
		lat, lon float64
		country  string
		region   string
		zone     string
	}{
		{38.72, -9.14, "PT", "PT-11", "Europe/Lisbon"}, {41.15, -8.61, "PT", "PT-13", "Europe/Lisbon"},
		{52.23, 21.01, "PL", "PL-14", "Europe/Warsaw"}, {50.06, 19.94, "PL", "PL-12", "Europe/Warsaw"},
		{52.37, 4.89, "NL", "NL-NH", "Europe/Amsterdam"}, {54.69, 25.28, "LT", "LT-VL", "Europe/Vilnius"},
		{37.98, 23.73, "GR", "GR-I", "Europe/Athens"}, {50.45, 30.52, "UA", "UA-30", "Europe/Kyiv"},
	}
	d := &referral.Directory{Organizations: []referral.Organization{{ID: "bench-org", Name: "Bench org"}}}
	weekdays, _ := referral.ParseHours("WEEKLY", "MO,TU,WE,TH,FR", "09:00", "17:00")
	for i := range n {
		c := cities[i%len(cities)]
		id := fmt.Sprintf("%06d", i)
		var needs []referral.Need
		for len(needs) < 2+i%3 {
			if nd := referral.Needs[rng.IntN(len(referral.Needs))]; !slices.Contains(needs, nd) {
				needs = append(needs, nd)
			}
		}
		d.Services = append(d.Services, referral.Service{ID: referral.ServiceID("s" + id), Organization: "bench-org",
			Name: "Service " + id, Status: "active", Needs: needs, Flags: []referral.Flag{referral.FlagFree}})
		d.Locations = append(d.Locations, referral.Location{ID: referral.LocationID("l" + id), Name: "Place " + id,
			Lat: c.lat + (rng.Float64()-0.5)*0.6, Lon: c.lon + (rng.Float64()-0.5)*0.9,
			Country: c.country, Region: c.region, TimeZone: c.zone})
		d.ServiceAtLocations = append(d.ServiceAtLocations, referral.ServiceAtLocation{ID: "x" + id,
			Service: referral.ServiceID("s" + id), Location: referral.LocationID("l" + id)})
		d.Phones = append(d.Phones, referral.Phone{ID: "p" + id, Service: referral.ServiceID("s" + id), Number: "000 " + id})
		d.Languages = append(d.Languages, referral.Language{ID: "g" + id, Service: referral.ServiceID("s" + id), Code: "en"})
		d.Schedules = append(d.Schedules, referral.Schedule{ID: "h" + id, Service: referral.ServiceID("s" + id), Hours: weekdays})
	}
	return d
}

// BenchmarkNearbyServices searches 10,000 services for a need near a
// random point in one of the cities, and ranks the candidates as the bot
// does. It reports the 95th percentile of one search and ranking.
func BenchmarkNearbyServices(b *testing.B) {
	db := openDB(b, pgtest.NewDatabase(b))
	ctx := testContext(b)
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	s := NewDirectoryStore(db)
	if err := s.ImportDirectory(ctx, syntheticDirectory(10_000)); err != nil {
		b.Fatal(err)
	}
	if _, err := db.pool.Exec(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	points := [][2]float64{{38.72, -9.14}, {52.23, 21.01}, {52.37, 4.89}, {50.45, 30.52}}
	rng := rand.New(rand.NewPCG(3, 4))
	durations := make([]time.Duration, 0, b.N)
	now := time.Now()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := points[i%len(points)]
		q := referral.Query{Need: referral.Needs[i%len(referral.Needs)], HasPoint: true,
			Lat: p[0] + (rng.Float64()-0.5)*0.2, Lon: p[1] + (rng.Float64()-0.5)*0.2, Limit: 3}
		start := time.Now()
		cands, err := s.NearbyServices(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		if len(referral.Rank(q, cands, now)) == 0 {
			b.Fatal("no results")
		}
		durations = append(durations, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(durations)
	if len(durations) > 0 {
		b.ReportMetric(float64(durations[len(durations)*95/100].Microseconds())/1000, "p95-ms")
		b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50-ms")
	}
}
