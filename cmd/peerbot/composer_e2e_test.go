package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/locales"
)

// partnerLinkCode runs `peerbot partners link-code NAME` and returns the
// code it prints.
func (h *harness) partnerLinkCode(name string) string {
	h.t.Helper()
	var stdout, stderr bytes.Buffer
	m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string {
		return map[string]string{"DATABASE_URL": h.cfg.DatabaseURL, "PEERBOT_SECRET": h.cfg.Secret, "LOG_LEVEL": "warn"}[k]
	}}
	if code := m.Run(context.Background(), []string{"partners", "link-code", name}); code != 0 {
		h.t.Fatalf("partners link-code: exit %d: %s", code, stderr.String())
	}
	code := regexp.MustCompile(`/partner ([0-9A-Z]{10})`).FindStringSubmatch(stdout.String())
	if code == nil {
		h.t.Fatalf("partners link-code printed no code: %s", stdout.String())
	}
	return code[1]
}

// pressForPopup presses the newest button labelled label and returns the
// text of the pop-up the bot answers with.
func (p *person) pressForPopup(label string) string {
	p.h.t.Helper()
	msgs := p.h.fake.BotMessages(p.id)
	for i := len(msgs) - 1; i >= 0; i-- {
		for _, row := range msgs[i].Keyboard {
			for _, b := range row {
				if b.CallbackData == "" || !strings.Contains(b.Text, label) {
					continue
				}
				id, err := p.h.fake.Press(p.id, msgs[i].ID, b.CallbackData)
				if err != nil {
					p.h.t.Fatalf("pressing %q: %v", label, err)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				defer cancel()
				var q tgfake.CallbackQuery
				if err := p.h.fake.Wait(ctx, func() bool { q, _ = p.h.fake.CallbackQuery(id); return q.Answered }); err != nil {
					p.h.t.Fatalf("pressing %q: no answer", label)
				}
				return q.AnswerText
			}
		}
	}
	p.h.t.Fatalf("person %d: no button %q; chat so far:\n%s", p.id, label, p.transcript())
	return ""
}

// TestPartnerComposesAnAlertInTheBot follows a lab's staff member from the
// link code to a published alert: linking with /partner, composing with
// buttons (a typo in an amount on the way), a preview in Polish, and
// publishing; the subscribers of the chosen region get it, those of the
// lab's other region do not, and a person who is no partner's member gets
// no composer.
func TestPartnerComposesAnAlertInTheBot(t *testing.T) {
	h := newHarness(t, nil)
	lab := h.partner("Warsaw Lab", "PL-14", "PL-12")
	masovia := h.seed(5000, 4, "pl", "PL-14")
	lesser := h.seed(6000, 2, "pl", "PL-12")

	outsider := h.newPerson(701, "en")
	outsider.onboard("en", "PL", "PL-14")
	outsider.send("/newalert", outsider.text(locales.UnknownCommand, nil))
	outsider.send("/partner NOTACODE42", outsider.text(locales.GroupCodeUnknown, nil))

	staff := h.newPerson(700, "en")
	staff.onboard("en", "PL", "PL-14")
	code := h.partnerLinkCode("Warsaw Lab")
	staff.send("/partner "+code, staff.text(locales.PartnerLinked, map[string]any{"Partner": "Warsaw Lab"}))
	// A code works once.
	outsider.send("/partner "+code, outsider.text(locales.GroupCodeUsed, nil))
	outsider.send("/newalert", outsider.text(locales.UnknownCommand, nil))

	tr := staff.text
	staff.send("/newalert", tr(locales.ComposePhoto, nil))
	staff.press(tr(locales.ComposeButtonSkip, nil), tr(locales.ComposeSoldAs, nil))
	staff.send("Ecstasy <Tesla> & co", tr(locales.ComposeForm, nil))
	staff.press("Pill", tr(locales.ComposeGroup, nil))
	staff.press(tr(locales.GroupMDMA, nil), "PMMA")
	staff.press("PMMA", "How much")
	staff.send("lots", tr(locales.ComposeAmountUnclear, map[string]any{"Units": "mg, µg, g, %, mg/ml, µg/ml"}))
	staff.send("40,5 mg", "• PMMA: 40.5 mg")
	staff.press(tr(locales.ComposeButtonAddAnother, nil), tr(locales.ComposeGroup, nil))
	staff.press(tr(locales.GroupOpioids, nil), "isotonitazene")
	staff.press("isotonitazene", "How much")
	// Back goes to the substance list, and on from there.
	staff.press(tr(locales.ComposeButtonBack, nil), "isotonitazene")
	staff.press("isotonitazene", "How much")
	staff.press(tr(locales.ComposeButtonTrace, nil), "• isotonitazene: traces")
	staff.press(tr(locales.ComposeButtonNext, nil), tr(locales.ComposeOverdoses, nil))
	staff.press(tr(locales.ComposeButtonYes, nil), "How serious is it?")
	staff.press(tr(locales.ComposeButtonWarning, nil), tr(locales.ComposeRegions, nil))
	// Going on without a region is refused with a pop-up.
	if got := staff.pressForPopup(tr(locales.ComposeButtonNext, nil)); got != tr(locales.ChooseAtLeastOneRegion, nil) {
		t.Errorf("pop-up = %q", got)
	}
	staff.press("Masovia (Warsaw)", "✅ Masovia (Warsaw)")
	staff.press(tr(locales.ComposeButtonNext, nil), tr(locales.ComposeAdvice, nil))
	staff.press("Polski", tr(locales.ComposeAdviceText, map[string]any{"Language": "Polski"}))
	staff.send("Nie bierz całej tabletki naraz. Odczekaj dwie godziny.", "✅ Polski")
	staff.press("English", tr(locales.ComposeAdviceText, map[string]any{"Language": "English"}))
	staff.send("Do not take a whole pill at once. Wait two hours.", "✅ English")
	staff.press(tr(locales.ComposeButtonNext, nil), tr(locales.ComposeExpiry, nil))
	staff.press(staff.plural(locales.ComposeButtonDays, 7), tr(locales.ComposePreview, map[string]any{"Language": "English"}))
	staff.waitFor("Do not take a whole pill at once.")

	// The preview in Polish is the message Polish readers get.
	preview := staff.press("Polski", tr(locales.ComposePreview, map[string]any{"Language": "Polski"}))
	if preview.ID == 0 {
		t.Fatal("no preview control message")
	}
	polish := staff.waitFor("Nie bierz całej tabletki naraz.")
	for _, want := range []string{"Ecstasy <Tesla> & co", "PMMA", "izotonitazen", "Warsaw Lab"} {
		if !strings.Contains(polish.Text, want) {
			t.Errorf("Polish preview lacks %q:\n%s", want, polish.Text)
		}
	}

	done := staff.press(tr(locales.ComposeButtonPublish, nil), "is published")
	id := regexp.MustCompile(`Alert (\d+) is published`).FindStringSubmatch(done.Text)
	if id == nil {
		t.Fatalf("no alert id in %q", done.Text)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := h.fake.Wait(ctx, func() bool { n, _ := received(h.fake, masovia); return n == len(masovia) }); err != nil {
		n, _ := received(h.fake, masovia)
		t.Fatalf("%d of %d subscribers in PL-14 got the alert", n, len(masovia))
	}
	got := h.fake.BotMessages(int64(masovia[0]))
	if len(got) != 1 || got[0].Text != polish.Text {
		t.Errorf("a subscriber got %d messages; want the Polish preview:\n%s\nfirst: %+v", len(got), polish.Text, got)
	}
	if n, _ := received(h.fake, lesser); n != 0 {
		t.Errorf("%d subscribers of PL-12, which the alert is not for, got it", n)
	}

	stored := lab.do("GET", "/api/v1/alerts/"+id[1], "", "")
	var body struct {
		Identifier string `json:"identifier"`
		Format     string `json:"format"`
		Status     string `json:"status"`
		Alert      struct {
			Expires time.Time `json:"expires"`
		} `json:"alert"`
	}
	if err := json.Unmarshal([]byte(stored.body), &body); err != nil || stored.status != 200 {
		t.Fatalf("GET alert %s: %d %s (%v)", id[1], stored.status, stored.body, err)
	}
	if body.Format != "bot" || body.Status != "published" || !strings.HasPrefix(body.Identifier, "bot-") ||
		body.Alert.Expires.IsZero() {
		t.Errorf("stored alert = %+v", body)
	}

	// The draft is gone: its buttons are stale now.
	staff.press(tr(locales.ComposeButtonPublish, nil), tr(locales.MainMenu, nil))
	if n := strings.Count(fmt.Sprint(h.fake.BotMessages(int64(masovia[0]))), "Nie bierz"); n != 1 {
		t.Errorf("publishing again reached a subscriber: %d copies", n)
	}

	// /forget says the link to the partner is gone, and it is.
	staff.send("/forget", tr(locales.ForgetConfirm, nil))
	staff.press(tr(locales.ButtonForgetYes, nil), tr(locales.ForgetItemPartner, nil))
	staff.onboard("en", "PL", "PL-14")
	staff.send("/newalert", tr(locales.UnknownCommand, nil))
}

// TestComposerDraftSurvivesARestart checks that a draft lives in Redis:
// the service restarts mid-way and the person carries on. It also attaches
// a photo, which the preview shows, submits the alert of a reviewed partner
// for review, and discards a second draft with Cancel.
func TestComposerDraftSurvivesARestart(t *testing.T) {
	h := newHarness(t, nil)
	var stdout, stderr bytes.Buffer
	m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string {
		return map[string]string{"DATABASE_URL": h.cfg.DatabaseURL, "LOG_LEVEL": "warn"}[k]
	}}
	if code := m.Run(context.Background(), []string{"partners", "add", "Kraków Lab", "--region", "PL-12", "--review"}); code != 0 {
		t.Fatalf("partners add: exit %d: %s", code, stderr.String())
	}
	staff := h.newPerson(710, "pl")
	staff.onboard("pl", "PL", "PL-12")
	staff.send("/partner "+h.partnerLinkCode("Kraków Lab"), staff.text(locales.PartnerLinked, map[string]any{"Partner": "Kraków Lab"}))
	tr := staff.text

	staff.send("/newalert", tr(locales.ComposePhoto, nil))
	since := len(h.fake.BotMessages(staff.id))
	h.fake.SendPhoto(staff.id, "a caption that is not kept")
	staff.waitForSince(since, 0, tr(locales.ComposeSoldAs, nil))
	h.restart()
	staff.send("Kokaina", tr(locales.ComposeForm, nil))
	// A typed message where buttons are expected gets the step again.
	staff.send("proszek", tr(locales.ComposeUseButtons, nil))
	staff.press("Proszek", tr(locales.ComposeGroup, nil))
	staff.press(tr(locales.GroupStimulants, nil), "lewamizol")
	staff.press("lewamizol", "Ile wykryto")
	staff.press(tr(locales.ComposeButtonNoAmount, nil), "• lewamizol")
	staff.press(tr(locales.ComposeButtonNext, nil), tr(locales.ComposeOverdoses, nil))
	staff.press(tr(locales.ComposeButtonNo, nil), "Jak poważna")
	// The lab's only region is chosen already.
	staff.press(tr(locales.ComposeButtonCaution, nil), "✅ Małopolskie")
	staff.press(tr(locales.ComposeButtonNext, nil), tr(locales.ComposeAdvice, nil))
	staff.press("Polski", "Wpisz poradę")
	staff.send("Zacznij od małej dawki.", "✅ Polski")
	staff.press(tr(locales.ComposeButtonNext, nil), tr(locales.ComposeExpiry, nil))
	staff.press(tr(locales.ComposeButtonNoEnd, nil), tr(locales.ComposePreviewReview, map[string]any{"Language": "Polski"}))
	var photo tgfake.Message
	for _, m := range h.fake.BotMessages(staff.id) {
		if m.Kind == tgfake.KindPhoto {
			photo = m
		}
	}
	if photo.Photo == "" || !strings.Contains(photo.Text, "Kokaina") || strings.Contains(photo.Text, "caption") {
		t.Errorf("the preview has no photo with a caption naming the sample: %+v", photo)
	}
	done := staff.press(tr(locales.ComposeButtonSubmit, nil), "czeka na moderację")
	if !regexp.MustCompile(`Alert \d+ czeka`).MatchString(done.Text) {
		t.Errorf("answer to submitting = %q", done.Text)
	}

	staff.send("/newalert", tr(locales.ComposeStart, map[string]any{"Partner": "Kraków Lab"}))
	staff.press(tr(locales.ButtonCancel, nil), tr(locales.ComposeCancelled, nil))
	// Nothing is left to pick up: the next /newalert starts afresh.
	staff.send("/newalert", tr(locales.ComposeStart, map[string]any{"Partner": "Kraków Lab"}))
}
