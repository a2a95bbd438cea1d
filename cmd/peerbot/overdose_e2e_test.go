package main

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
)

// guideLine is the plain text of the call step's number line, as the
// person sees it.
func (p *person) guideLine(number, country string) string {
	p.h.t.Helper()
	plain, _, err := tgfake.ParseHTML(p.h.catalog.T(p.lang, locales.OverdoseCallOne, map[string]any{"Number": number, "Country": country}))
	if err != nil {
		p.h.t.Fatal(err)
	}
	return plain
}

// firstLine is the first line of a text.
func firstLine(text string) string {
	line, _, _ := strings.Cut(text, "\n")
	return line
}

// TestOverdoseGuideBeforeOnboarding: someone who has not even chosen a
// language taps the overdose button on the very first screen, in Greek,
// goes through the guide and gets Greece's emergency number; nothing
// about them is stored.
func TestOverdoseGuideBeforeOnboarding(t *testing.T) {
	h := newHarness(t, nil)
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	gr, _ := regions.Country("GR")
	p := h.newPerson(21001, "el")
	p.send("/start", p.text(locales.ButtonOverdose, nil))
	p.waitFor(p.text(locales.ChooseLanguage, nil))

	p.press(p.text(locales.ButtonOverdose, nil), firstLine(p.text(locales.OverdoseCheck, nil)))
	// The language picker stays: the guide came as a message of its own.
	p.waitFor(p.text(locales.ChooseLanguage, nil))
	p.press(p.text(locales.ButtonOverdoseNext, nil), "2. ")
	p.press("📍 "+regions.Name("GR", "el"), p.guideLine(gr.Emergency, regions.Name("GR", "el")))
	// The country chosen is carried on: step 7 names Greece's number too.
	p.press(p.text(locales.ButtonOverdoseNext, nil), "3. ")
	p.press(p.text(locales.ButtonOverdoseNoNal, nil), p.text(locales.OverdoseNoNaloxone, map[string]any{"Number": gr.Emergency}))
	p.press(p.text(locales.ButtonOverdoseBack, nil), firstLine(p.text(locales.OverdoseStay, nil)))
	// Every step was an edit of the one guide message.
	msgs := h.fake.BotMessages(21001)
	if len(msgs) != 2 {
		t.Errorf("%d bot messages, want the picker and the guide:\n%s", len(msgs), p.transcript())
	}

	conn, err := pgx.Connect(context.Background(), h.cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM people").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("people has %d rows after reading the overdose guide", n)
	}

	// /overdose works before consent too, and onboarding goes on as before.
	p.send("/overdose", firstLine(p.text(locales.OverdoseCheck, nil)))
	p.press(h.catalog.T("el", locales.LanguageName, nil), p.text(locales.ButtonAgree, nil))
}

// TestOverdoseCommandOnboarded: an onboarded person in Poland gets
// Poland's number straight away with /overdose, and the main menu has
// the button.
func TestOverdoseCommandOnboarded(t *testing.T) {
	h := newHarness(t, nil)
	p := h.newPerson(21002, "pl")
	p.onboard("pl", "PL", "PL-12")
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	if !shows(p.waitFor(p.text(locales.MainMenu, nil)), p.text(locales.ButtonOverdose, nil)) {
		t.Errorf("main menu without the overdose button:\n%s", p.transcript())
	}
	p.send("/overdose", firstLine(p.text(locales.OverdoseCheck, nil)))
	p.press(p.text(locales.ButtonOverdoseNext, nil), p.guideLine("112", regions.Name("PL", "pl")))
	p.press(p.text(locales.ButtonMenu, nil), p.text(locales.MainMenu, nil))
	// From the menu, the guide opens as a new message.
	p.press(p.text(locales.ButtonOverdose, nil), firstLine(p.text(locales.OverdoseCheck, nil)))
}
