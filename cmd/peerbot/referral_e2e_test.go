package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/referral"
)

// TestReferralLisbon is the "done when": a person in Lisbon asks
// in Portuguese for naloxone, gets the two nearest open services with a
// pin, asks for a peer worker, two workers of the organisation compete to
// take the request in their staff group (one wins), they exchange messages
// both ways through the bot, the worker closes, and the follow-up question
// arrives.
func TestReferralLisbon(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	lisbon, err := h.svc.orgs.CreateOrg(ctx, orgs.Org{Name: "Redução de Riscos Lisboa", Regions: []string{"PT"}})
	if err != nil {
		t.Fatal(err)
	}
	fallback, err := h.svc.orgs.CreateOrg(ctx, orgs.Org{Name: "Linha Nacional"})
	if err != nil {
		t.Fatal(err)
	}
	// The fictional demo directory, the fallback, and a rule for Lisbon.
	if err := demoReferrals(ctx, h.svc.db, h.svc.sealer, fallback.ID); err != nil {
		t.Fatal(err)
	}
	refs := postgres.NewReferralStore(h.svc.db, h.svc.sealer)
	if _, err := refs.AddRule(ctx, referral.Rule{Region: "PT-11", Org: lisbon.ID}); err != nil {
		t.Fatal(err)
	}

	// Two peer workers of the Lisbon organisation, and its staff group.
	const group = -1001234500001
	invite, err := h.svc.orgs.CreateInvite(ctx, lisbon.ID, orgs.RolePeer, 2, orgs.DefaultInviteTTL)
	if err != nil {
		t.Fatal(err)
	}
	workers := []*person{h.newPerson(7001, "pt-PT"), h.newPerson(7002, "pt-PT")}
	for _, w := range workers {
		w.onboard("pt", "PT", "PT-11")
		w.send("/start join_"+invite, w.text(locales.JoinedPeer, map[string]any{"Org": lisbon.Name}))
	}
	if _, err := h.fake.AddGroup(group, "Equipa de rua", 7001); err != nil {
		t.Fatal(err)
	}
	h.fake.AddUser(7003, "pt-PT") // in the group, never started the bot
	link, err := h.svc.orgs.CreateLinkCode(ctx, lisbon.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.fake.SendGroupText(group, 7001, "/linkgroup "+link); err != nil {
		t.Fatal(err)
	}
	pt := &person{h: h, lang: "pt"}
	h.groupReply(group, 0, pt.text(locales.GroupLinked, map[string]any{"Org": lisbon.Name}))

	// The person finds naloxone near Intendente.
	p := h.newPerson(7100, "pt-PT")
	p.onboard("pt", "PT", "PT-11")
	p.send("/help", p.text(locales.FindHelpNeeds, map[string]any{"Number": "112"}))
	p.press(p.text(locales.NeedNaloxone, nil), p.text(locales.ButtonAllRegions, nil))
	prompt := p.waitFor(p.text(locales.FindHelpLocationPrompt, nil))
	if !strings.Contains(string(prompt.ReplyMarkup), `"request_location":true`) {
		t.Fatalf("the location prompt's keyboard = %s", prompt.ReplyMarkup)
	}
	before := len(h.fake.BotMessages(7100))
	h.fake.SendLocation(7100, 38.7230, -9.1360)
	results := p.waitForSince(before, 0, p.text(locales.ResultsNear, map[string]any{"Need": p.text(locales.NeedNaloxone, nil)}))
	van := strings.Index(results.Text, "Outreach van Intendente (fictional)")
	drop := strings.Index(results.Text, "Drop-in centre Anjos (fictional)")
	if van < 0 || drop < van {
		t.Fatalf("results do not list the van, then the drop-in:\n%s", results.Text)
	}
	if n := strings.Count(results.Text, p.text(locales.ResultOpenNow, nil)); n < 2 {
		t.Errorf("results show %d open services, want the two nearest open:\n%s", n, results.Text)
	}
	for _, want := range []string{p.text(locales.EmergencyLine, map[string]any{"Number": "112"}), "000 000 001 (demo)", "EN, PT", p.text(locales.FlagNoID, nil)} {
		if !strings.Contains(results.Text, want) {
			t.Errorf("results do not show %q:\n%s", want, results.Text)
		}
	}
	// The nearest one's pin follows, and takes the location keyboard away.
	pin := waitKind(t, h, 7100, before, tgfake.KindLocation)
	if pin.Location == nil || pin.Location.Latitude != 38.7223 || !strings.Contains(string(pin.ReplyMarkup), "remove_keyboard") {
		t.Errorf("pin = %+v %s", pin.Location, pin.ReplyMarkup)
	}
	// The pin is a venue: the service's name, then its address.
	if title, address, _ := strings.Cut(pin.Text, "\n"); title == "" || address == "" || !strings.Contains(results.Text, title) {
		t.Errorf("pin %q does not name the nearest service of:\n%s", pin.Text, results.Text)
	}
	// The shared point is nowhere in the logs.
	if logs := h.logs.String(); strings.Contains(logs, "38.723") || strings.Contains(logs, "9.136") {
		t.Error("the shared location appears in the logs")
	}

	// The organisation's peer workers answer two days from now only: the
	// person is told honestly when.
	tz, _ := time.LoadLocation("Europe/Lisbon")
	later := time.Now().In(tz).AddDate(0, 0, 2)
	hours, err := referral.ParseHoursSpec([]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}[later.Weekday()] + " 10:00-11:00")
	if err != nil {
		t.Fatal(err)
	}
	if err := refs.SetOrgHours(ctx, lisbon.ID, referral.Week{hours}, "Europe/Lisbon"); err != nil {
		t.Fatal(err)
	}
	weekday := []*i18n.Message{locales.WeekdaySunday, locales.WeekdayMonday, locales.WeekdayTuesday, locales.WeekdayWednesday,
		locales.WeekdayThursday, locales.WeekdayFriday, locales.WeekdaySaturday}[later.Weekday()]
	outOfHours := p.text(locales.PeerOutOfHours, map[string]any{"Org": lisbon.Name,
		"When": p.text(locales.WhenOn, map[string]any{"Day": p.text(weekday, nil), "Time": "10:00"})})

	// A peer worker, with a short message.
	p.press(p.text(locales.ButtonTalkToPeer, nil), p.text(locales.ButtonSendWithoutMessage, nil))
	sent := p.send("Preciso de naloxona hoje à noite", p.text(locales.ButtonCloseConversation, nil))
	if !strings.Contains(sent.Text, outOfHours) || !strings.Contains(sent.Text, "112") {
		t.Errorf("the request's confirmation does not say when someone answers, with the emergency number:\n%s\nwant %q", sent.Text, outOfHours)
	}
	post := waitGroup(t, h, group, "Preciso de naloxona hoje à noite")
	if !strings.Contains(post.Text, p.text(locales.NeedNaloxone, nil)) || strings.Contains(post.Text, "7100") {
		t.Errorf("group post = %q", post.Text)
	}
	var claim string
	for _, row := range post.Keyboard {
		for _, b := range row {
			claim = b.CallbackData
		}
	}
	// Someone in the group who is not a member, then both workers at once.
	q3, err := h.fake.PressGroupButton(group, 7003, post.ID, claim)
	if err != nil {
		t.Fatal(err)
	}
	q0, err := h.fake.PressGroupButton(group, 7100, post.ID, claim) // started the bot, not a member
	if err != nil {
		t.Fatal(err)
	}
	q1, err := h.fake.PressGroupButton(group, 7002, post.ID, claim)
	if err != nil {
		t.Fatal(err)
	}
	q2, err := h.fake.PressGroupButton(group, 7001, post.ID, claim)
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]string{}
	for _, q := range []string{q0, q1, q2, q3} {
		answers[q] = waitAnswer(t, h, q)
	}
	if answers[q3] != pt.text(locales.ClaimStartFirst, nil) {
		t.Errorf("pop-up for someone who never started the bot = %q", answers[q3])
	}
	if answers[q0] != pt.text(locales.ClaimNotMember, map[string]any{"Org": lisbon.Name}) {
		t.Errorf("non-member's pop-up = %q", answers[q0])
	}
	winner, loser := workers[1], workers[0]
	if answers[q1] != pt.text(locales.ClaimDone, nil) || answers[q2] != pt.text(locales.ClaimTaken, nil) {
		t.Fatalf("pop-ups: first %q, second %q", answers[q1], answers[q2])
	}
	winner.waitFor(winner.text(locales.ButtonCloseConversation, nil))
	p.waitFor(p.text(locales.PeerClaimedAnon, map[string]any{"Org": lisbon.Name}))
	if n := len(h.fake.BotMessages(loser.id)); strings.Contains(h.fake.BotMessages(loser.id)[n-1].Text, "Preciso") {
		t.Error("the second worker got the conversation")
	}

	// Messages both ways, copied without a forward header.
	before = len(h.fake.BotMessages(winner.id))
	h.fake.SendText(p.id, "Olá, onde fica a carrinha?")
	winner.waitForSince(before, 0, "Olá, onde fica a carrinha?")
	winner.send("/alias Ana", winner.text(locales.WorkerAliasSet, map[string]any{"Worker": "Ana"}))
	p.waitFor(p.text(locales.PeerClaimed, map[string]any{"Worker": "Ana", "Org": lisbon.Name}))
	before = len(h.fake.BotMessages(p.id))
	h.fake.SendText(winner.id, "Está no Largo do Intendente até à meia-noite.")
	p.waitForSince(before, 0, "Está no Largo do Intendente até à meia-noite.")
	before = len(h.fake.BotMessages(winner.id))
	h.fake.SendPhoto(p.id, "")
	waitKind(t, h, winner.id, before, tgfake.KindPhoto)

	// The worker closes; later the follow-up question arrives.
	winner.press(winner.text(locales.ButtonCloseConversation, nil), winner.text(locales.PeerClosedDone, nil))
	p.waitFor(p.text(locales.PeerClosedByWorker, nil))
	if err := h.svc.flows.ReferralTick(ctx, time.Now().Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	p.waitFor(p.text(locales.FollowUpQuestion, nil))
	p.press(p.text(locales.ButtonGotYes, nil), p.text(locales.FollowUpThanks, nil))

	// Staff see the statistics, small counts hidden.
	stats, err := refs.Stats(ctx, lisbon.ID, time.Now().AddDate(0, 0, -1))
	if err != nil || stats.Requests != 1 || stats.FollowUps[referral.GotYes] != 1 {
		t.Errorf("stats = %+v, %v", stats, err)
	}
	if _, err := h.fake.SendGroupText(group, 7001, "/referralstats"); err != nil {
		t.Fatal(err)
	}
	h.groupReply(group, 1, pt.text(locales.FewerThanFive, nil))

	// And through the API, with the organisation's token.
	token, err := h.svc.orgs.CreateToken(ctx, lisbon.ID)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, "http://"+h.svc.addr+"/api/v1/referrals/stats?days=7", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var st struct {
		Requests any `json:"requests"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &st) != nil || st.Requests != "<5" ||
		strings.Contains(string(body), "7100") {
		t.Errorf("GET /api/v1/referrals/stats = %d %s", resp.StatusCode, body)
	}

	// /forget deletes the person's conversation.
	p.send("/forget", p.text(locales.ForgetConfirm, nil))
	p.press(p.text(locales.ButtonForgetYes, nil), p.plural(locales.ForgetItemReferrals, 1))
}

// waitKind waits for a bot message of a kind after the first `since`.
func waitKind(t *testing.T, h *harness, chat int64, since int, kind tgfake.MessageKind) tgfake.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var found tgfake.Message
	err := h.fake.Wait(ctx, func() bool {
		msgs := h.fake.BotMessages(chat)
		for i := since; i < len(msgs); i++ {
			if msgs[i].Kind == kind {
				found = msgs[i]
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("chat %d: no %s message from the bot", chat, kind)
	}
	return found
}

// waitGroup waits for a bot message in a group showing want.
func waitGroup(t *testing.T, h *harness, group int64, want string) tgfake.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var found tgfake.Message
	err := h.fake.Wait(ctx, func() bool {
		for _, m := range h.fake.BotMessages(group) {
			if strings.Contains(m.Text, want) {
				found = m
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Fatalf("group %d: no bot message showing %q", group, want)
	}
	return found
}

// waitAnswer waits until the bot answered a button press, and returns the
// pop-up text.
func waitAnswer(t *testing.T, h *harness, queryID string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var q tgfake.CallbackQuery
	err := h.fake.Wait(ctx, func() bool {
		var ok bool
		q, ok = h.fake.CallbackQuery(queryID)
		return ok && q.Answered
	})
	if err != nil {
		t.Fatalf("callback %s not answered", queryID)
	}
	return q.AnswerText
}

// staffGroup makes an organisation with one onboarded peer worker (who
// speaks lang) and a linked staff group.
func staffGroup(t *testing.T, h *harness, name string, worker, group int64) (orgs.Org, *person) {
	t.Helper()
	ctx := context.Background()
	org, err := h.svc.orgs.CreateOrg(ctx, orgs.Org{Name: name, Regions: []string{"PT"}})
	if err != nil {
		t.Fatal(err)
	}
	invite, err := h.svc.orgs.CreateInvite(ctx, org.ID, orgs.RolePeer, 1, orgs.DefaultInviteTTL)
	if err != nil {
		t.Fatal(err)
	}
	w := h.newPerson(worker, "en")
	w.onboard("en", "PT", "PT-11")
	w.send("/start join_"+invite, w.text(locales.JoinedPeer, map[string]any{"Org": name}))
	if _, err := h.fake.AddGroup(group, name+" staff", worker); err != nil {
		t.Fatal(err)
	}
	link, err := h.svc.orgs.CreateLinkCode(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.fake.SendGroupText(group, worker, "/linkgroup "+link); err != nil {
		t.Fatal(err)
	}
	h.groupReply(group, 0, w.text(locales.GroupLinked, map[string]any{"Org": name}))
	return org, w
}

// claimIn presses Take it under the newest post showing want in a group.
func claimIn(t *testing.T, h *harness, group, worker int64, want string) string {
	t.Helper()
	waitGroup(t, h, group, want)
	msgs := h.fake.BotMessages(group)
	for i := len(msgs) - 1; i >= 0; i-- {
		if strings.Contains(msgs[i].Text, want) && len(msgs[i].Keyboard) > 0 {
			q, err := h.fake.PressGroupButton(group, worker, msgs[i].ID, msgs[i].Keyboard[0][0].CallbackData)
			if err != nil {
				t.Fatal(err)
			}
			return waitAnswer(t, h, q)
		}
	}
	t.Fatalf("group %d: no post showing %q with a button", group, want)
	return ""
}

// TestReferralEscalationAndTransfer: nobody takes a request; the staff
// group is reminded, then the request goes to the fallback organisation,
// whose worker takes it and passes it back to the first organisation,
// where a worker takes it again.
func TestReferralEscalationAndTransfer(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	const groupA, groupB = -1001234500011, -1001234500012
	a, wa := staffGroup(t, h, "Street Team A", 7201, groupA)
	b, wb := staffGroup(t, h, "National Line B", 7202, groupB)
	if err := demoReferrals(ctx, h.svc.db, h.svc.sealer, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.NewReferralStore(h.svc.db, h.svc.sealer).AddRule(ctx, referral.Rule{Region: "PT", Org: a.ID}); err != nil {
		t.Fatal(err)
	}
	p := h.newPerson(7300, "en")
	p.onboard("en", "PT", "PT-11")
	p.send("/help", p.text(locales.NeedShelter, nil))
	p.press(p.text(locales.NeedShelter, nil), p.text(locales.ButtonAllRegions, nil))
	p.press("📍 "+regionsName(t, "PT-11"), p.text(locales.ButtonTalkToPeer, nil))
	p.press(p.text(locales.ButtonTalkToPeer, nil), p.text(locales.ButtonSendWithoutMessage, nil))
	p.press(p.text(locales.ButtonSendWithoutMessage, nil), p.text(locales.PeerSent, map[string]any{"Org": a.Name, "Pseudonym": ""})[:20])
	waitGroup(t, h, groupA, p.text(locales.NeedShelter, nil))

	// Nobody takes it: a reminder, then the fallback organisation.
	if err := h.svc.flows.ReferralTick(ctx, time.Now().Add(11*time.Minute)); err != nil {
		t.Fatal(err)
	}
	waitGroup(t, h, groupA, wa.text(locales.GroupRequestReminder, nil))
	if err := h.svc.flows.ReferralTick(ctx, time.Now().Add(21*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := claimIn(t, h, groupB, 7202, wb.text(locales.GroupRequestEscalated, nil)); got != wb.text(locales.ClaimDone, nil) {
		t.Fatalf("fallback claim: %q", got)
	}
	p.waitFor(p.text(locales.PeerClaimedAnon, map[string]any{"Org": b.Name}))

	// The fallback's worker passes it back to the first organisation.
	wb.press(wb.text(locales.ButtonTransfer, nil), a.Name)
	wb.press(a.Name, wb.text(locales.TransferDone, map[string]any{"Org": a.Name}))
	p.waitFor(p.text(locales.PeerTransferred, map[string]any{"Org": a.Name}))
	if got := claimIn(t, h, groupA, 7201, wa.text(locales.GroupRequestTransferred, nil)); got != wa.text(locales.ClaimDone, nil) {
		t.Fatalf("claim after the transfer: %q", got)
	}
	p.waitFor(p.text(locales.PeerClaimedAnon, map[string]any{"Org": a.Name}))
	before := len(h.fake.BotMessages(7201))
	h.fake.SendText(7300, "hello again")
	wa.waitForSince(before, 0, "hello again")
	// The first worker is off the conversation: what they write now is not relayed.
	before = len(h.fake.BotMessages(7300))
	// Text nobody asked for is a search of the information cards.
	wb.send("still there?", wb.text(locales.InfoNotFound, nil))
	for _, m := range h.fake.BotMessages(7300)[before:] {
		if strings.Contains(m.Text, "still there?") {
			t.Error("the worker who passed the conversation on still reaches the person")
		}
	}

	// An organisation without a staff group would never see a request: the
	// fallback gets it at once.
	c, err := h.svc.orgs.CreateOrg(ctx, orgs.Org{Name: "No Group C", Regions: []string{"PL-14"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.NewReferralStore(h.svc.db, h.svc.sealer).AddRule(ctx, referral.Rule{Region: "PL", Org: c.ID}); err != nil {
		t.Fatal(err)
	}
	q := h.newPerson(7301, "en")
	q.onboard("en", "PL", "PL-14")
	q.send("/help", q.text(locales.NeedShelter, nil))
	q.press(q.text(locales.NeedShelter, nil), q.text(locales.ButtonAllRegions, nil))
	q.press("📍 "+regionsName(t, "PL-14"), q.text(locales.ButtonTalkToPeer, nil))
	q.press(q.text(locales.ButtonTalkToPeer, nil), q.text(locales.ButtonSendWithoutMessage, nil))
	q.press(q.text(locales.ButtonSendWithoutMessage, nil), q.text(locales.PeerSent, map[string]any{"Org": b.Name, "Pseudonym": ""})[:20])
	if strings.Contains(q.transcript(), c.Name) {
		t.Errorf("the request went to the organisation with no staff group:\n%s", q.transcript())
	}
	waitGroup(t, h, groupB, q.text(locales.NeedShelter, nil))
}

func regionsName(t *testing.T, code string) string {
	t.Helper()
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	return regions.Name(code, "en")
}
