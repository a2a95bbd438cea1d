package locales

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"text/template/parse"
	"unicode"
	"unicode/utf16"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/bot/tgfake"
)

// cldrForms are the CLDR cardinal plural forms each language needs, written
// out here rather than taken from go-i18n so that the test also catches a
// wrong rule table; TestPluralFormsLocalize cross-checks them against
// go-i18n's rules.
var cldrForms = map[string][]string{
	"en": {"one", "other"},
	"nl": {"one", "other"},
	"el": {"one", "other"},
	"pt": {"one", "many", "other"},
	"pl": {"one", "few", "many", "other"},
	"lt": {"one", "few", "many", "other"},
	"uk": {"one", "few", "many", "other"},
	"ru": {"one", "few", "many", "other"},
}

// sameAsEnglish lists texts that are rightly identical to English in another
// language: words the language shares with English, not forgotten
// translations.
var sameAsEnglish = map[string][]string{
	"pt": {"ButtonMenu"},
	"nl": {"ButtonMenu", "ButtonFeedback"},
	"pl": {"ButtonMenu"},
}

// file is one parsed message file: message id → plural form → template text
// ("other" alone for a message without plural forms).
type file map[string]map[string]string

// formKeys are the keys go-i18n reads from a message table; anything else in
// a table is a typo that go-i18n would silently drop.
var formKeys = map[string]bool{"zero": true, "one": true, "two": true, "few": true, "many": true, "other": true}

// readFile parses active.<lang>.toml directly, without go-i18n, so that what
// go-i18n would ignore still shows up.
func readFile(t *testing.T, lang string) file {
	t.Helper()
	var raw map[string]any
	if _, err := toml.DecodeFile("active."+lang+".toml", &raw); err != nil {
		t.Fatalf("parsing active.%s.toml: %v", lang, err)
	}
	f := file{}
	for id, v := range raw {
		switch v := v.(type) {
		case string:
			f[id] = map[string]string{"other": v}
		case map[string]any:
			forms := map[string]string{}
			for k, fv := range v {
				if k == "description" || k == "hash" {
					continue
				}
				s, ok := fv.(string)
				if !formKeys[k] || !ok {
					t.Errorf("active.%s.toml: %s: unexpected key %q = %v", lang, id, k, fv)
					continue
				}
				forms[k] = s
			}
			f[id] = forms
		default:
			t.Errorf("active.%s.toml: %s is a %T, want a string or a table", lang, id, v)
		}
	}
	return f
}

func readAll(t *testing.T) map[string]file {
	t.Helper()
	all := map[string]file{}
	for _, lang := range Languages {
		all[lang] = readFile(t, lang)
	}
	return all
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestEveryLanguageHasAFile(t *testing.T) {
	paths, err := filepath.Glob("active.*.toml")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range paths {
		got = append(got, strings.TrimSuffix(strings.TrimPrefix(p, "active."), ".toml"))
	}
	want := slices.Clone(Languages)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("message files are for %v, Languages is %v", got, want)
	}
	if !slices.Contains(Languages, Default) {
		t.Errorf("Default %q is not in Languages", Default)
	}
	if _, err := Load(); err != nil {
		t.Fatalf("Load: %v", err)
	}
}

func TestMessageIDsMatchEnglish(t *testing.T) {
	all := readAll(t)
	en := all[Default]
	if len(en) == 0 {
		t.Fatal("active.en.toml has no messages")
	}
	for _, lang := range Languages {
		for _, id := range sortedKeys(en) {
			if _, ok := all[lang][id]; !ok {
				t.Errorf("%s: message %s is missing", lang, id)
			}
		}
		for _, id := range sortedKeys(all[lang]) {
			if _, ok := en[id]; !ok {
				t.Errorf("%s: message %s is not in English (removed or misspelt?)", lang, id)
			}
		}
	}
}

// isPlural reports whether an English message has plural forms.
func isPlural(forms map[string]string) bool { return len(forms) > 1 || forms["other"] == "" }

func TestPluralFormsMatchCLDR(t *testing.T) {
	for _, lang := range Languages {
		if _, ok := cldrForms[lang]; !ok {
			t.Errorf("cldrForms has no entry for %s", lang)
		}
	}
	all := readAll(t)
	for _, id := range sortedKeys(all[Default]) {
		plural := isPlural(all[Default][id])
		for _, lang := range Languages {
			forms, ok := all[lang][id]
			if !ok {
				continue // reported by TestMessageIDsMatchEnglish
			}
			want := []string{"other"}
			if plural {
				want = cldrForms[lang]
			}
			got := sortedKeys(forms)
			sortedWant := slices.Clone(want)
			sort.Strings(sortedWant)
			if !slices.Equal(got, sortedWant) {
				t.Errorf("%s: %s has forms %v, want %v", lang, id, got, want)
			}
		}
	}
}

// pluralCounts are the counts every plural message is rendered with: enough
// integers to reach every integer form of every language, millions for the
// Portuguese "many", and decimals for the fraction forms.
func pluralCounts() []any {
	var counts []any
	for n := 0; n <= 200; n++ {
		counts = append(counts, n)
	}
	counts = append(counts, 1000, 1001, 1000000, 2000000, 21000000)
	for _, s := range []string{"0.5", "1.0", "1.5", "2.5", "5.5", "11.25", "21.5", "100.1"} {
		counts = append(counts, s)
	}
	return counts
}

// templateKeys returns the data keys a template reads ({{.Count}} gives
// "Count").
func templateKeys(t *testing.T, text string) map[string]bool {
	t.Helper()
	trees, err := parse.Parse("msg", text, "", "", map[string]any{})
	if err != nil {
		t.Errorf("parsing template %q: %v", text, err)
		return nil
	}
	keys := map[string]bool{}
	for _, tree := range trees {
		collectKeys(tree.Root, keys)
	}
	return keys
}

func collectKeys(node parse.Node, keys map[string]bool) {
	switch n := node.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			collectKeys(c, keys)
		}
	case *parse.ActionNode:
		collectKeys(n.Pipe, keys)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			collectKeys(c, keys)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			collectKeys(a, keys)
		}
	case *parse.FieldNode:
		keys[n.Ident[0]] = true
	case *parse.VariableNode:
		if n.Ident[0] == "$" && len(n.Ident) > 1 {
			keys[n.Ident[1]] = true
		}
	case *parse.ChainNode:
		collectKeys(n.Node, keys)
	case *parse.IfNode:
		collectKeys(n.Pipe, keys)
		collectKeys(n.List, keys)
		collectKeys(n.ElseList, keys)
	case *parse.RangeNode:
		collectKeys(n.Pipe, keys)
		collectKeys(n.List, keys)
		collectKeys(n.ElseList, keys)
	case *parse.WithNode:
		collectKeys(n.Pipe, keys)
		collectKeys(n.List, keys)
		collectKeys(n.ElseList, keys)
	case *parse.TemplateNode:
		collectKeys(n.Pipe, keys)
	}
}

// englishKeys returns the keys any form of an English message uses.
func englishKeys(t *testing.T, forms map[string]string) map[string]bool {
	keys := map[string]bool{}
	for _, text := range forms {
		for k := range templateKeys(t, text) {
			keys[k] = true
		}
	}
	return keys
}

// sampleData gives every key a plain value with no markup, as the callers do
// after escaping.
func sampleData(keys map[string]bool, count any) map[string]any {
	data := map[string]any{}
	for k := range keys {
		data[k] = "Sample " + k
	}
	if count != nil {
		data["Count"] = count
	}
	return data
}

// englishMessage rebuilds the catalog entry of id from active.en.toml, which
// TestExtractLeavesNoDiff keeps identical to catalog.go.
func englishMessage(id string, forms map[string]string) *i18n.Message {
	return &i18n.Message{ID: id, Zero: forms["zero"], One: forms["one"], Two: forms["two"], Few: forms["few"], Many: forms["many"], Other: forms["other"]}
}

func TestPluralFormsLocalize(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	en := readFile(t, Default)
	counts := pluralCounts()
	for _, id := range sortedKeys(en) {
		if !isPlural(en[id]) {
			continue
		}
		msg := englishMessage(id, en[id])
		keys := englishKeys(t, en[id])
		for _, lang := range Languages {
			for _, n := range counts {
				got, err := c.Localize(lang, &i18n.LocalizeConfig{DefaultMessage: msg, TemplateData: sampleData(keys, n), PluralCount: n})
				if err != nil {
					t.Errorf("%s: %s with count %v: %v", lang, id, n, err)
					break // one failure per message and language is enough
				}
				if !strings.Contains(got, fmt.Sprint(n)) {
					t.Errorf("%s: %s with count %v does not show the count: %q", lang, id, n, got)
					break
				}
			}
		}
	}
}

// TestPluralSamples pins the grammar of a few counts that are easy to get
// wrong, including the European Portuguese rule that 0 is plural.
func TestPluralSamples(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		msg   *i18n.Message
		lang  string
		count int
		want  string
	}{
		{RegionsSelected, "en", 1, "1 region chosen"},
		{RegionsSelected, "en", 0, "0 regions chosen"},
		{RegionsSelected, "pt", 0, "0 regiões"},
		{RegionsSelected, "pt", 1, "1 região"},
		{RegionsSelected, "pt", 2, "2 regiões"},
		{RegionsSelected, "pt", 1000000, "1000000 de regiões"},
		{RegionsSelected, "nl", 1, "1 regio gekozen"},
		{RegionsSelected, "nl", 3, "3 regio's gekozen"},
		{RegionsSelected, "el", 0, "0 περιοχές"},
		{RegionsSelected, "el", 1, "1 περιοχή"},
		{RegionsSelected, "pl", 1, "1 region."},
		{RegionsSelected, "pl", 3, "3 regiony."},
		{RegionsSelected, "pl", 5, "5 regionów."},
		{RegionsSelected, "pl", 12, "12 regionów."},
		{RegionsSelected, "pl", 22, "22 regiony."},
		{RegionsSelected, "lt", 1, "1 regionas."},
		{RegionsSelected, "lt", 21, "21 regionas."},
		{RegionsSelected, "lt", 3, "3 regionai."},
		{RegionsSelected, "lt", 10, "10 regionų."},
		{RegionsSelected, "lt", 0, "0 regionų."},
		{RegionsSelected, "uk", 21, "21 регіон."},
		{RegionsSelected, "uk", 3, "3 регіони."},
		{RegionsSelected, "uk", 11, "11 регіонів."},
		{RegionsSelected, "ru", 1, "1 регион."},
		{RegionsSelected, "ru", 24, "24 региона."},
		{RegionsSelected, "ru", 0, "0 регионов."},
		// The discreet-mode buttons, with the hours the settings offer.
		{DiscreetHours, "pl", 1, "1 godzina"},
		{DiscreetHours, "pl", 24, "24 godziny"},
		{DiscreetHours, "pl", 12, "12 godzin"},
		{DiscreetHours, "lt", 12, "12 valandų"},
		{DiscreetHours, "lt", 24, "24 valandos"},
		{DiscreetHours, "uk", 1, "1 годину"},
		{DiscreetHours, "uk", 6, "6 годин"},
		{DiscreetHours, "ru", 24, "24 часа"},
		{DiscreetHours, "ru", 48, "48 часов"},
		{DiscreetHours, "el", 6, "6 ώρες"},
	}
	for _, tt := range tests {
		got, err := c.Localize(tt.lang, &i18n.LocalizeConfig{DefaultMessage: tt.msg, TemplateData: map[string]any{"Count": tt.count}, PluralCount: tt.count})
		if err != nil || !strings.Contains(got, tt.want) {
			t.Errorf("%s: %s with count %d: got %q, %v; want it to contain %q", tt.lang, tt.msg.ID, tt.count, got, err, tt.want)
		}
	}
}

func TestTemplatesUseEnglishKeys(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	all := readAll(t)
	en := all[Default]
	for _, id := range sortedKeys(en) {
		enKeys := englishKeys(t, en[id])
		// Every form must show what the English "other" form shows: a
		// Russian "one" also serves 21 and 31, so it needs {{.Count}} too.
		required := templateKeys(t, en[id]["other"])
		for _, lang := range Languages {
			for _, form := range sortedKeys(all[lang][id]) {
				text := all[lang][id][form]
				keys := templateKeys(t, text)
				for k := range keys {
					if !enKeys[k] {
						t.Errorf("%s: %s (%s) uses {{.%s}}, which English does not", lang, id, form, k)
					}
				}
				for k := range required {
					if !keys[k] {
						t.Errorf("%s: %s (%s) leaves out {{.%s}}", lang, id, form, k)
					}
				}
				// Execute each form on its own, strictly, with exactly
				// the English keys.
				tmpl, err := template.New(id).Option("missingkey=error").Parse(text)
				if err != nil {
					t.Errorf("%s: %s (%s): %v", lang, id, form, err)
					continue
				}
				if err := tmpl.Execute(new(bytes.Buffer), sampleData(enKeys, nil)); err != nil {
					t.Errorf("%s: %s (%s): %v", lang, id, form, err)
				}
			}
			if isPlural(en[id]) {
				continue // every form went through Localize in TestPluralFormsLocalize
			}
			// And through the catalog, the way the bot renders it.
			if _, err := c.Localize(lang, &i18n.LocalizeConfig{DefaultMessage: englishMessage(id, en[id]), TemplateData: sampleData(enKeys, nil)}); err != nil {
				t.Errorf("%s: %s: %v", lang, id, err)
			}
		}
	}
}

// renderAll executes every form of every message of every language with
// sample data and calls check with the result.
func renderAll(t *testing.T, check func(lang, id, form, text string)) {
	t.Helper()
	all := readAll(t)
	en := all[Default]
	for _, id := range sortedKeys(en) {
		keys := englishKeys(t, en[id])
		for _, lang := range Languages {
			for _, form := range sortedKeys(all[lang][id]) {
				tmpl, err := template.New(id).Option("missingkey=error").Parse(all[lang][id][form])
				if err != nil {
					continue // reported by TestTemplatesUseEnglishKeys
				}
				var b strings.Builder
				if err := tmpl.Execute(&b, sampleData(keys, 7)); err != nil {
					continue
				}
				check(lang, id, form, b.String())
			}
		}
	}
}

// telegramTags are the tags the texts may use: the simple ones of Telegram's
// HTML parse mode. tgfake.ParseHTML says what Telegram accepts; this check is
// stricter: it also refuses a bare "&", which Telegram lets through but which
// breaks as soon as an entity-like word follows it, and the tags the bot has
// no use for.
var telegramTags = map[string]bool{"b": true, "i": true, "u": true, "s": true, "code": true, "a": true}

var (
	openTag  = regexp.MustCompile(`^<([a-z]+)(\s+href="[^"<>]*")?>`)
	closeTag = regexp.MustCompile(`^</([a-z]+)>`)
	entity   = regexp.MustCompile(`^&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);`)
)

// checkHTML parses s the way Telegram's HTML parse mode does, for the subset
// the texts may use, and returns the tags in order ("b", "/b", ...).
func checkHTML(s string) ([]string, error) {
	var tags, stack []string
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			if m := closeTag.FindStringSubmatch(s[i:]); m != nil {
				if len(stack) == 0 || stack[len(stack)-1] != m[1] {
					return nil, fmt.Errorf("unmatched </%s> at byte %d", m[1], i)
				}
				stack = stack[:len(stack)-1]
				tags = append(tags, "/"+m[1])
				i += len(m[0])
				continue
			}
			m := openTag.FindStringSubmatch(s[i:])
			if m == nil {
				return nil, fmt.Errorf("unescaped < at byte %d (write &lt;)", i)
			}
			if !telegramTags[m[1]] {
				return nil, fmt.Errorf("tag <%s> is not allowed", m[1])
			}
			if (m[1] == "a") != (m[2] != "") {
				return nil, fmt.Errorf("<%s%s>: only <a> takes an attribute, and it needs href", m[1], m[2])
			}
			stack = append(stack, m[1])
			tags = append(tags, m[1])
			i += len(m[0])
		case '&':
			m := entity.FindString(s[i:])
			if m == "" {
				return nil, fmt.Errorf("unescaped & at byte %d (write &amp;)", i)
			}
			i += len(m)
		default:
			i++
		}
	}
	if len(stack) > 0 {
		return nil, fmt.Errorf("<%s> is never closed", stack[len(stack)-1])
	}
	return tags, nil
}

func TestCheckHTML(t *testing.T) {
	tests := []struct {
		in   string
		ok   bool
		tags string
	}{
		{"plain", true, ""},
		{"<b>x</b> and <i>y</i>", true, "b /b i /i"},
		{`<a href="https://example.org">x</a>`, true, "a /a"},
		{"<b><i>x</i></b>", true, "b i /i /b"},
		{"1 &lt; 2 &amp; 3 &gt; 0", true, ""},
		{"<b>x", false, ""},
		{"x</b>", false, ""},
		{"<b><i>x</b></i>", false, ""},
		{"1 < 2", false, ""},
		{"R&D", false, ""},
		{"<script>x</script>", false, ""},
		{"<a>x</a>", false, ""},
		{`<b href="x">y</b>`, false, ""},
	}
	for _, tt := range tests {
		tags, err := checkHTML(tt.in)
		if (err == nil) != tt.ok || strings.Join(tags, " ") != tt.tags {
			t.Errorf("checkHTML(%q) = %v, %v; want ok=%v, tags %q", tt.in, tags, err, tt.ok, tt.tags)
		}
	}
}

func TestTelegramHTML(t *testing.T) {
	enTags := map[string][]string{}
	renderAll(t, func(lang, id, form, text string) {
		// What Telegram accepts, by the fake's parser...
		if _, _, err := tgfake.ParseHTML(text); err != nil {
			t.Errorf("%s: %s (%s): Telegram would refuse it: %v in %q", lang, id, form, err, text)
		}
		// ...and the stricter subset the texts keep to.
		tags, err := checkHTML(text)
		if err != nil {
			t.Errorf("%s: %s (%s): %v in %q", lang, id, form, err, text)
			return
		}
		if lang == Default && form == "other" {
			enTags[id] = tags
		}
	})
	// Translations keep the English markup: same tags, same order.
	renderAll(t, func(lang, id, form, text string) {
		tags, err := checkHTML(text)
		if err == nil && !slices.Equal(tags, enTags[id]) {
			t.Errorf("%s: %s (%s) has tags %v, English has %v", lang, id, form, tags, enTags[id])
		}
	})
}

var command = regexp.MustCompile(`(?:^|[^\p{L}\p{N}/<])(/[a-z_]+)`)

// symbols returns the emoji and symbols of s (🔔, ✓, ‹, ⚙️...), sorted.
func symbols(s string) []string {
	var out []string
	for _, r := range s {
		if unicode.Is(unicode.So, r) || r == '\u2039' || r == '\u203a' || r == '\ufe0f' {
			out = append(out, string(r))
		}
	}
	sort.Strings(out)
	return out
}

func commands(s string) []string {
	var out []string
	for _, m := range command.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	sort.Strings(out)
	return out
}

func TestCommandsAndEmojiKept(t *testing.T) {
	all := readAll(t)
	en := all[Default]
	for _, id := range sortedKeys(en) {
		for _, lang := range Languages {
			for form, text := range all[lang][id] {
				enText := en[id]["other"]
				if got, want := commands(text), commands(enText); !slices.Equal(got, want) {
					t.Errorf("%s: %s (%s) has commands %v, English has %v", lang, id, form, got, want)
				}
				if got, want := symbols(text), symbols(enText); !slices.Equal(got, want) {
					t.Errorf("%s: %s (%s) has symbols %q, English has %q", lang, id, form, got, want)
				}
			}
		}
	}
}

func TestNothingEmptyOrLeftInEnglish(t *testing.T) {
	all := readAll(t)
	en := all[Default]
	for _, lang := range Languages {
		for _, id := range sortedKeys(all[lang]) {
			for form, text := range all[lang][id] {
				if strings.TrimSpace(text) == "" {
					t.Errorf("%s: %s (%s) is empty", lang, id, form)
				}
				if lang == Default || slices.Contains(sameAsEnglish[lang], id) {
					continue
				}
				if text == en[id][form] || text == en[id]["other"] {
					t.Errorf("%s: %s (%s) is the English text %q", lang, id, form, text)
				}
			}
		}
	}
	// An allow-list entry that no longer applies hides nothing; drop it.
	for lang, ids := range sameAsEnglish {
		for _, id := range ids {
			if all[lang][id]["other"] != en[id]["other"] {
				t.Errorf("sameAsEnglish[%s] lists %s, which is translated now", lang, id)
			}
		}
	}
}

func TestLanguageNames(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"en": "English", "pt": "Português", "nl": "Nederlands", "pl": "Polski",
		"lt": "Lietuvių", "el": "Ελληνικά", "uk": "Українська", "ru": "Русский",
	}
	for _, lang := range Languages {
		got, err := c.Localize(lang, &i18n.LocalizeConfig{DefaultMessage: LanguageName})
		if err != nil || got != want[lang] {
			t.Errorf("LanguageName in %s = %q, %v; want %q", lang, got, err, want[lang])
		}
	}
}

// telegramLimit returns the length limit Telegram puts on a message, from its
// description ("at most 200 characters", "pop-up") or its role (command
// descriptions), or 0 for none below the 4096 of a text message.
var atMost = regexp.MustCompile(`at most (\d+) characters`)

func telegramLimit(id, description string) int {
	if m := atMost.FindStringSubmatch(description); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	switch {
	case strings.Contains(strings.ToLower(description), "pop-up"):
		return 200 // answerCallbackQuery text
	case strings.HasPrefix(id, "Cmd"):
		return 256 // BotCommand description
	}
	return 4096
}

func TestTelegramLimits(t *testing.T) {
	var raw map[string]any
	if _, err := toml.DecodeFile("active.en.toml", &raw); err != nil {
		t.Fatal(err)
	}
	description := func(id string) string {
		if m, ok := raw[id].(map[string]any); ok {
			s, _ := m["description"].(string)
			return s
		}
		return ""
	}
	if telegramLimit("BotShortDescription", description("BotShortDescription")) != 120 {
		t.Errorf("BotShortDescription: the limit in its description is not found")
	}
	renderAll(t, func(lang, id, form, text string) {
		// Telegram counts UTF-16 code units: an emoji can count twice.
		n := len(utf16.Encode([]rune(text)))
		if limit := telegramLimit(id, description(id)); n > limit {
			t.Errorf("%s: %s (%s) is %d characters, Telegram allows %d: %q", lang, id, form, n, limit, text)
		}
	})
}

func TestExtractLeavesNoDiff(t *testing.T) {
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		t.Skipf("no go binary at %s: %v", goBin, err)
	}
	out := t.TempDir()
	cmd := exec.Command(goBin, "tool", "goi18n", "extract", "-sourceLanguage", "en", "-outdir", out, "-format", "toml", ".")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("goi18n extract: %v\n%s", err, msg)
	}
	got, err := os.ReadFile(filepath.Join(out, "active.en.toml"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("active.en.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("active.en.toml is out of date with catalog.go; run:\n  go tool goi18n extract -sourceLanguage en -outdir . -format toml .\nthen translate the changes into every active.*.toml")
	}
}

func TestMatch(t *testing.T) {
	tests := []struct{ code, want string }{
		{"en", "en"},
		{"en-US", "en"},
		{"en_GB", "en"},
		{"pt", "pt"},
		{"pt-br", "pt"},
		{"pt-PT", "pt"},
		{"nl", "nl"},
		{"nl-BE", "nl"},
		{"pl", "pl"},
		{"lt", "lt"},
		{"el", "el"},
		{"uk", "uk"},
		{"UK", "uk"},
		{" ru ", "ru"},
		{"ru-UA", "ru"},
		{"de", ""},
		{"es-ES", ""},
		{"", ""},
		{"-", ""},
		{"english", ""},
	}
	for _, tt := range tests {
		if got := Match(tt.code); got != tt.want {
			t.Errorf("Match(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

func TestSupported(t *testing.T) {
	for _, lang := range Languages {
		if !Supported(lang) {
			t.Errorf("Supported(%q) = false", lang)
		}
	}
	for _, code := range []string{"", "de", "pt-br", "EN"} {
		if Supported(code) {
			t.Errorf("Supported(%q) = true", code)
		}
	}
}
