package alerts

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
)

func testRenderer(t testing.TB) *Renderer {
	t.Helper()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	subs, err := content.LoadSubstances()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	return &Renderer{Catalog: cat, Substances: subs, Regions: regions}
}

// renderNow is "now" in the rendering tests: after the sample alert took
// effect and before it expires.
var renderNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// renderAlert is a full alert: photo, every appearance field, amounts,
// trace and notes, overdoses, two regions, times, advice in two languages,
// sample reference and link. Its partner text holds markup characters,
// which must reach people as text.
func renderAlert() *Alert {
	return &Alert{
		Identifier: "WAW-2026-0412", Sender: "lab@example.org", MsgType: MsgAlert,
		Sent:   time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC),
		SoldAs: "heroin <brown>", Form: FormPowder,
		Appearance: Appearance{Colour: "light brown", Logo: `"Tesla" & co`, Shape: "lumps", Size: "", Weight: "0.5 g bags"},
		Contents: []Content{
			{Substance: "isotonitazene", Trace: true, Note: "cannot tell from protonitazene"},
			{Substance: "xylazine", Amount: 12.5, Unit: "%"},
			{Substance: "heroin", Amount: 0.1 + 0.2, Unit: "g", Note: "<b>low</b> purity"},
		},
		LinkedToOverdoses: true,
		Severity:          Warning,
		Advice: map[string]string{
			"pl": "Nie używaj w pojedynkę. Miej przy sobie nalokson.\nZacznij od bardzo małej dawki.",
			"en": "Do not use alone. Carry naloxone.\nStart with a very small amount.",
		},
		PhotoURL:        "https://lab.example.org/samples/0412.jpg",
		Regions:         []string{"PL-14", "PL-12"},
		Effective:       time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC),
		Expires:         time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC),
		SampleReference: "WAW-0412",
		SampleLink:      "https://lab.example.org/samples/0412?lang=en&v=2",
	}
}

const renderSource = "Drug Checking Warsaw & <Friends>"

type renderCase struct {
	name string
	view View
}

// renderCases are the renderings pinned by golden files.
func renderCases() []renderCase {
	full := renderAlert()

	previous := renderAlert()
	previous.Severity = Caution
	previous.Contents = previous.Contents[1:]
	previous.LinkedToOverdoses = false
	raised := renderAlert()
	raised.MsgType, raised.Identifier = MsgUpdate, "WAW-2026-0412-2"
	raised.References = []Reference{{Identifier: full.Identifier}}

	cancel := &Alert{Identifier: "WAW-2026-0412-c", MsgType: MsgCancel, References: []Reference{{Identifier: full.Identifier}},
		Advice: map[string]string{"en": "The result belonged to another sample. This batch is not known to be adulterated."}}
	cancelSilent := &Alert{Identifier: "WAW-2026-0412-c", MsgType: MsgCancel, References: []Reference{{Identifier: full.Identifier}}}

	polishOnly := renderAlert()
	polishOnly.PhotoURL = ""
	polishOnly.Advice = map[string]string{"pl": "Nie używaj w pojedynkę. Miej przy sobie nalokson."}

	plain := &Alert{Identifier: "LIS-7", MsgType: MsgAlert, SoldAs: "MDMA", Form: FormPill, Severity: Information,
		Contents: []Content{{Substance: "mdma", Amount: 180, Unit: "mg", Note: "high dose"}},
		Advice:   map[string]string{"pt": "Começa com meio comprimido."}, Regions: []string{"PT-11"}}

	return []renderCase{
		{"new alert with photo", View{Alert: full, Source: renderSource, Now: renderNow}},
		{"update raising severity", View{Alert: raised, Previous: previous, Source: renderSource, Now: renderNow}},
		{"withdrawn", View{Alert: full, Cancel: cancel, Source: renderSource, Now: renderNow}},
		{"withdrawn without a reason", View{Alert: full, Cancel: cancelSilent, Source: renderSource, Now: renderNow}},
		{"expired", View{Alert: full, Source: renderSource, Now: full.Expires.Add(time.Hour)}},
		{"advice only in Polish", View{Alert: polishOnly, Source: renderSource, Now: renderNow}},
		{"information, few fields", View{Alert: plain, Source: "Kosmicare", Now: renderNow}},
	}
}

// maximalAlert has every field at the largest size Validate allows, in
// characters that count twice in UTF-16 or grow when escaped.
func maximalAlert() *Alert {
	long := func(unit string, runes int) string {
		var b strings.Builder
		for b.Len() < runes*4 && len([]rune(b.String()))+len([]rune(unit)) <= runes {
			b.WriteString(unit)
		}
		return b.String()
	}
	text := long("💊<&> ", MaxTextRunes)
	a := &Alert{Identifier: "MAX", MsgType: MsgUpdate, References: []Reference{{Identifier: "MAX-0"}},
		SoldAs: text, Form: FormOther, Severity: Warning, LinkedToOverdoses: true,
		Appearance:      Appearance{Colour: text, Logo: text, Shape: text, Size: text, Weight: text},
		Advice:          map[string]string{},
		PhotoURL:        "https://lab.example.org/" + strings.Repeat("p", 2000),
		SampleReference: text, SampleLink: "https://lab.example.org/" + strings.Repeat("s", 2000),
		Effective: renderNow.Add(-time.Hour), Expires: renderNow.Add(time.Hour)}
	for i := range MaxContents {
		a.Contents = append(a.Contents, Content{Substance: "n-pyrrolidino-etonitazene", Amount: 123456.789 + float64(i), Unit: "µg/ml", Note: text})
	}
	for i := range MaxRegions {
		a.Regions = append(a.Regions, []string{"PL-14", "UA-30", "GR-I", "LT-VL", "PT-11"}[i%5])
	}
	for _, l := range []string{"pl", "en", "de", "cs", "sk", "fr", "es", "it", "ro", "hu"} {
		a.Advice[l] = long("Ｎaloxone💉 ", MaxAdviceRunes)
	}
	return a
}

// telegramLen is the length Telegram checks: UTF-16 code units of the
// parsed text, trimmed.
func telegramLen(text string) int {
	return len(utf16.Encode([]rune(strings.TrimSpace(text))))
}

// checkTelegram fails unless s parses as Telegram HTML within limit.
func checkTelegram(t *testing.T, what, s string, limit int) string {
	t.Helper()
	plain, _, err := tgfake.ParseHTML(s)
	if err != nil {
		t.Fatalf("%s does not parse as Telegram HTML: %v\n%s", what, err, s)
	}
	if n := telegramLen(plain); n > limit {
		t.Errorf("%s is %d characters; Telegram allows %d", what, n, limit)
	}
	if n := plainLen(s); n < telegramLen(plain) {
		t.Errorf("%s: plainLen says %d, Telegram counts %d", what, n, telegramLen(plain))
	}
	return plain
}

func TestRenderGolden(t *testing.T) {
	r := testRenderer(t)
	for _, lang := range locales.Languages {
		var b strings.Builder
		for _, c := range renderCases() {
			m := r.Render(c.view, lang)
			fmt.Fprintf(&b, "=== %s\n", c.name)
			if m.Photo != "" {
				fmt.Fprintf(&b, "--- photo\n%s\n--- caption\n%s\n", m.Photo, m.Caption)
			}
			fmt.Fprintf(&b, "--- text\n%s\n", m.Text)
			if f := r.FollowUp(c.view, lang); f != "" {
				fmt.Fprintf(&b, "--- follow-up\n%s\n", f)
			}
			b.WriteString("\n")
		}
		golden := filepath.Join("testdata", "render", lang+".txt")
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./alerts -update to create it)", err)
		}
		if b.String() != string(want) {
			t.Errorf("%s: rendering differs from %s (run with -update if the change is intended):\n%s", lang, golden, b.String())
		}
	}
}

func TestRenderParsesAndFits(t *testing.T) {
	r := testRenderer(t)
	cases := renderCases()
	max := maximalAlert()
	prev := maximalAlert()
	prev.Severity = Caution
	cancel := &Alert{MsgType: MsgCancel, Advice: map[string]string{"de": maximalAlert().Advice["de"]}}
	cases = append(cases,
		renderCase{"maximal", View{Alert: max, Previous: prev, Source: strings.Repeat("<Lab & co> ", 50), Now: renderNow}},
		renderCase{"maximal withdrawn", View{Alert: max, Cancel: cancel, Source: strings.Repeat("😀", 300), Now: renderNow}},
	)
	for _, lang := range append(locales.Languages, "xx") {
		for _, c := range cases {
			t.Run(lang+"/"+c.name, func(t *testing.T) {
				m := r.Render(c.view, lang)
				plain := checkTelegram(t, "text", m.Text, MaxTextUnits)
				if (m.Photo != "") != (c.view.Alert.PhotoURL != "") || (m.Photo == "") != (m.Caption == "") {
					t.Errorf("photo %q, caption %q for photo URL %q", m.Photo, m.Caption, c.view.Alert.PhotoURL)
				}
				if m.Caption != "" {
					checkTelegram(t, "caption", m.Caption, MaxCaptionUnits)
				}
				if f := r.FollowUp(c.view, lang); f != "" {
					checkTelegram(t, "follow-up", f, MaxTextUnits)
				}
				l := r.labelsFor(lang)
				if strings.HasPrefix(c.name, "maximal") {
					if !strings.Contains(plain, l.shortened) {
						t.Errorf("a shortened alert does not say so:\n%s", plain)
					}
					return
				}
				if strings.Contains(plain, l.shortened) {
					t.Errorf("an alert that fits says it was shortened:\n%s", plain)
				}
				if !strings.Contains(plain, clean(c.view.Source)) {
					t.Errorf("the source %q is not shown:\n%s", c.view.Source, plain)
				}
			})
		}
	}
}

// TestRenderTelegramPhoto checks that a photo sent to the bot while
// composing goes out by its file_id, with the caption a photo URL gets.
func TestRenderTelegramPhoto(t *testing.T) {
	r := testRenderer(t)
	byURL := renderCases()[0].view
	byID := byURL
	a := *byURL.Alert
	a.PhotoURL, a.PhotoFileID = "", "AgACAgIAAxkBAAIB-x_1"
	byID.Alert = &a
	if byURL.Alert.PhotoURL == "" {
		t.Fatal("the first render case has no photo URL to compare with")
	}
	withURL, withID := r.Render(byURL, "pl"), r.Render(byID, "pl")
	if withID.Photo != a.PhotoFileID || withID.Caption == "" || withID.Caption != withURL.Caption || withID.Text != withURL.Text {
		t.Errorf("file id rendering = %+v; want the photo by id and what the URL rendering has: %+v", withID, withURL)
	}
}

func TestRenderShowsPartnerTextAsText(t *testing.T) {
	r := testRenderer(t)
	v := renderCases()[0].view
	m := r.Render(v, "en")
	plain, entities, err := tgfake.ParseHTML(m.Text)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"heroin <brown>", `"Tesla" & co`, "<b>low</b> purity", renderSource, "Do not use alone. Carry naloxone.\nStart with a very small amount."} {
		if !strings.Contains(plain, want) {
			t.Errorf("%q is not in the text as it is:\n%s", want, plain)
		}
	}
	var link bool
	for _, e := range entities {
		if e.Type == "text_link" && e.URL == v.Alert.SampleLink {
			link = true
		}
	}
	if !link {
		t.Errorf("no link to the sample %s in %+v", v.Alert.SampleLink, entities)
	}
}

func TestRenderLanguageParts(t *testing.T) {
	r := testRenderer(t)
	v := renderCases()[0].view
	tests := []struct {
		lang string
		want []string
	}{
		{"en", []string{"xylazine — 12.5 %", "isotonitazene — traces", "heroin — 0.3 g", "Masovia (Warsaw), Lesser Poland (Kraków)", "2026-12-04 11:00 (Poland time)", "Advice from the lab:\nDo not use alone."}},
		{"pl", []string{"ksylazyna — 12,5 %", "izotonitazen — śladowe ilości", "heroina — 0,3 g", "Mazowieckie (Warszawa)", "2026-12-04 11:00 (czas lokalny: Polska)", "Nie używaj w pojedynkę."}},
		{"uk", []string{"ксилазин — 12,5 %", "Мазовецьке воєводство", "(мова: англійська):\nDo not use alone."}},
		{"pt", []string{"xilazina — 12,5 %", "Conselhos do laboratório, em inglês:"}},
		{"nl", []string{"Advies van het lab, in het Engels:"}},
		{"lt", []string{"Laboratorijos patarimai anglų kalba:"}},
		{"xx", []string{"xylazine — 12.5 %"}},
	}
	for _, tt := range tests {
		plain, _, err := tgfake.ParseHTML(r.Render(v, tt.lang).Text)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(plain, w) {
				t.Errorf("%s: %q missing from\n%s", tt.lang, w, plain)
			}
		}
	}
}

func TestRenderTimeZone(t *testing.T) {
	r := testRenderer(t)
	l := r.labelsFor("en")
	at := time.Date(2026, 7, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		regions []string
		want    string
	}{
		{[]string{"PL-14"}, "2026-07-01 12:00 (Poland time)"},
		{[]string{"PT"}, "2026-07-01 11:00 (Portugal time)"},
		{[]string{"UA-30", "PL-14"}, "2026-07-01 13:00 (Ukraine time)"},
		{[]string{"XX-1"}, "2026-07-01 10:00 UTC"},
		{nil, "2026-07-01 10:00 UTC"},
	}
	for _, tt := range tests {
		if got := r.when(at, tt.regions, l); got != tt.want {
			t.Errorf("when(%v) = %q, want %q", tt.regions, got, tt.want)
		}
	}
}

func TestAmountText(t *testing.T) {
	r := testRenderer(t)
	tests := []struct {
		c        Content
		lang     string
		want     string
		wantLang string
	}{
		{Content{Amount: 12.5, Unit: "mg"}, "en", "12.5 mg", ""},
		{Content{Amount: 12.5, Unit: "mg"}, "pl", "12,5 mg", ""},
		{Content{Amount: 12.5, Unit: "mg"}, "el", "12,5 mg", ""},
		{Content{Amount: 0.1 + 0.2, Unit: "g"}, "nl", "0,3 g", ""},
		{Content{Amount: 180, Unit: "mg"}, "ru", "180 mg", ""},
		{Content{Amount: 30}, "en", "30", ""},
		{Content{Unit: "µg"}, "en", "0 µg", ""},
		{Content{}, "en", "", ""},
		{Content{Trace: true}, "en", "traces", ""},
		{Content{Trace: true}, "uk", "сліди", ""},
		{Content{Amount: 1, Unit: "<b>"}, "en", "1 &lt;b&gt;", ""},
	}
	for _, tt := range tests {
		if got := amountText(tt.c, r.labelsFor(tt.lang)); got != tt.want {
			t.Errorf("amountText(%+v, %s) = %q, want %q", tt.c, tt.lang, got, tt.want)
		}
	}
}

func TestPickText(t *testing.T) {
	tests := []struct {
		texts    map[string]string
		lang     string
		want, in string
	}{
		{map[string]string{"pl": "a", "en": "b"}, "pl", "a", ""},
		{map[string]string{"pl": "a", "en": "b"}, "uk", "b", "en"},
		{map[string]string{"pl": "a", "cs": "c"}, "uk", "c", "cs"},
		{map[string]string{"pl": " ", "en": "b"}, "pl", "b", "en"},
		{map[string]string{"uk": "", "pl": " a "}, "uk", "a", "pl"},
		{nil, "en", "", ""},
	}
	for _, tt := range tests {
		if got, in := pickText(tt.texts, tt.lang); got != tt.want || in != tt.in {
			t.Errorf("pickText(%v, %s) = %q, %q; want %q, %q", tt.texts, tt.lang, got, in, tt.want, tt.in)
		}
	}
}

func TestChanges(t *testing.T) {
	r := testRenderer(t)
	l := r.labelsFor("en")
	tests := []struct {
		name   string
		change func(*Alert)
		want   string
	}{
		{"nothing", func(*Alert) {}, ""},
		{"severity raised", func(a *Alert) { a.Severity = Warning }, "What changed: alert level raised."},
		{"severity lowered", func(a *Alert) { a.Severity = Information }, "What changed: alert level lowered."},
		{"contents", func(a *Alert) { a.Contents[0].Amount = 3 }, "What changed: what was found in the sample."},
		{"overdoses", func(a *Alert) { a.LinkedToOverdoses = true }, "What changed: now linked to overdoses."},
		{"description", func(a *Alert) { a.Appearance.Colour = "blue" }, "What changed: description of the sample."},
		{"regions", func(a *Alert) { a.Regions = append(a.Regions, "PL-24") }, "What changed: regions."},
		{"regions reordered", func(a *Alert) { a.Regions = []string{"PL-12", "PL-14"} }, ""},
		{"advice", func(a *Alert) { a.Advice["uk"] = "Не вживайте наодинці." }, "What changed: advice."},
		{"expiry", func(a *Alert) { a.Expires = a.Expires.Add(24 * time.Hour) }, "What changed: dates."},
		{"photo only", func(a *Alert) { a.PhotoURL = "https://lab.example.org/other.jpg" }, "What changed: other details."},
		{"several", func(a *Alert) {
			a.Severity = Warning
			a.Regions = []string{"PL"}
			a.Advice = map[string]string{"en": "x"}
		},
			"What changed: alert level raised, regions, advice."},
	}
	for _, tt := range tests {
		prev := renderAlert()
		prev.Severity, prev.LinkedToOverdoses = Caution, false
		prev.Regions = []string{"PL-14", "PL-12"}
		a := renderAlert()
		a.Severity, a.LinkedToOverdoses = Caution, false
		a.Regions = []string{"PL-14", "PL-12"}
		tt.change(a)
		if got := r.changes(prev, a, l); got != tt.want {
			t.Errorf("%s: changes = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestFollowUp(t *testing.T) {
	r := testRenderer(t)
	base := renderAlert()
	lower, higher := renderAlert(), renderAlert()
	lower.Severity, higher.Severity = Caution, Warning
	same := renderAlert()
	withReason := &Alert{MsgType: MsgCancel, Advice: map[string]string{"en": "Wrong sample <id>."}}
	noReason := &Alert{MsgType: MsgCancel}
	noSoldAs := renderAlert()
	noSoldAs.SoldAs = ""

	tests := []struct {
		name string
		view View
		want []string // nil: no follow-up
	}{
		{"new alert", View{Alert: base, Source: "Lab", Now: renderNow}, nil},
		{"update, same level", View{Alert: same, Previous: base, Source: "Lab", Now: renderNow}, nil},
		{"update, level lowered", View{Alert: lower, Previous: higher, Source: "Lab", Now: renderNow}, nil},
		{"update, level raised", View{Alert: higher, Previous: lower, Source: "Lab", Now: renderNow},
			[]string{"⬆️", "<b>WARNING</b>", "heroin &lt;brown&gt;"}},
		{"update, level raised, expired", View{Alert: higher, Previous: lower, Source: "Lab", Now: higher.Expires}, nil},
		{"update without the previous version", View{Alert: higher, Source: "Lab", Now: renderNow}, nil},
		{"withdrawn with a reason", View{Alert: base, Cancel: withReason, Source: "Lab & co", Now: renderNow},
			[]string{"heroin &lt;brown&gt;", "Lab &amp; co", "Wrong sample &lt;id&gt;."}},
		{"withdrawn without a reason", View{Alert: base, Cancel: noReason, Source: "Lab", Now: renderNow},
			[]string{"The alert about heroin &lt;brown&gt; has been withdrawn by Lab."}},
		{"withdrawn after a raise", View{Alert: higher, Previous: lower, Cancel: noReason, Source: "Lab", Now: renderNow},
			[]string{"withdrawn"}},
		{"withdrawn, nothing sold as", View{Alert: noSoldAs, Cancel: noReason, Source: "Lab", Now: renderNow},
			[]string{"The alert about isotonitazene has been withdrawn"}},
	}
	for _, tt := range tests {
		got := r.FollowUp(tt.view, "en")
		if (got == "") != (tt.want == nil) {
			t.Errorf("%s: FollowUp = %q, want one: %v", tt.name, got, tt.want != nil)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: FollowUp = %q, want it to contain %q", tt.name, got, w)
			}
		}
		if _, _, err := tgfake.ParseHTML(got); err != nil {
			t.Errorf("%s: FollowUp %q does not parse: %v", tt.name, got, err)
		}
	}
	if got := r.FollowUp(View{}, "en"); got != "" {
		t.Errorf("FollowUp without an alert = %q", got)
	}
}

func TestEveryFormAndSeverityIsLocalized(t *testing.T) {
	r := testRenderer(t)
	for _, lang := range locales.Languages {
		l := r.labelsFor(lang)
		seen := map[string]Form{}
		for _, f := range Forms {
			name := l.forms[f]
			if name == "" {
				t.Errorf("%s: form %s has no name", lang, f)
			}
			if other, ok := seen[name]; ok {
				t.Errorf("%s: forms %s and %s are both %q", lang, other, f, name)
			}
			seen[name] = f
		}
		for _, s := range []Severity{Information, Caution, Warning} {
			if l.severity[s] == "" {
				t.Errorf("%s: severity %s has no name", lang, s)
			}
		}
	}
}

func TestClipUnits(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"two words here", 10, "two words…"},
		{"abcdefghijkl", 6, "abcde…"},
		{"😀😀😀", 4, "😀…"},
		{"😀😀", 4, "😀😀"},
		{"x", 0, ""},
	}
	for _, tt := range tests {
		got := clipUnits(tt.in, tt.limit)
		if got != tt.want || utf16Len(got) > max(tt.limit, 0) {
			t.Errorf("clipUnits(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	r := testRenderer(b)
	v := renderCases()[1].view // an update: what changed, times, advice
	r.Render(v, "pl")          // labels are prepared once, outside the loop
	b.ReportAllocs()
	for b.Loop() {
		r.Render(v, "pl")
	}
}
