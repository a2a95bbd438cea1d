package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/info"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/people"
)

// cardLine is the first line of a card's page as a person in lang sees it.
func cardLine(t *testing.T, id info.CardID, lang string, page int) string {
	t.Helper()
	subs, err := content.LoadSubstances()
	if err != nil {
		t.Fatal(err)
	}
	lib, _, err := info.Load(content.BuiltinCards(), "", subs)
	if err != nil {
		t.Fatal(err)
	}
	c, ok := lib.Card(id)
	if !ok {
		t.Fatalf("no card %s", id)
	}
	text, _ := c.In(lang)
	plain, _, err := tgfake.ParseHTML(text.Pages[page])
	if err != nil {
		t.Fatal(err)
	}
	return firstLine(plain)
}

// cardTitle is a card's title in lang.
func cardTitle(t *testing.T, id info.CardID, lang string) string {
	t.Helper()
	subs, _ := content.LoadSubstances()
	lib, _, _ := info.Load(content.BuiltinCards(), "", subs)
	c, _ := lib.Card(id)
	text, _ := c.In(lang)
	return text.Title
}

// TestInfoSearchInUkrainian: a person types "налоксон" and gets the
// naloxone card in Ukrainian; a word found nowhere gets the list of topics.
func TestInfoSearchInUkrainian(t *testing.T) {
	h := newHarness(t, nil)
	p := h.newPerson(22001, "uk")
	p.onboard("uk", "UA", "UA-46")

	card := p.send("налоксон", cardLine(t, "naloxone", "uk", 0))
	if !strings.Contains(card.Text, "Як застосувати") || !shows(card, p.text(locales.ButtonInfoList, nil)) {
		t.Errorf("naloxone card in Ukrainian:\n%s", p.transcript())
	}
	// Latin script and another language's spelling find it too, shown in
	// the person's language.
	p.send("Nalokson", cardLine(t, "naloxone", "uk", 0))
	p.send("ksylazyna", cardLine(t, "xylazine", "uk", 0))

	list := p.send("абракадабра", p.text(locales.InfoNotFound, nil))
	if !shows(list, cardTitle(t, "naloxone", "uk")) {
		t.Errorf("nothing found, without the list of topics:\n%s", p.transcript())
	}
	p.press(cardTitle(t, "naloxone", "uk"), cardLine(t, "naloxone", "uk", 0))
}

// TestInfoListInPolish: /info lists the topics in Polish, pages through
// them, opens a two-page card in place and comes back; the main menu has
// the button; a Dutch reader gets English with a note.
func TestInfoListInPolish(t *testing.T) {
	h := newHarness(t, nil)
	p := h.newPerson(22002, "pl")
	p.onboard("pl", "PL", "PL-12")

	p.send("/info", firstLine(p.text(locales.InfoList, nil)))
	p.press(p.text(locales.ButtonInfoNext, nil), cardTitle(t, "xylazine", "pl"))
	p.press(cardTitle(t, "xylazine", "pl"), cardLine(t, "xylazine", "pl", 0))
	p.press(p.text(locales.ButtonInfoNext, nil), cardLine(t, "xylazine", "pl", 1))
	p.press(p.text(locales.ButtonInfoPrev, nil), cardLine(t, "xylazine", "pl", 0))
	// Back to the page of the list the card was opened from.
	p.press(p.text(locales.ButtonInfoList, nil), cardTitle(t, "xylazine", "pl"))
	if msgs := h.fake.BotMessages(22002); !strings.Contains(msgs[len(msgs)-1].Text, firstLine(p.text(locales.InfoList, nil))) {
		t.Errorf("the list and its cards did not stay in one message:\n%s", p.transcript())
	}
	p.press(p.text(locales.ButtonMenu, nil), p.text(locales.MainMenu, nil))
	p.press(p.text(locales.ButtonInfo, nil), cardTitle(t, "naloxone", "pl"))

	nl := h.newPerson(22003, "nl")
	nl.onboard("nl", "NL", "NL-NH")
	nl.send("/info", firstLine(nl.text(locales.InfoList, nil)))
	card := nl.press(cardTitle(t, "naloxone", "en"), nl.text(locales.InfoInEnglish, nil))
	if !strings.Contains(card.Text, cardLine(t, "naloxone", "en", 0)) {
		t.Errorf("Dutch reader: %s", card.Text)
	}
}

// TestAlertLinksToCards: an alert naming isotonitazene and xylazine comes
// with buttons for their cards, keeps them when it is updated in place,
// and a button opens the card below the alert.
func TestAlertLinksToCards(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	h.fake.AddUser(22004, "pl")
	if err := h.svc.people.SeedPeople(ctx, []people.ChatID{22004}, "pl", []string{"PL-14"}, []string{"opioids"}); err != nil {
		t.Fatal(err)
	}
	p := &person{h: h, id: 22004, lang: "pl"}

	var stdout, stderr bytes.Buffer
	m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string {
		return map[string]string{"DATABASE_URL": h.cfg.DatabaseURL, "LOG_LEVEL": "warn"}[k]
	}}
	if code := m.Run(ctx, []string{"partners", "add", "Warsaw Lab", "--region", "PL-14"}); code != 0 {
		t.Fatalf("partners add: exit %d: %s", code, stderr.String())
	}
	c := &alertClient{t: t, base: "http://" + h.svc.addr, token: regexp.MustCompile(`(?m)^pb_\S+$`).FindString(stdout.String())}
	raw, err := os.ReadFile("../../alerts/testdata/alert.json")
	if err != nil {
		t.Fatal(err)
	}
	expires := time.Now().Add(14 * 24 * time.Hour).UTC().Format(time.RFC3339)
	body := strings.ReplaceAll(string(raw), "2026-12-04T10:00:00Z", expires)
	first := c.post("application/json", body, http.StatusCreated)

	alert := waitBotMessage(t, h, 22004, "light brown")
	for _, id := range []info.CardID{"nitazenes", "xylazine"} {
		if !shows(alert, "ℹ️ "+cardTitle(t, id, "pl")) {
			t.Errorf("the alert has no button for the %s card:\n%s", id, p.transcript())
		}
	}
	waitDelivered(t, c, first.resource.ID, 1, 1)

	update := strings.Replace(body, `"identifier": "WAW-2026-0412"`, `"identifier": "WAW-2026-0412-2"`, 1)
	update = strings.Replace(update, `"msg_type": "alert"`, `"msg_type": "update", "references": [{"identifier": "WAW-2026-0412"}]`, 1)
	update = strings.ReplaceAll(update, "light brown", "dark brown")
	c.post("application/json", update, http.StatusCreated)
	edited := waitMessage(t, h, 22004, alert.ID, "dark brown")
	if !shows(edited, "ℹ️ "+cardTitle(t, "xylazine", "pl")) {
		t.Errorf("the update removed the card buttons:\n%s", p.transcript())
	}

	p.press(cardTitle(t, "xylazine", "pl"), cardLine(t, "xylazine", "pl", 0))
	if got := waitMessage(t, h, 22004, alert.ID, "dark brown"); !strings.Contains(got.Text, "dark brown") {
		t.Errorf("the card replaced the alert:\n%s", p.transcript())
	}
}

// TestInfoSearchSeveralMatches: a word several cards are about offers
// them as buttons, and one opens in place.
func TestInfoSearchSeveralMatches(t *testing.T) {
	h := newHarness(t, nil)
	p := h.newPerson(22005, "en")
	p.onboard("en", "PT", "PT-11")
	list := p.send("test", p.text(locales.InfoMatches, nil))
	for _, id := range []info.CardID{"drug-checking", "testing"} {
		if !shows(list, cardTitle(t, id, "en")) {
			t.Errorf("matches for \"test\" lack %s:\n%s", id, p.transcript())
		}
	}
	p.press(cardTitle(t, "testing", "en"), cardLine(t, "testing", "en", 0))
	if n := len(h.fake.BotMessages(22005)); !strings.Contains(h.fake.BotMessages(22005)[n-1].Text, cardLine(t, "testing", "en", 0)) {
		t.Errorf("the card did not open in place of the matches:\n%s", p.transcript())
	}
}

// TestOrganisationCards: an organisation's CONTENT_DIR adds a card of its
// own; a broken one is logged with its file and line and left out, and
// the bot runs with the others.
func TestOrganisationCards(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"cards/van/card.yaml": "id: van\nversion: 1\norder: 0\n",
		"cards/van/en.yaml":   "title: Our van\nkeywords: [van, outreach]\ntext: <b>Our van</b> is at the station every evening.\n",
		"cards/van/pl.yaml":   "title: Nasz bus\nkeywords: [bus, streetwork]\ntext: <b>Nasz bus</b> stoi co wieczór przy dworcu.\n",
		"cards/bad/card.yaml": "id: bad\nversion: 1\n",
		"cards/bad/en.yaml":   "title: Bad\ntext: <b>never closed\n",
	}
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, map[string]string{"CONTENT_DIR": dir})
	if want := filepath.Join(dir, "cards", "bad", "en.yaml") + ":2: page 1: <b> is never closed"; !strings.Contains(h.logs.String(), want) {
		t.Errorf("logs lack %q", want)
	}
	p := h.newPerson(22006, "pl")
	p.onboard("pl", "PL", "PL-12")
	p.send("streetwork", "Nasz bus stoi co wieczór przy dworcu.")
	list := p.send("/info", firstLine(p.text(locales.InfoList, nil)))
	if !shows(list, "Nasz bus") || shows(list, "Bad") {
		t.Errorf("the list with the organisation's cards:\n%s", p.transcript())
	}
}
