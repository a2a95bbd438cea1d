package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/people"
)

// TestAlertReachesSubscribersAndChangesInPlace is the alert story end to
// end: a partner posts a CAP alert in Polish and English for PL-14;
// subscribers there get it in Polish, English and Ukrainian (the structured
// part in their language, the advice in English for the Ukrainian reader,
// marked as such); an update raising the severity edits every delivered
// message in place and sends a short follow-up; a cancel does the same.
func TestAlertReachesSubscribersAndChangesInPlace(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	subscribers := map[int64]string{501: "pl", 502: "en", 503: "uk"}
	for id, lang := range subscribers {
		h.fake.AddUser(id, lang)
		if err := h.svc.people.SeedPeople(ctx, []people.ChatID{people.ChatID(id)}, lang, []string{"PL-14"}, []string{"opioids"}); err != nil {
			t.Fatal(err)
		}
	}
	// Not reached: another region; someone who paused alerts; someone who
	// follows the whole country but only stimulants (this is a caution
	// about opioids, until the update makes it a warning).
	h.fake.AddUser(504, "pt")
	h.fake.AddUser(505, "pl")
	h.fake.AddUser(506, "pl")
	if err := h.svc.people.SeedPeople(ctx, []people.ChatID{504}, "pt", []string{"PT-11"}, people.SubstanceGroups); err != nil {
		t.Fatal(err)
	}
	if err := h.svc.people.SeedPeople(ctx, []people.ChatID{505}, "pl", []string{"PL-14"}, people.SubstanceGroups); err != nil {
		t.Fatal(err)
	}
	paused, err := h.svc.people.GetPerson(ctx, 505)
	if err != nil {
		t.Fatal(err)
	}
	paused.BroadcastsStopped = true
	if err := h.svc.people.SavePerson(ctx, paused); err != nil {
		t.Fatal(err)
	}
	if err := h.svc.people.SeedPeople(ctx, []people.ChatID{506}, "pl", []string{"PL"}, []string{"stimulants"}); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr bytes.Buffer
	m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string {
		return map[string]string{"DATABASE_URL": h.cfg.DatabaseURL, "LOG_LEVEL": "warn"}[k]
	}}
	if code := m.Run(ctx, []string{"partners", "add", "Warsaw Lab", "--region", "PL-14"}); code != 0 {
		t.Fatalf("partners add: exit %d: %s", code, stderr.String())
	}
	c := &alertClient{t: t, base: "http://" + h.svc.addr, token: regexp.MustCompile(`(?m)^pb_\S+$`).FindString(stdout.String())}

	capAlert, err := os.ReadFile("../../alerts/testdata/alert.cap.xml")
	if err != nil {
		t.Fatal(err)
	}
	expires := time.Now().Add(14 * 24 * time.Hour).UTC().Format("2006-01-02T15:04:05-07:00")
	body := strings.ReplaceAll(string(capAlert), "2026-12-04T10:00:00+00:00", expires)
	body = strings.ReplaceAll(body, "<severity>Severe</severity>", "<severity>Moderate</severity>")
	first := c.post("application/cap+xml", body, http.StatusCreated)

	substances, err := content.LoadSubstances()
	if err != nil {
		t.Fatal(err)
	}
	// Each subscriber gets the photo with a short caption, then the
	// details in their language.
	texts := map[int64]int{} // the details message of each subscriber
	for id, lang := range subscribers {
		details := waitBotMessage(t, h, id, "light brown") // only in the details
		texts[id] = details.ID
		msgs := h.fake.BotMessages(id)
		if len(msgs) != 2 || msgs[0].Kind != tgfake.KindPhoto || msgs[1].ID != details.ID {
			t.Fatalf("%s subscriber got %+v, want a photo then the details", lang, msgs)
		}
		for _, want := range []string{"Warsaw Lab", substances.Name("isotonitazene", lang), strings.ToUpper(h.catalog.T(lang, locales.AlertSeverityCaution, nil))} {
			if !strings.Contains(details.Text, want) {
				t.Errorf("%s alert lacks %q:\n%s", lang, want, details.Text)
			}
		}
	}
	if !strings.Contains(lastText(h, 501), "Nie używaj w pojedynkę.") || !strings.Contains(lastText(h, 503), "Do not use alone.") {
		t.Errorf("advice: Polish reader sees\n%s\nUkrainian reader sees\n%s", lastText(h, 501), lastText(h, 503))
	}
	for _, id := range []int64{504, 505, 506} {
		if msgs := h.fake.BotMessages(id); len(msgs) != 0 {
			t.Errorf("person %d should not get this alert, got %+v", id, msgs)
		}
	}

	// Updates come once the alert is out (a send not yet recorded when an
	// update is planned gets the update as a new message instead).
	waitDelivered(t, c, first.resource.ID, 3, 3)

	// The update raises the severity to a warning: it now reaches the
	// stimulant follower too, as a new message; the others see their
	// message change in place, followed by a short notice.
	update := strings.Replace(body, "<identifier>WAW-2026-0412</identifier>", "<identifier>WAW-2026-0412-2</identifier>", 1)
	update = strings.Replace(update, "<msgType>Alert</msgType>",
		"<msgType>Update</msgType><references>lab@example.org,WAW-2026-0412,2026-11-20T09:00:00+00:00</references>", 1)
	update = strings.ReplaceAll(update, "<severity>Moderate</severity>", "<severity>Severe</severity>")
	update = strings.ReplaceAll(update, "light brown", "dark brown")
	c.post("application/xml", update, http.StatusCreated)
	for id, lang := range subscribers {
		warning := strings.ToUpper(h.catalog.T(lang, locales.AlertSeverityWarning, nil))
		edited := waitMessage(t, h, id, texts[id], "dark brown")
		if !strings.Contains(edited.Text, warning) || strings.Contains(edited.Text, "light brown") {
			t.Errorf("%s: edited alert:\n%s", lang, edited.Text)
		}
		if follow := waitMessages(t, h, id, 3)[2]; !strings.Contains(follow.Text, warning) {
			t.Errorf("%s: follow-up after the edit:\n%s", lang, follow.Text)
		}
	}
	waitBotMessage(t, h, 506, "dark brown")

	// The cancel withdraws it: every message says so, and a notice goes out.
	cancel := `{"identifier": "WAW-2026-0412-3", "msg_type": "cancel", "references": [{"identifier": "WAW-2026-0412-2"}],
		"severity": "warning", "advice": {"pl": "Próbka pomylona w laboratorium.", "en": "The sample was mixed up in the lab."}, "regions": ["PL-14"]}`
	c.post("application/json", cancel, http.StatusCreated)
	for id, lang := range subscribers {
		withdrawn := strings.ToUpper(h.catalog.T(lang, locales.AlertStatusWithdrawn, nil))
		waitMessage(t, h, id, texts[id], withdrawn)
		if follow := waitMessages(t, h, id, 4)[3]; !strings.Contains(follow.Text, "Warsaw Lab") {
			t.Errorf("%s: follow-up after the cancel does not name the source:\n%s", lang, follow.Text)
		}
	}

	// Sends already under way when a 429 came may land early in its window
	// on a loaded machine; none may come late in it.
	if st := h.fake.Stats(); st.CallsLateInRetryAfter != 0 {
		t.Errorf("%d sends late in a retry_after window (%d inside one)", st.CallsLateInRetryAfter, st.CallsDuringRetryAfter)
	}
}

// waitDelivered waits until the partner's status shows the recipients and
// deliveries expected.
func waitDelivered(t *testing.T, c *alertClient, id alerts.AlertID, recipients, sent int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		st := c.do("GET", "/api/v1/alerts/"+strconv.FormatInt(int64(id), 10), "", "")
		var status struct {
			Delivery struct {
				Recipients int `json:"recipients"`
				Sent       int `json:"sent"`
			} `json:"delivery"`
		}
		if err := json.Unmarshal([]byte(st.body), &status); err != nil {
			t.Fatalf("alert status: %v %s", err, st.body)
		}
		if status.Delivery.Recipients == recipients && status.Delivery.Sent == sent {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("alert %d: want %d recipients and %d sent: %s", id, recipients, sent, st.body)
		}
		time.Sleep(10 * time.Millisecond) // polling an HTTP API: nothing to wait on
	}
}

// waitBotMessage waits for a bot message in chat showing want.
func waitBotMessage(t *testing.T, h *harness, chat int64, want string) tgfake.Message {
	t.Helper()
	var found tgfake.Message
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := h.fake.Wait(ctx, func() bool {
		msgs := h.fake.BotMessages(chat)
		for i := len(msgs) - 1; i >= 0; i-- {
			if strings.Contains(msgs[i].Text, want) {
				found = msgs[i]
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("chat %d: no message showing %q; messages: %+v", chat, want, h.fake.BotMessages(chat))
	}
	return found
}

// waitMessage waits until message id in chat shows want (an edit).
func waitMessage(t *testing.T, h *harness, chat int64, id int, want string) tgfake.Message {
	t.Helper()
	var found tgfake.Message
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := h.fake.Wait(ctx, func() bool {
		for _, m := range h.fake.BotMessages(chat) {
			if m.ID == id && strings.Contains(m.Text, want) {
				found = m
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("chat %d: message %d never showed %q; messages: %+v", chat, id, want, h.fake.BotMessages(chat))
	}
	return found
}

// waitMessages waits until chat holds n bot messages and returns them.
func waitMessages(t *testing.T, h *harness, chat int64, n int) []tgfake.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := h.fake.Wait(ctx, func() bool { return len(h.fake.BotMessages(chat)) >= n }); err != nil {
		t.Fatalf("chat %d: want %d bot messages, have %+v", chat, n, h.fake.BotMessages(chat))
	}
	return h.fake.BotMessages(chat)
}

func lastText(h *harness, chat int64) string {
	m, _ := h.fake.LastBotMessage(chat)
	return m.Text
}
