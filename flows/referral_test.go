package flows

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/referral"
)

var updateReferral = flag.Bool("update", false, "rewrite golden files under testdata/")

// sampleResults are three results: open, opening tomorrow, hours unknown;
// one name needs escaping.
func sampleResults(t *testing.T) []referral.Result {
	t.Helper()
	h, err := referral.ParseHours("WEEKLY", "MO,TU,WE,TH,FR", "09:00", "17:00")
	if err != nil {
		t.Fatal(err)
	}
	mk := func(key int64, name string, km float64, open, next bool) referral.Result {
		r := referral.Result{
			Candidate: referral.Candidate{Key: key,
				Service:   referral.Service{Name: name, Status: "active", Flags: []referral.Flag{referral.FlagFree, referral.FlagAnonymous}},
				Location:  referral.Location{Address: "Rua <Teste> 1", City: "Lisboa", TimeZone: "Europe/Lisbon", Region: "PT-11"},
				Phones:    []string{"000 000 001"},
				Languages: []string{"en", "pt"},
				Week:      referral.Week{h},
			},
			DistanceKm: km, Open: open,
		}
		if next {
			r.HasNext = true
			r.NextOpen = time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC) // Thursday 09:00 in Lisbon
		}
		return r
	}
	return []referral.Result{
		mk(1, "Van & Co (fictional)", 0.123, true, false),
		mk(2, "Drop-in", 2.46, false, true),
		mk(3, "Clinic", 12.7, false, false),
	}
}

// TestRenderResultsGolden renders the same results in every language, near
// a point and in a region, against golden files (go test ./flows -update).
func TestRenderResultsGolden(t *testing.T) {
	cat, regions := loadGuide(t)
	now := time.Date(2026, 12, 2, 20, 0, 0, 0, time.UTC) // Wednesday evening
	res := sampleResults(t)
	for _, lang := range locales.Languages {
		var b strings.Builder
		for _, q := range []referral.Query{
			{Need: referral.NeedNaloxone, HasPoint: true, Lat: 38.72, Lon: -9.14},
			{Need: referral.NeedFood, Region: "PT-11"},
		} {
			rs := res
			if !q.HasPoint {
				rs = nil
				for _, r := range res {
					r.DistanceKm = math.NaN()
					rs = append(rs, r)
				}
			}
			html := RenderResults(cat, regions, lang, q, rs, "PT-11", now)
			text := plain(t, html)
			if len([]rune(text)) > 4096 {
				t.Errorf("%s: results are %d characters", lang, len([]rune(text)))
			}
			if q.Need.Urgent() != strings.Contains(text, "112") {
				t.Errorf("%s: %s results show the emergency number: %v", lang, q.Need, !q.Need.Urgent())
			}
			b.WriteString(html + "\n\n----\n\n")
			b.WriteString(plain(t, RenderResults(cat, regions, lang, q, nil, "PT-11", now)) + "\n\n====\n\n")
		}
		golden := filepath.Join("testdata", "referral_results."+lang+".golden")
		if *updateReferral {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./flows -run TestRenderResultsGolden -update)", err)
		}
		if b.String() != string(want) {
			t.Errorf("%s: results differ from %s:\n%s", lang, golden, b.String())
		}
	}
}

func TestWhen(t *testing.T) {
	cat, _ := loadGuide(t)
	lisbon, _ := time.LoadLocation("Europe/Lisbon")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, lisbon)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct{ now, next, want string }{
		{"2026-12-02 08:00", "2026-12-02 09:00", "today from 09:00"},
		{"2026-12-02 23:30", "2026-12-03 09:00", "tomorrow from 09:00"},
		{"2026-12-04 18:00", "2026-12-07 09:00", "on Monday from 09:00"},
		// The night the clocks go forward is 23 hours long.
		{"2026-03-28 23:00", "2026-03-29 10:00", "tomorrow from 10:00"},
		{"2026-10-24 23:00", "2026-10-25 10:00", "tomorrow from 10:00"},
	}
	for _, tt := range tests {
		got := when(cat, "en", at(tt.next), at(tt.now), lisbon, locales.WhenTodayFrom, locales.WhenTomorrow, locales.WhenOn)
		if got != tt.want {
			t.Errorf("when(%s, seen %s) = %q, want %q", tt.next, tt.now, got, tt.want)
		}
	}
}

func TestIsReferralActionCoversTheButtons(t *testing.T) {
	for _, a := range []string{needAction, allRegionsAct, regionSearchAct, pinAction, peerAskAction, peerSendAction, peerCloseAction, followUpAction} {
		if !isReferralAction(a) {
			t.Errorf("%s is not routed", a)
		}
	}
	if isReferralAction(claimAction) {
		t.Error("the staff group's claim is routed in private chats")
	}
	for _, n := range referral.Needs {
		if needNames[n] == nil {
			t.Errorf("need %s has no name", n)
		}
		// The longest callback: region search with a need and a region.
		if d := len("v1:" + regionSearchAct + ":" + string(n) + ":UA-30"); d > 64 {
			t.Errorf("callback for %s is %d bytes", n, d)
		}
	}
}
