package alerts_test

import (
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
)

// TestRenderEscapesLikeBot checks that the renderer escapes partner text
// exactly as bot.EscapeHTML does, the one escaper the rest of the bot uses
// (the alerts domain keeps its own copy so as not to import the adapter).
func TestRenderEscapesLikeBot(t *testing.T) {
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
	r := &alerts.Renderer{Catalog: cat, Substances: subs, Regions: regions}
	for _, s := range []string{"plain", `<b>"x"</b> & y`, "&amp; &lt; &#60;", "ü😀", "\xff\xfe", "a > b"} {
		a := &alerts.Alert{MsgType: alerts.MsgAlert, Severity: alerts.Caution, SoldAs: s,
			Contents: []alerts.Content{{Substance: "mdma"}}, Advice: map[string]string{"en": "x"}, Regions: []string{"PL"}}
		text := r.Render(alerts.View{Alert: a, Source: "Lab", Now: time.Now()}, "en").Text
		if want := "<b>Sold as:</b> " + bot.EscapeHTML(s) + "\n"; !strings.Contains(text, want) {
			t.Errorf("sold as %q: want %q in\n%s", s, want, text)
		}
	}
}
