package training

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/peerbot/peerbot/bot/tgfake"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestLoadFixtures(t *testing.T) {
	mods, probs := LoadAll(os.DirFS("testdata/content"), "modules", "modules", LoadOptions{})
	for _, p := range probs {
		t.Error(p)
	}
	if len(mods) != 2 {
		t.Fatalf("loaded %d modules, want 2", len(mods))
	}
	cat, probs := NewCatalog(mods...)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if got := []ModuleID{cat.All()[0].ID, cat.All()[1].ID}; !slices.Equal(got, []ModuleID{"naloxone", "checking"}) {
		t.Errorf("order %v", got)
	}
	if v := cat.Visible(false); len(v) != 1 || v[0].ID != "checking" {
		t.Errorf("visible to everyone: %v", v)
	}
	if v := cat.Visible(true); len(v) != 2 {
		t.Errorf("visible to peers: %d", len(v))
	}
	m := cat.Module("naloxone")
	if m.Version != 1 || m.PassMark != 100 || m.Audience != Peers || len(m.Lessons) != 3 || len(m.Questions) != 5 {
		t.Errorf("naloxone = %+v", m)
	}
	if q := m.Questions[2]; q.Kind != Multiple || !slices.Equal(q.Correct, []OptionID{"a", "b", "d"}) {
		t.Errorf("question 3 = %+v", q)
	}
	if tx, fb := m.In("pl"); fb || !strings.HasPrefix(tx.Title, "Nalokson") {
		t.Errorf("pl texts: %q fallback %v", tx.Title, fb)
	}
	if tx, fb := m.In("uk"); !fb || tx != m.Texts["en"] {
		t.Error("uk should fall back to English")
	}
}

// TestBrokenModules loads deliberately broken folders and checks each
// problem names its file and line.
func TestBrokenModules(t *testing.T) {
	tests := []struct {
		dir  string
		want []string // each a problem line that must be reported
	}{
		{"badmeta", []string{
			"broken/badmeta/module.yaml:1: id \"other\" must equal the folder name",
			"broken/badmeta/module.yaml:2: version must be from 1 to 127, got 0",
			"broken/badmeta/module.yaml:4: audience \"staff\" must be everyone or peers",
			"broken/badmeta/module.yaml:6: pass_mark must be a whole number, got \"high\"",
			"broken/badmeta/module.yaml:7: unknown key \"colour\" in module.yaml",
			"broken/badmeta/module.yaml:10: questions: 1 given, a module needs 5 to 10",
			"broken/badmeta/module.yaml:14: correct: a single-choice question has exactly one correct option, got 2",
			"broken/badmeta/module.yaml:12: options: \"a\" is listed twice",
			"broken/badmeta/en.yaml: missing: every module needs this language",
		}},
		{"badlang", []string{
			"broken/badlang/en.yaml:1: title is 61 characters, more than 60",
			"broken/badlang/en.yaml:2: summary is empty",
			"broken/badlang/en.yaml:5: text: not valid Telegram HTML",
			"broken/badlang/en.yaml:6: lesson 2 is \"two\", module.yaml has \"second\" there (same ids, same order)",
			"broken/badlang/en.yaml:7: text: only <b> and <i> are allowed, found text_link",
			"broken/badlang/en.yaml:9: text is 901 characters, more than 900",
			"broken/badlang/en.yaml:19: explain is empty",
			"broken/badlang/pl.yaml: missing: every module needs this language",
			"broken/badlang/xx.yaml: \"xx\" is not a language the bot speaks",
		}},
		{"badyaml", []string{
			"broken/badyaml/module.yaml:3: YAML: ",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			m, probs := LoadModule(os.DirFS("testdata"), "broken/"+tt.dir, "broken/"+tt.dir, LoadOptions{Require: []string{"pl"}})
			if m != nil {
				t.Error("a broken module loaded")
			}
			var got []string
			for _, p := range probs {
				got = append(got, p.String())
			}
			for _, w := range tt.want {
				if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, w) }) {
					t.Errorf("no problem %q in:\n%s", w, strings.Join(got, "\n"))
				}
			}
		})
	}
}

func TestGoldenRenders(t *testing.T) {
	m, probs := LoadModule(os.DirFS("testdata/content"), "modules/naloxone", "naloxone", LoadOptions{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	for _, lang := range []string{"en", "pl"} {
		tx := m.Texts[lang]
		var b strings.Builder
		for i, q := range tx.Questions {
			b.WriteString(RenderQuestion(q) + "\n---\n")
			b.WriteString(RenderFeedback(m.Questions[i], q, []OptionID{"b"}) + "\n===\n")
		}
		golden := filepath.Join("testdata", "golden", "naloxone."+lang+".html")
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if b.String() != string(want) {
			t.Errorf("%s renders differ from %s (go test -update to accept):\n%s", lang, golden, b.String())
		}
		for _, msg := range strings.Split(b.String(), "\n---\n") {
			if _, _, err := tgfake.ParseHTML(msg); err != nil {
				t.Errorf("%s: render is not valid HTML: %v", lang, err)
			}
		}
	}
}
