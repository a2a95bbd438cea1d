package alerts

import (
	"strings"
	"testing"

	"github.com/peerbot/peerbot/bot/tgfake"
)

// FuzzRender feeds arbitrary partner text into every free-text field of an
// alert and checks that what Telegram would show is that text, as it is:
// escaped, never interpreted as markup, and within Telegram's limits.
// Seeds are in testdata/fuzz/FuzzRender; run it with
//
//	go test ./alerts -run '^$' -fuzz FuzzRender -fuzztime 1m
func FuzzRender(f *testing.F) {
	f.Add("MDMA", "cannot tell from dexmedetomidine", "Tesla", "Do not use alone.", "Checkit!", "https://lab.example.org/s/1")
	r := testRenderer(f)
	f.Fuzz(func(t *testing.T, soldAs, note, logo, advice, source, link string) {
		a := renderAlert()
		a.SoldAs, a.Contents[0].Note, a.Appearance.Logo = soldAs, note, logo
		a.Advice = map[string]string{"en": advice}
		a.SampleLink, a.PhotoURL = link, link
		cancel := &Alert{MsgType: MsgCancel, Advice: map[string]string{"en": note}}
		views := []struct {
			lang string
			view View
		}{
			{"en", View{Alert: a, Source: source, Now: renderNow}},
			{"pl", View{Alert: a, Cancel: cancel, Source: source, Now: renderNow}},
		}
		for _, v := range views {
			m := r.Render(v.view, v.lang)
			plain, entities, err := tgfake.ParseHTML(m.Text)
			if err != nil {
				t.Fatalf("%s: text does not parse: %v\n%s", v.lang, err, m.Text)
			}
			if n := telegramLen(plain); n > MaxTextUnits {
				t.Fatalf("%s: text is %d characters", v.lang, n)
			}
			shortened := strings.Contains(plain, r.labelsFor(v.lang).shortened)
			// Short fields appear whole; in an alert shortened to fit,
			// they may be clipped to compactField.
			for _, s := range []string{soldAs, note, logo} {
				want := clean(s)
				if shortened {
					want = strings.TrimSuffix(clipUnits(want, compactField), "…")
				}
				if !strings.Contains(plain, want) {
					t.Fatalf("%s: %q is not in the text as it is:\n%s", v.lang, want, plain)
				}
			}
			if want := clipUnits(clean(source), maxSourceUnits); want != "" && !strings.Contains(plain, want) {
				t.Fatalf("%s: source %q is not in the text as it is:\n%s", v.lang, want, plain)
			}
			if want := clean(advice); !shortened && !strings.Contains(plain, want) {
				t.Fatalf("%s: advice %q is not in the text as it is:\n%s", v.lang, want, plain)
			}
			if linkable(link) {
				found := false
				for _, e := range entities {
					found = found || e.Type == "text_link" && e.URL == clean(link)
				}
				if !found {
					t.Fatalf("%s: no link to %q in %+v", v.lang, clean(link), entities)
				}
				if m.Photo != clean(link) {
					t.Fatalf("%s: photo %q, want %q", v.lang, m.Photo, clean(link))
				}
			} else if m.Photo != "" || m.Caption != "" {
				t.Fatalf("%s: photo %q from an address that is not a web link", v.lang, m.Photo)
			}
			if m.Caption != "" {
				caption, _, err := tgfake.ParseHTML(m.Caption)
				if err != nil {
					t.Fatalf("%s: caption does not parse: %v\n%s", v.lang, err, m.Caption)
				}
				if n := telegramLen(caption); n > MaxCaptionUnits {
					t.Fatalf("%s: caption is %d characters", v.lang, n)
				}
				if want := clipUnits(clean(soldAs), maxCaptionField); !strings.Contains(caption, want) {
					t.Fatalf("%s: sold as %q is not in the caption as it is:\n%s", v.lang, want, caption)
				}
			}
			if fu := r.FollowUp(v.view, v.lang); fu != "" {
				text, _, err := tgfake.ParseHTML(fu)
				if err != nil {
					t.Fatalf("%s: follow-up does not parse: %v\n%s", v.lang, err, fu)
				}
				if want := clipUnits(clean(note), maxReasonUnits); !strings.Contains(text, want) {
					t.Fatalf("%s: reason %q is not in the follow-up as it is:\n%s", v.lang, want, text)
				}
			}
		}
	})
}
