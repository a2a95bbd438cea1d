package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/people"
)

// partner adds a drug-checking partner for regions with the CLI and returns
// a client holding its token.
func (h *harness) partner(name string, regions ...string) *alertClient {
	h.t.Helper()
	var stdout, stderr bytes.Buffer
	m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string {
		return map[string]string{"DATABASE_URL": h.cfg.DatabaseURL, "LOG_LEVEL": "warn"}[k]
	}}
	args := []string{"partners", "add", name}
	for _, r := range regions {
		args = append(args, "--region", r)
	}
	if code := m.Run(context.Background(), args); code != 0 {
		h.t.Fatalf("partners add: exit %d: %s", code, stderr.String())
	}
	return &alertClient{t: h.t, base: "http://" + h.svc.addr, token: regexp.MustCompile(`(?m)^pb_\S+$`).FindString(stdout.String())}
}

// seed creates onboarded subscribers in region, known to the fake.
func (h *harness) seed(first, n int64, lang, region string) []people.ChatID {
	h.t.Helper()
	chats := make([]people.ChatID, n)
	for i := range chats {
		chats[i] = people.ChatID(first + int64(i))
		h.fake.AddUser(int64(chats[i]), lang)
	}
	if err := h.svc.people.SeedPeople(context.Background(), chats, lang, []string{region}, people.SubstanceGroups); err != nil {
		h.t.Fatal(err)
	}
	return chats
}

// received counts the bot messages each chat holds.
func received(f *tgfake.Server, chats []people.ChatID) (reached, total int) {
	for _, c := range chats {
		if n := len(f.BotMessages(int64(c))); n > 0 {
			reached++
			total += n
		}
	}
	return reached, total
}

const jsonWarning = `{"identifier": %q, "msg_type": "alert", "severity": "warning", "sold_as": "MDMA", "form": "pill",
	"contents": [{"substance": "pmma", "amount": 40, "unit": "mg"}], "linked_to_overdoses": true,
	"advice": {"en": "Wait two hours before taking more: PMMA works slowly.", "pl": "Odczekaj dwie godziny przed kolejną dawką."},
	"regions": [%q]}`

// TestBroadcastResumesAcrossRestartsAndHonoursRetryAfter sends one alert to
// 150 people while Telegram answers 429 twice and the service restarts half
// way: everyone gets it exactly once, nothing is sent inside a retry_after,
// and the person who left Telegram is counted as unreachable.
func TestBroadcastResumesAcrossRestartsAndHonoursRetryAfter(t *testing.T) {
	h := newHarness(t, map[string]string{"BROADCAST_RATE": "40"})
	chats := h.seed(1000, 150, "pl", "PL-12")
	// One blocks the bot (the bot hears of it at once), one deletes their
	// account (the bot finds out when it sends).
	blocked := h.seed(2000, 1, "en", "PL-12")[0]
	h.fake.Block(int64(blocked))
	gone := h.seed(3000, 1, "en", "PL-12")[0]
	h.fake.Deactivate(int64(gone))
	c := h.partner("Kraków Lab", "PL-12")

	h.fake.Fail(tgfake.Fault{Method: "sendMessage", Status: http.StatusTooManyRequests, RetryAfter: 1, Times: 2})
	posted := c.post("application/json", fmt.Sprintf(jsonWarning, "krk-1", "PL-12"), http.StatusCreated)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := h.fake.Wait(ctx, func() bool { n, _ := received(h.fake, chats); return n >= 40 }); err != nil {
		t.Fatal("the alert did not start going out")
	}
	h.restart()
	c.base = "http://" + h.svc.addr
	if err := h.fake.Wait(ctx, func() bool { n, _ := received(h.fake, chats); return n == len(chats) }); err != nil {
		n, _ := received(h.fake, chats)
		t.Fatalf("after the restart only %d of %d got the alert", n, len(chats))
	}
	waitDelivered(t, c, posted.resource.ID, len(chats)+1, len(chats))
	if n := len(h.fake.BotMessages(int64(blocked))); n != 0 {
		t.Errorf("the person who blocked the bot got %d messages", n)
	}
	if reached, total := received(h.fake, chats); total != reached {
		t.Errorf("%d messages to %d people: duplicates", total, reached)
	}
	// The fake counts every send that reaches it inside a window, also
	// those already under way when the 429 was answered: how many those
	// are depends on how loaded the machine is. None can arrive in the
	// second half of a window, though, where a sender that ignored
	// retry_after would keep sending at 40/s.
	st := h.fake.Stats()
	if st.TooManyRequests < 2 || st.CallsLateInRetryAfter > 0 {
		t.Errorf("429s %d, sends inside retry_after %d, %d of them late in the window; want at least 2 429s and no late sends",
			st.TooManyRequests, st.CallsDuringRetryAfter, st.CallsLateInRetryAfter)
	}
	t.Logf("sends already under way when a 429 came: %d", st.CallsDuringRetryAfter)
	for _, c := range []people.ChatID{blocked, gone} {
		p, err := h.svc.people.GetPerson(context.Background(), c)
		if err != nil || p.Active {
			t.Errorf("person %d: %+v, %v; want inactive", c, p, err)
		}
	}
}

// orgToken adds an organisation for regions and returns an API token.
func (h *harness) orgToken(name string, regions ...string) string {
	h.t.Helper()
	run := func(args ...string) string {
		var stdout, stderr bytes.Buffer
		m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string {
			return map[string]string{"DATABASE_URL": h.cfg.DatabaseURL, "PEERBOT_SECRET": h.cfg.Secret, "LOG_LEVEL": "warn"}[k]
		}}
		if code := m.Run(context.Background(), args); code != 0 {
			h.t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
		return stdout.String()
	}
	add := []string{"orgs", "add", name}
	for _, r := range regions {
		add = append(add, "--region", r)
	}
	run(add...)
	return regexp.MustCompile(`po_\S+`).FindString(run("orgs", "token", name))
}

// TestAlertsOvertakeCampaigns starts a campaign to 160 people at 20
// messages a second, then publishes an alert: the alert reaches its five
// people while the campaign is still going out, and the campaign then
// finishes, each person getting it once, in their language.
func TestAlertsOvertakeCampaigns(t *testing.T) {
	h := newHarness(t, map[string]string{"BROADCAST_RATE": "20"})
	campaignTo := append(h.seed(4000, 80, "pl", "PL-14"), h.seed(5000, 80, "uk", "PL-14")...)
	alertTo := h.seed(6000, 5, "en", "PL-24")
	org := &alertClient{t: t, base: "http://" + h.svc.addr, token: h.orgToken("Peer Network", "PL")}
	created := org.do("POST", "/api/v1/campaigns", "application/json", `{
		"texts": {"pl": "Bezpłatne testowanie w czwartek.", "en": "Free drug checking on Thursday."},
		"default_lang": "en", "segment": {"regions": ["PL-14"]}, "quiet_start": 0, "quiet_end": 0}`)
	if created.status != http.StatusCreated {
		t.Fatalf("creating the campaign: %d %s", created.status, created.body)
	}
	if sent := org.do("POST", fmt.Sprintf("/api/v1/campaigns/%d/send", created.resource.ID), "application/json", `{}`); sent.status != http.StatusAccepted {
		t.Fatalf("sending the campaign: %d %s", sent.status, sent.body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := h.fake.Wait(ctx, func() bool { n, _ := received(h.fake, campaignTo); return n >= 10 }); err != nil {
		t.Fatal("the campaign did not start")
	}
	lab := h.partner("Łódź Lab", "PL-24")
	lab.post("application/json", fmt.Sprintf(jsonWarning, "ldz-1", "PL-24"), http.StatusCreated)
	if err := h.fake.Wait(ctx, func() bool { n, _ := received(h.fake, alertTo); return n == len(alertTo) }); err != nil {
		t.Fatal("the alert did not go out")
	}
	if n, _ := received(h.fake, campaignTo); n >= len(campaignTo) {
		t.Errorf("the campaign finished (%d) before the alert got through", n)
	}
	if err := h.fake.Wait(ctx, func() bool { n, _ := received(h.fake, campaignTo); return n == len(campaignTo) }); err != nil {
		n, _ := received(h.fake, campaignTo)
		t.Fatalf("the campaign reached %d of %d", n, len(campaignTo))
	}
	if reached, total := received(h.fake, campaignTo); total != reached {
		t.Errorf("%d campaign messages to %d people", total, reached)
	}
	if m, _ := h.fake.LastBotMessage(4000); m.Text != "Bezpłatne testowanie w czwartek." {
		t.Errorf("Polish reader got %q", m.Text)
	}
	if m, _ := h.fake.LastBotMessage(5000); m.Text != "Free drug checking on Thursday." {
		t.Errorf("Ukrainian reader (no Ukrainian text) got %q", m.Text)
	}
}

// TestWithdrawalReachesPeopleWhoDeletedTheAlert: discreet mode (or the
// person) deleted the alert, so it cannot be edited; the withdrawal notice
// still reaches them.
func TestWithdrawalReachesPeopleWhoDeletedTheAlert(t *testing.T) {
	h := newHarness(t, nil)
	chat := h.seed(8000, 1, "pl", "PL-12")[0]
	lab := h.partner("Kraków Lab", "PL-12")
	first := lab.post("application/json", fmt.Sprintf(jsonWarning, "krk-del", "PL-12"), http.StatusCreated)
	waitDelivered(t, lab, first.resource.ID, 1, 1)
	msg, _ := h.fake.LastBotMessage(int64(chat))
	if err := h.svc.sender.Delete(context.Background(), chat, msg.ID); err != nil {
		t.Fatal(err)
	}
	lab.post("application/json", `{"identifier": "krk-del-2", "msg_type": "cancel", "references": [{"identifier": "krk-del"}],
		"severity": "warning", "advice": {"pl": "Pomyłka w laboratorium."}, "regions": ["PL-12"]}`, http.StatusCreated)
	notice := waitMessages(t, h, int64(chat), 1)[0]
	if notice.ID == msg.ID || !strings.Contains(notice.Text, "Kraków Lab") || !strings.Contains(notice.Text, "Pomyłka w laboratorium.") {
		t.Fatalf("withdrawal notice: %+v", notice)
	}
}
