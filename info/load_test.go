package info

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/people"
)

func substances(t testing.TB) *content.Substances {
	t.Helper()
	s, err := content.LoadSubstances()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func builtin(t testing.TB) *Library {
	t.Helper()
	lib, problems, err := Load(content.BuiltinCards(), "", substances(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("built-in card: %v", p)
	}
	return lib
}

// completeLanguages are the languages every built-in card is written in;
// the others fall back to English.
var completeLanguages = []string{"en", "pt", "pl", "uk"}

func TestBuiltinCards(t *testing.T) {
	lib := builtin(t)
	want := []CardID{"naloxone", "injecting", "smoking", "snorting", "drug-checking", "testing", "prep-pep",
		"mixing", "nitazenes", "xylazine", "heat"}
	for _, id := range want {
		if _, ok := lib.Card(id); !ok {
			t.Errorf("no built-in card %q", id)
		}
	}
	// A card for every substance group of the alert vocabulary.
	for _, g := range people.SubstanceGroups {
		if !slices.ContainsFunc(lib.Cards(), func(c *Card) bool { return slices.Equal(c.Groups, []string{g}) }) {
			t.Errorf("no card for the substance group %q", g)
		}
	}
	for _, c := range lib.Cards() {
		if got := c.Languages(); !isSuperset(got, completeLanguages) {
			t.Errorf("%s is in %v, want at least %v", c.ID, got, completeLanguages)
		}
		pages := len(c.Texts["en"].Pages)
		for lang, text := range c.Texts {
			if len(text.Pages) != pages {
				t.Errorf("%s/%s has %d pages, English %d: every language says the same", c.ID, lang, len(text.Pages), pages)
			}
			if len(text.Keywords) < 5 {
				t.Errorf("%s/%s has %d keywords; people search in many ways", c.ID, lang, len(text.Keywords))
			}
			for i, p := range text.Pages {
				// What Telegram itself would accept, not only our checker.
				plain, _, err := tgfake.ParseHTML(p)
				if err != nil {
					t.Errorf("%s/%s page %d: %v", c.ID, lang, i+1, err)
				}
				if n := utf8.RuneCountInString(plain); n > MaxPage {
					t.Errorf("%s/%s page %d: %d characters", c.ID, lang, i+1, n)
				}
			}
		}
	}
}

func isSuperset(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// good is a card that loads, for the broken ones to start from.
var good = map[string]string{
	"card.yaml": "id: demo\nversion: 1\norder: 5\ntopics: [demo]\nsubstances: [xylazine]\ngroups: [sedatives]\n",
	"en.yaml":   "title: Demo\nkeywords: [demo]\ntext: |\n  <b>Demo</b> card &amp; text.\n",
	"pl.yaml":   "title: Próba\nkeywords: [próba]\npages:\n  - Strona 1\n  - Strona 2\n",
}

func TestReadCardsProblems(t *testing.T) {
	long := strings.Repeat("a", MaxPage+1)
	tests := []struct {
		name  string
		file  string // the file replaced ("" to delete file named in content)
		body  string
		wants []string // problems, each as file:line: start of message
	}{
		{"good", "", "", nil},
		{"not yaml", "card.yaml", "id: demo\n\tversion: 1\n", []string{"demo/card.yaml:2: not valid YAML: found a tab character"}},
		{"unknown key", "card.yaml", "id: demo\nversion: 1\nordre: 3\n", []string{`demo/card.yaml:3: unknown key "ordre"`}},
		{"key twice", "card.yaml", "id: demo\nversion: 1\nversion: 2\n", []string{`demo/card.yaml:3: mapping key "version" already defined at line 2`}},
		{"id not folder", "card.yaml", "id: other\nversion: 1\n", []string{`demo/card.yaml:1: id "other" must equal the folder name`}},
		{"bad id", "card.yaml", "id: Demo!\nversion: 1\n", []string{`demo/card.yaml:1: id "Demo!" must be`}},
		{"no version", "card.yaml", "id: demo\norder: 1\n", []string{"demo/card.yaml:1: version must be"}},
		{"version not a number", "card.yaml", "id: demo\nversion: two\n", []string{"demo/card.yaml:2: cannot unmarshal"}},
		{"unknown substance", "card.yaml", "id: demo\nversion: 1\nsubstances:\n  - xylazine\n  - unicorn\n", []string{`demo/card.yaml:5: substance "unicorn"`}},
		{"unknown group", "card.yaml", "id: demo\nversion: 1\ngroups: [opioids, sweets]\n", []string{`demo/card.yaml:3: group "sweets"`}},
		{"bad topic", "card.yaml", "id: demo\nversion: 1\ntopics: [Big Word]\n", []string{`demo/card.yaml:3: topic "Big Word"`}},
		{"no english", "en.yaml", "", []string{"demo/en.yaml: missing"}},
		{"unknown language", "fr.yaml", "title: x\ntext: y\n", []string{`demo/fr.yaml: "fr" is not a supported language`}},
		{"no title", "en.yaml", "keywords: [a]\ntext: hi\n", []string{"demo/en.yaml:1: title is missing"}},
		{"long title", "en.yaml", "text: hi\ntitle: " + strings.Repeat("x", 61) + "\n", []string{"demo/en.yaml:2: title is 61 characters"}},
		{"tag in title", "en.yaml", "title: <b>x</b>\ntext: hi\n", []string{"demo/en.yaml:1: title is plain text"}},
		{"no text", "en.yaml", "title: x\n", []string{"demo/en.yaml:1: text is missing"}},
		{"text and pages", "en.yaml", "title: x\ntext: a\npages: [b]\n", []string{"demo/en.yaml:3: give either text or pages"}},
		{"long page", "pl.yaml", "title: x\npages:\n  - ok\n  - " + long + "\n", []string{"demo/pl.yaml:4: page 2 is 901 characters"}},
		{"bad html", "en.yaml", "title: x\ntext: |\n  <b>bold</i>\n", []string{"demo/en.yaml:2: page 1: </i> at byte 7 closes no open <i>"}},
		{"bare ampersand", "en.yaml", "title: x\ntext: Tom & Jerry\n", []string{"demo/en.yaml:2: page 1: a bare & at byte 4"}},
		{"unsupported tag", "en.yaml", "title: x\ntext: <tg-spoiler>x</tg-spoiler>\n", []string{"demo/en.yaml:2: page 1: tag <tg-spoiler>"}},
		{"javascript link", "en.yaml", "title: x\ntext: <a href=\"javascript:x\">x</a>\n", []string{`demo/en.yaml:2: page 1: <a> at byte 0 needs exactly href="https://..."`}},
		{"empty keyword", "en.yaml", "title: x\nkeywords:\n  - ok\n  - \"  \"\ntext: y\n", []string{`demo/en.yaml:4: keyword "  "`}},
		{"two problems", "en.yaml", "title: \"\"\ntext: <b>\n", []string{"demo/en.yaml:1: title is missing", "demo/en.yaml:2: page 1: <b> is never closed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, body := range good {
				fsys["demo/"+name] = &fstest.MapFile{Data: []byte(body)}
				fsys["fine/"+name] = &fstest.MapFile{Data: []byte(strings.Replace(body, "id: demo", "id: fine", 1))}
			}
			if tt.file != "" {
				if tt.body == "" {
					delete(fsys, "demo/"+tt.file)
				} else {
					fsys["demo/"+tt.file] = &fstest.MapFile{Data: []byte(tt.body)}
				}
			}
			cards, problems := ReadCards(fsys, "", substances(t))
			var got []string
			for _, p := range problems {
				got = append(got, p.Error())
			}
			if len(got) != len(tt.wants) {
				t.Fatalf("problems:\n%s\nwant %d: %q", strings.Join(got, "\n"), len(tt.wants), tt.wants)
			}
			for i, w := range tt.wants {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("problem %d = %q, want it to start %q", i, got[i], w)
				}
			}
			// The broken card is left out; the other loads.
			wantCards := []CardID{"demo", "fine"}
			if len(tt.wants) > 0 {
				wantCards = []CardID{"fine"}
			}
			var ids []CardID
			for _, c := range cards {
				ids = append(ids, c.ID)
			}
			if !slices.Equal(ids, wantCards) {
				t.Errorf("cards %v, want %v", ids, wantCards)
			}
		})
	}
}

func TestGoodCardReads(t *testing.T) {
	fsys := fstest.MapFS{}
	for name, body := range good {
		fsys["demo/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	cards, problems := ReadCards(fsys, "x", substances(t))
	if len(problems) != 0 || len(cards) != 1 {
		t.Fatalf("%v %v", cards, problems)
	}
	c := cards[0]
	if c.Version != 1 || c.Order != 5 || c.Source != "x/demo" || !slices.Equal(c.Substances, []string{"xylazine"}) ||
		c.Texts["en"].Pages[0] != "<b>Demo</b> card &amp; text." || len(c.Texts["pl"].Pages) != 2 {
		t.Errorf("card read as %+v, en %+v", c, c.Texts["en"])
	}
	if text, fallback := c.In("pl"); fallback || text.Title != "Próba" {
		t.Errorf("In(pl) = %+v, %v", text, fallback)
	}
	if text, fallback := c.In("el"); !fallback || text.Title != "Demo" {
		t.Errorf("In(el) = %+v, %v", text, fallback)
	}
	if _, fallback := c.In("en"); fallback {
		t.Error("English is no fallback for English")
	}
}

// TestContentDir: an organisation's folder replaces a built-in card, adds
// its own, and a broken replacement keeps the built-in card.
func TestContentDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		path := filepath.Join(dir, "cards", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("naloxone/card.yaml", "id: naloxone\nversion: 2\norder: 1\n")
	write("naloxone/en.yaml", "title: Naloxone in Lisbon\nkeywords: [naloxone]\ntext: Ask us at the van.\n")
	write("outreach-van/card.yaml", "id: outreach-van\nversion: 1\norder: 0\n")
	write("outreach-van/en.yaml", "title: Our van\nkeywords: [van, carrinha]\ntext: Every day 18–22h.\n")
	write("testing/card.yaml", "id: testing\nversion: 2\norder: 6\n")
	write("testing/en.yaml", "title: Broken\ntext: <b>\n")

	lib, problems, err := Load(content.BuiltinCards(), dir, substances(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].File != filepath.Join(dir, "cards", "testing", "en.yaml") || problems[0].Line != 2 {
		t.Errorf("problems %v, want one in testing/en.yaml line 2", problems)
	}
	if c, _ := lib.Card("naloxone"); c.Version != 2 || c.Texts["en"].Title != "Naloxone in Lisbon" || c.Texts["pl"] != nil {
		t.Errorf("naloxone not replaced: %+v", c)
	}
	if c, _ := lib.Card("testing"); c.Version != 1 {
		t.Errorf("a broken replacement replaced the built-in card: %+v", c)
	}
	if lib.Cards()[0].ID != "outreach-van" {
		t.Errorf("first card %s, want the organisation's with order 0", lib.Cards()[0].ID)
	}
	if m := lib.Search("carrinha"); len(m) != 1 || m[0].Card.ID != "outreach-van" {
		t.Errorf("search for the organisation's card: %+v", m)
	}

	if _, _, err := Load(content.BuiltinCards(), filepath.Join(dir, "cards", "naloxone", "en.yaml"), substances(t)); err == nil {
		t.Error("a CONTENT_DIR that is a file loaded")
	}
	if _, problems, err := Load(content.BuiltinCards(), t.TempDir(), substances(t)); err != nil || len(problems) != 0 {
		t.Errorf("a CONTENT_DIR without cards: %v %v", problems, err)
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct {
		in, plain string
		ok        bool
	}{
		{"plain", "plain", true},
		{"<b>a</b> &amp; <i>b</i>", "a & b", true},
		{`<a href="https://example.org/x?a=1">link</a>`, "link", true},
		{"<b><i>x</i></b>", "x", true},
		{"<b><b>x</b></b>", "", false},
		{"<b>x", "", false},
		{"x</b>", "", false},
		{"a < b", "", false},
		{"a > b", "", false},
		{"&nbsp;", "", false},
		{`<b class="x">x</b>`, "", false},
		{`<a href='https://x'>x</a>`, "", false},
		{"<script>x</script>", "", false},
		{"\xff", "", false},
	}
	for _, tt := range tests {
		plain, err := plainText(tt.in)
		if (err == nil) != tt.ok || plain != tt.plain {
			t.Errorf("plainText(%q) = %q, %v; want %q, ok %v", tt.in, plain, err, tt.plain, tt.ok)
		}
		if tt.ok {
			// What we accept, Telegram accepts, with the same text.
			if tg, _, err := tgfake.ParseHTML(tt.in); err != nil || tg != plain {
				t.Errorf("Telegram reads %q as %q, %v", tt.in, tg, err)
			}
		}
	}
}
