package flows

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/stats"
	"github.com/peerbot/peerbot/training"
)

// The -update flag rewrites golden files. Another test file of the package
// may register it too (as a package variable, which runs before init), so
// it is registered only when missing and read by name.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata/")
	}
}

func updating() bool { return flag.Lookup("update").Value.String() == "true" }

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
		if updating() {
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

// TestEveryTrainingScreenFits renders every screen of every built-in and
// fixture module in every language the bot speaks: each lesson, each
// question (fresh, with options toggled, answered right and wrong) and
// both results, with both notes on. Each must parse as Telegram HTML, fit
// a message, and have buttons whose data fits 64 bytes (encoding panics
// otherwise).
func TestEveryTrainingScreenFits(t *testing.T) {
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	builtins, probs := training.LoadAll(content.Modules, "modules", "content/modules", training.LoadOptions{Require: training.BuiltinLanguages})
	fixtures, probs2 := training.LoadAll(os.DirFS("../training/testdata/content"), "modules", "modules", training.LoadOptions{})
	if len(probs)+len(probs2) > 0 {
		t.Fatal(probs, probs2)
	}
	screens := 0
	for _, m := range append(builtins, fixtures...) {
		for _, lang := range locales.Languages {
			tu := &turn{Flows: &Flows{Deps{Catalog: cat}}, lang: lang}
			s := &trainingStep{turn: tu, m: m, updated: true}
			s.texts, s.fallback = m.In(lang)
			check := func(what string, text string, kb bot.Keyboard) {
				t.Helper()
				screens++
				full := s.tr(locales.TrainingFallback, nil) + "\n" + s.tr(locales.TrainingUpdated, nil) + "\n\n" + text
				p := plain(t, full)
				if n := len(utf16.Encode([]rune(p))); n > bot.MaxText {
					t.Errorf("%s %s %s: %d characters", m.ID, lang, what, n)
				}
				if len(kb) == 0 {
					t.Errorf("%s %s %s: no buttons", m.ID, lang, what)
				}
			}
			for i := range m.Lessons {
				s.prog = &training.Progress{Module: m.ID, Version: m.Version, Lesson: i}
				text, kb := s.lessonScreen()
				check(fmt.Sprintf("lesson %d", i+1), text, kb)
			}
			for qi, q := range m.Questions {
				s.prog = &training.Progress{Module: m.ID, Version: m.Version, InQuiz: true, Quiz: training.QuizState{Round: []int{qi}, Selected: q.Options}}
				text, kb := s.questionScreen()
				check(fmt.Sprintf("question %s", q.ID), text, kb)
				for _, answer := range [][]training.OptionID{q.Correct, q.Options} {
					s.prog.Quiz.Answered, s.prog.Quiz.Last = true, answer
					text, kb := s.questionScreen()
					check(fmt.Sprintf("answer to %s", q.ID), text, kb)
				}
			}
			for _, right := range [][]int{{0}, allQuestions(m)} {
				s.prog = &training.Progress{Module: m.ID, Version: m.Version, InQuiz: true, Code: "ABCD-EFGH-JKMN",
					Quiz: training.QuizState{Round: []int{0}, Pos: 1, Right: right, Missed: []int{1}}}
				text, kb := s.resultScreen()
				check("result", text, kb)
			}
		}
	}
	t.Logf("%d screens", screens)
}

func allQuestions(m *training.Module) []int {
	var out []int
	for i := range m.Questions {
		out = append(out, i)
	}
	return out
}
