package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/feedback"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
)

// TestFeedbackLimitsAndSurveyChart: five ratings a day, then a polite
// refusal; a button of a finished feedback is stale; and a staff member's
// /report draws the answers to their organisation's survey, showing a
// count of 5 and hiding one of 4.
func TestFeedbackLimitsAndSurveyChart(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()

	p := h.newPerson(8201, "en")
	p.onboard("en", "PL", "PL-14")
	for i := range feedback.MaxPerDay + 1 {
		p.send("/feedback", p.text(locales.ButtonFeedbackBot, nil))
		p.press(p.text(locales.ButtonFeedbackBot, nil), p.text(locales.FeedbackRate, nil))
		p.press("5⭐", p.text(locales.FeedbackComment, nil))
		want := locales.FeedbackThanks
		if i == feedback.MaxPerDay {
			want = locales.FeedbackTooMany
		}
		p.press(p.text(locales.ButtonNoComment, nil), p.text(want, nil))
	}
	// The last feedback's draft is gone: its button is stale now.
	if got := p.pressForPopup(p.text(locales.ButtonNoComment, nil)); got != p.text(locales.StaleButton, nil) {
		t.Errorf("old rating button: pop-up %q", got)
	}

	// A Polish organisation with a staff member and a survey: 5 said yes,
	// 4 said no.
	org, err := h.svc.orgs.CreateOrg(ctx, orgs.Org{Name: "Redukcja", Regions: []string{"PL"}})
	if err != nil {
		t.Fatal(err)
	}
	staff := h.newPerson(8202, "pl")
	staff.onboard("pl", "PL", "PL-14")
	invite, err := h.svc.orgs.CreateInvite(ctx, org.ID, orgs.RoleStaff, 1, orgs.DefaultInviteTTL)
	if err != nil {
		t.Fatal(err)
	}
	staff.send("/start join_"+invite, staff.text(locales.JoinedStaff, map[string]any{"Org": bot.EscapeHTML(org.Name)}))
	all := func(s string) map[string]string {
		m := map[string]string{}
		for _, l := range locales.Languages {
			m[l] = s + " (" + l + ")"
		}
		return m
	}
	sv, err := h.svc.feedback.CreateSurvey(ctx, &feedback.Survey{Org: int64(org.ID), CreatedBy: "test", Title: all("Naloxone"),
		Regions: []string{"PL-24"}, Questions: []feedback.Question{
			{Kind: feedback.Single, Text: all("Did you get naloxone?"), Choices: []map[string]string{all("Yes"), all("No")}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.feedback.SendSurvey(ctx, int64(org.ID), sv.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	for i := range 9 {
		r := &feedback.Response{Survey: sv.ID, Day: time.Now(), Lang: "pl", Region: "PL-24",
			Answers: []feedback.Answer{{Question: 0, Choices: []int{i % 2}}}}
		if err := h.svc.feedback.AddResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	since := len(h.fake.BotMessages(8202))
	h.fake.SendText(8202, "/report")
	chart := staff.waitForSince(since, 0, "Did you get naloxone? (pl)")
	if chart.Kind != tgfake.KindPhoto {
		t.Fatalf("/report sent %s, want a photo", chart.Kind)
	}
	for _, want := range []string{"Yes (pl): 5", "No (pl): " + staff.text(locales.FewerThanFive, nil)} {
		if !strings.Contains(chart.Text, want) {
			t.Errorf("chart caption %q lacks %q", chart.Text, want)
		}
	}

	// Staff of a second organisation too: /report asks which one first.
	other, err := h.svc.orgs.CreateOrg(ctx, orgs.Org{Name: "Inna Fundacja", Regions: []string{"PL"}})
	if err != nil {
		t.Fatal(err)
	}
	invite, err = h.svc.orgs.CreateInvite(ctx, other.ID, orgs.RoleStaff, 1, orgs.DefaultInviteTTL)
	if err != nil {
		t.Fatal(err)
	}
	staff.send("/start join_"+invite, staff.text(locales.JoinedStaff, map[string]any{"Org": bot.EscapeHTML(other.Name)}))
	staff.send("/report", staff.text(locales.ReportPickOrg, nil))
	// Its chart holds the ratings of the bot itself, which every organisation reads.
	if chart := staff.press(other.Name, other.Name+":"); chart.Kind != tgfake.KindPhoto {
		t.Errorf("/report for %s sent %s, want a photo", other.Name, chart.Kind)
	}
	staff.send("/report", staff.text(locales.ReportPickOrg, nil))
	if chart := staff.press(org.Name, "Did you get naloxone? (pl)"); chart.Kind != tgfake.KindPhoto {
		t.Errorf("/report for %s sent %s, want a photo", org.Name, chart.Kind)
	}
}
