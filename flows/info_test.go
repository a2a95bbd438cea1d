package flows

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/info"
	"github.com/peerbot/peerbot/locales"
)

func loadCards(t *testing.T) (*locales.Catalog, *info.Library) {
	t.Helper()
	cat, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	subs, err := content.LoadSubstances()
	if err != nil {
		t.Fatal(err)
	}
	lib, problems, err := info.Load(content.BuiltinCards(), "", subs)
	if err != nil || len(problems) > 0 {
		t.Fatalf("loading cards: %v %v", problems, err)
	}
	return cat, lib
}

// TestCardsRender: every page of every card, as each language sees it,
// parses as Telegram HTML and fits one message; languages without the
// card get the English text under a one-line note in their own language.
func TestCardsRender(t *testing.T) {
	cat, lib := loadCards(t)
	for _, c := range lib.Cards() {
		for _, lang := range locales.Languages {
			text, fallback := c.In(lang)
			for page := range text.Pages {
				out := RenderCardPage(cat, c, lang, page)
				plain, _, err := tgfake.ParseHTML(out)
				if err != nil {
					t.Errorf("%s/%s page %d: %v", c.ID, lang, page+1, err)
					continue
				}
				if n := len(utf16.Encode([]rune(plain))); n > bot.MaxText {
					t.Errorf("%s/%s page %d: %d characters", c.ID, lang, page+1, n)
				}
				note := cat.T(lang, locales.InfoInEnglish, nil)
				if got := strings.HasPrefix(out, note); got != fallback {
					t.Errorf("%s/%s: note shown %v, want %v", c.ID, lang, got, fallback)
				}
			}
			// The button that opens the card, with the longest page and
			// list numbers it may carry, fits Telegram's 64 bytes.
			data, err := bot.EncodeCallback(bot.Callback{Action: cardAction, Args: []string{string(c.ID), "99", "99"}})
			if err != nil || len(data) > bot.MaxCallbackData {
				t.Errorf("%s: callback %q: %v", c.ID, data, err)
			}
		}
	}
	// The fallback note is there in every language that has no cards.
	for _, lang := range []string{"nl", "lt", "el", "ru"} {
		if note := cat.T(lang, locales.InfoInEnglish, nil); note == cat.T("en", locales.InfoInEnglish, nil) {
			t.Errorf("%s: the fallback note is not translated", lang)
		}
	}
}

func TestCardLinks(t *testing.T) {
	_, lib := loadCards(t)
	kb := CardLinks{Cards: lib}.Keyboard([]string{"isotonitazene", "xylazine"}, "pl")
	var got []string
	for _, row := range kb {
		for _, b := range row {
			got = append(got, b.Text+" "+b.Data)
		}
	}
	want := []string{"ℹ️ Nitazeny v1:card:nitazenes", "ℹ️ Ksylazyna i medetomidyna v1:card:xylazine", "ℹ️ Nalokson: gdzie go dostać i jak go użyć v1:card:naloxone"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("buttons:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if kb := (CardLinks{Cards: lib}).Keyboard([]string{"unknown"}, "pl"); kb != nil {
		t.Errorf("buttons for an unknown substance: %v", kb)
	}
}
