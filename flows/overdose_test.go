package flows

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
)

// screenLimit is how much plain text one step of the overdose guide may
// have: about what a small phone shows without scrolling, far below
// Telegram's 4096.
const screenLimit = 800

// wantEmergency is the emergency number each country of the built-in
// region list must show. A country added to regions.yaml must be added
// here, checked against the country's official emergency services.
var wantEmergency = map[string]string{
	"PL": "112",
	"PT": "112",
	"NL": "112",
	"LT": "112",
	"GR": "112",
	"UA": "112",
}

func loadGuide(t *testing.T) (*locales.Catalog, *content.Regions) {
	t.Helper()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	return cat, regions
}

// plain parses a rendered step as Telegram would, failing on bad HTML.
func plain(t *testing.T, html string) string {
	t.Helper()
	text, _, err := tgfake.ParseHTML(html)
	if err != nil {
		t.Fatalf("does not parse as Telegram HTML: %v\n%s", err, html)
	}
	return text
}

// TestOverdoseStepsFit renders every step in every language, for every
// country and for an unknown one: each parses as Telegram HTML, fits a
// screen, and names the right emergency number.
func TestOverdoseStepsFit(t *testing.T) {
	cat, regions := loadGuide(t)
	countries := []string{""}
	for _, c := range regions.Countries {
		countries = append(countries, c.Code)
	}
	for _, lang := range locales.Languages {
		for step := 1; step <= len(OverdoseSteps); step++ {
			for _, country := range countries {
				html := RenderOverdoseStep(cat, regions, lang, step, country)
				text := plain(t, html)
				n := len(utf16.Encode([]rune(text)))
				if n > bot.MaxText || n > screenLimit {
					t.Errorf("%s step %d (%q): %d characters, want at most %d", lang, step, country, n, screenLimit)
				}
				if strings.Contains(text, "{{") || strings.Contains(text, "<no value>") {
					t.Errorf("%s step %d (%q): template left unfilled:\n%s", lang, step, country, text)
				}
				if country == "" {
					continue
				}
				c, _ := regions.Country(country)
				switch OverdoseSteps[step-1] {
				case locales.OverdoseCall:
					if !strings.Contains(text, c.Emergency) || !strings.Contains(text, regions.Name(country, lang)) {
						t.Errorf("%s step %d for %s: no %s or country name:\n%s", lang, step, country, c.Emergency, text)
					}
				case locales.OverdoseNoNaloxone, locales.OverdoseStimulants:
					if !strings.Contains(text, c.Emergency) {
						t.Errorf("%s step %d for %s: no %s:\n%s", lang, step, country, c.Emergency, text)
					}
				}
			}
		}
	}
}

// TestOverdoseEmergencyNumbers checks the number of every country the
// deployment lists, and that the guide shows it.
func TestOverdoseEmergencyNumbers(t *testing.T) {
	cat, regions := loadGuide(t)
	for _, c := range regions.Countries {
		want, ok := wantEmergency[c.Code]
		if !ok {
			t.Errorf("%s: no expected emergency number in this test; add one", c.Code)
			continue
		}
		if c.Emergency != want {
			t.Errorf("%s: emergency number %q, want %q", c.Code, c.Emergency, want)
		}
		text := plain(t, RenderOverdoseStep(cat, regions, "en", 2, c.Code))
		if line := "Call " + want + " now (" + regions.Name(c.Code, "en") + ")."; !strings.Contains(text, line) {
			t.Errorf("%s: step 2 does not say %q:\n%s", c.Code, line, text)
		}
	}
	// Unknown country: every number, with the countries it is for.
	text := plain(t, RenderOverdoseStep(cat, regions, "el", 2, ""))
	for _, c := range regions.Countries {
		if !strings.Contains(text, regions.Name(c.Code, "el")) || !strings.Contains(text, c.Emergency) {
			t.Errorf("unknown country: %s or %s missing:\n%s", regions.Name(c.Code, "el"), c.Emergency, text)
		}
	}
}

// TestOverdoseSaysAsMuch compares every language with English: the same
// bullet points and the same figures (doses, seconds, minutes, numbers),
// so no translation leaves an instruction out.
func TestOverdoseSaysAsMuch(t *testing.T) {
	cat, regions := loadGuide(t)
	figures := regexp.MustCompile(`[0-9]+`)
	shape := func(text string) (int, []string) {
		f := figures.FindAllString(text, -1)
		slices.Sort(f)
		return strings.Count(text, "•"), f
	}
	for step := 1; step <= len(OverdoseSteps); step++ {
		for _, country := range []string{"", "GR"} {
			bullets, figs := shape(plain(t, RenderOverdoseStep(cat, regions, "en", step, country)))
			for _, lang := range locales.Languages[1:] {
				b, f := shape(plain(t, RenderOverdoseStep(cat, regions, lang, step, country)))
				if b != bullets || !slices.Equal(f, figs) {
					t.Errorf("%s step %d (%q): %d bullets and figures %v, English has %d and %v", lang, step, country, b, f, bullets, figs)
				}
			}
		}
	}
}

// TestOverdoseButtonsFit checks the guide's callback data against
// Telegram's 64 bytes for every step and country.
func TestOverdoseButtonsFit(t *testing.T) {
	_, regions := loadGuide(t)
	for _, c := range regions.Countries {
		if _, err := bot.EncodeCallback(bot.Callback{Action: overdoseAction, Args: []string{"8", c.Code}}); err != nil {
			t.Errorf("%s: %v", c.Code, err)
		}
	}
}
