package flows

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/stats"
	"github.com/peerbot/peerbot/training"
)

var updateGolden = flag.Bool("update", false, "rewrite golden files")

// TestTrainingStatsText renders staff stats in English and Polish against
// golden files: counts under 5 show as "fewer than 5", pass rates only
// from counts that can be shown, module order as in /learn.
func TestTrainingStatsText(t *testing.T) {
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	mods, probs := training.LoadAll(os.DirFS("../training/testdata/content"), "modules", "modules", training.LoadOptions{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	modules, _ := training.NewCatalog(mods...)
	st := training.Stats{
		Since: time.Date(2025, 12, 2, 0, 0, 0, 0, time.UTC),
		Rows: []training.ModuleStats{
			{Module: "checking", Lang: "en", Starts: 3, Taken: 2, Passed: 2},
			{Module: "naloxone", Lang: "pl", Starts: 40, Taken: 31, Passed: 25},
			{Module: "naloxone", Lang: "en", Starts: 12, Taken: 7, Passed: 4},
		},
		Missed: []training.Missed{
			{Module: "naloxone", Question: "safe", Count: stats.Count(17)},
			{Module: "checking", Question: "where", Count: stats.Count(2)},
		},
	}
	for _, lang := range []string{"en", "pl"} {
		got := TrainingStatsText(cat, modules, st, lang)
		plainText := plain(t, got)
		golden := filepath.Join("testdata", "trainingstats."+lang+".txt")
		if *updateGolden {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(plainText), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (go test -update writes it)", err)
		}
		if plainText != string(want) {
			t.Errorf("%s stats differ from %s (go test -update to accept):\n%s", lang, golden, plainText)
		}
	}
	if got := TrainingStatsText(cat, modules, training.Stats{}, "en"); got != cat.T("en", locales.TrainingStatsNone, nil) {
		t.Errorf("empty stats: %q", got)
	}
}
