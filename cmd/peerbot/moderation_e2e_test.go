package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/postgres"
)

// reviewedPartner adds a partner whose alerts wait for a moderator, with
// the CLI, and returns a client holding its token.
func (h *harness) reviewedPartner(name string, regions ...string) *alertClient {
	h.t.Helper()
	var stdout, stderr bytes.Buffer
	m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string {
		return map[string]string{"DATABASE_URL": h.cfg.DatabaseURL, "LOG_LEVEL": "warn"}[k]
	}}
	args := []string{"partners", "add", name, "--review"}
	for _, r := range regions {
		args = append(args, "--region", r)
	}
	if code := m.Run(context.Background(), args); code != 0 {
		h.t.Fatalf("partners add: exit %d: %s", code, stderr.String())
	}
	return &alertClient{t: h.t, base: "http://" + h.svc.addr, token: regexp.MustCompile(`(?m)^pb_\S+$`).FindString(stdout.String())}
}

// reviewPost waits for the message with the decision buttons of alert id
// in the group.
func (h *harness) reviewPost(group int64, id alerts.AlertID) tgfake.Message {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	m, err := h.fake.WaitForBotMessage(ctx, group, func(m tgfake.Message) bool {
		return m.HasCallbackButton(fmt.Sprintf("v1:modok:%d", id))
	})
	if err != nil {
		h.t.Fatalf("alert %d was not posted for review in group %d", id, group)
	}
	return m
}

// pressInGroup presses a button in the group and returns the bot's pop-up.
func (h *harness) pressInGroup(group, user int64, messageID int, data string) string {
	h.t.Helper()
	q, err := h.fake.PressGroupButton(group, user, messageID, data)
	if err != nil {
		h.t.Fatalf("pressing %s: %v", data, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var answer tgfake.CallbackQuery
	if err := h.fake.Wait(ctx, func() bool { answer, _ = h.fake.CallbackQuery(q); return answer.Answered }); err != nil {
		h.t.Fatalf("the press of %s was not answered", data)
	}
	return answer.AnswerText
}

// waitEdited waits until the bot message shows want.
func (h *harness) waitEdited(chat int64, messageID int, want string) tgfake.Message {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	m, err := h.fake.WaitForBotMessage(ctx, chat, func(m tgfake.Message) bool {
		return m.ID == messageID && strings.Contains(m.Text, want)
	})
	if err != nil {
		h.t.Fatalf("message %d in %d never showed %q", messageID, chat, want)
	}
	return m
}

// TestModerationInAStaffGroup: a partner added with --review posts alerts;
// they appear in the moderating organisation's staff group with buttons
// and reach nobody; someone who is not staff cannot decide; a staff member
// approves one, which then reaches the subscribers; the organisation
// rejects another through the API, which never goes out; the group
// messages show both decisions, the audit log both, and /alertstats lists
// them.
func TestModerationInAStaffGroup(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	org, err := h.svc.orgs.CreateOrg(ctx, orgs.Org{Name: "Redukcja <Szkód>", Regions: []string{"PL"}, ModeratesAlerts: true})
	if err != nil {
		t.Fatal(err)
	}
	orgToken, err := h.svc.orgs.CreateToken(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	subscribers := h.seed(9000, 3, "en", "PL-14")

	// A staff member joins with an invite and links the group.
	const group, staffID, outsiderID, strangerID = -1001555000111, 7001, 7002, 7003
	staff := h.newPerson(staffID, "pl")
	staff.onboard("pl", "PL", "PL-12")
	invite, err := h.svc.orgs.CreateInvite(ctx, org.ID, orgs.RoleStaff, 1, orgs.DefaultInviteTTL)
	if err != nil {
		t.Fatal(err)
	}
	orgName := map[string]any{"Org": bot.EscapeHTML(org.Name)}
	staff.send("/start join_"+invite, staff.text(locales.JoinedStaff, orgName))
	link, err := h.svc.orgs.CreateLinkCode(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.fake.AddGroup(group, "Moderatorzy", staffID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.fake.SendGroupText(group, staffID, "/linkgroup "+link); err != nil {
		t.Fatal(err)
	}
	h.groupReply(group, 0, staff.text(locales.GroupLinked, orgName))
	// Someone using the bot who is not in the organisation, and someone
	// who never used it, are in the group too.
	outsider := h.newPerson(outsiderID, "uk")
	outsider.onboard("uk", "PL", "PL-12")
	h.fake.AddUser(strangerID, "en")

	lab := h.reviewedPartner("Lab <Kraków>", "PL")
	first := lab.post("application/json", fmt.Sprintf(jsonWarning, "rev-1", "PL-14"), http.StatusAccepted)
	post := h.reviewPost(group, first.resource.ID)
	en := &person{h: h, lang: "en"}
	if want := en.text(locales.ReviewPending, map[string]any{"Partner": bot.EscapeHTML("Lab <Kraków>"), "ID": int64(first.resource.ID)}); post.Text != want {
		t.Errorf("review message %q, want %q", post.Text, want)
	}
	// The alert itself is in the group, above the buttons, as subscribers would see it.
	if msgs := h.fake.BotMessages(group); len(msgs) < 3 || !strings.Contains(msgs[len(msgs)-2].Text, "Wait two hours before taking more") {
		t.Errorf("the alert is not shown above the buttons: %+v", msgs)
	}
	if n, _ := received(h.fake, subscribers); n != 0 {
		t.Fatalf("%d subscribers got an alert waiting for review", n)
	}
	if got := lab.do("GET", "/api/v1/alerts/"+strconv.FormatInt(int64(first.resource.ID), 10), "", ""); got.resource.Status != "review" {
		t.Fatalf("status %q, want review: %s", got.resource.Status, got.body)
	}

	approve, reject := fmt.Sprintf("v1:modok:%d", first.resource.ID), fmt.Sprintf("v1:modno:%d", first.resource.ID)
	for _, who := range []struct {
		id   int64
		lang string
		data string
	}{{outsiderID, "uk", approve}, {strangerID, "en", reject}} {
		want := h.catalog.T(who.lang, locales.ReviewOnlyStaff, map[string]any{"Org": org.Name})
		if got := h.pressInGroup(group, who.id, post.ID, who.data); got != want {
			t.Errorf("user %d pressing %s got %q, want %q", who.id, who.data, got, want)
		}
	}
	if got := lab.do("GET", "/api/v1/alerts/"+strconv.FormatInt(int64(first.resource.ID), 10), "", ""); got.resource.Status != "review" {
		t.Fatalf("after refused presses: status %q, want review", got.resource.Status)
	}

	// The staff member approves: the subscribers get it, the group sees
	// the decision, without buttons and without a name.
	if got, want := h.pressInGroup(group, staffID, post.ID, approve), h.catalog.T("pl", locales.ReviewApprovedDone, nil); got != want {
		t.Errorf("approving: pop-up %q, want %q", got, want)
	}
	ctx2, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := h.fake.Wait(ctx2, func() bool { n, _ := received(h.fake, subscribers); return n == len(subscribers) }); err != nil {
		n, _ := received(h.fake, subscribers)
		t.Fatalf("the approved alert reached %d of %d", n, len(subscribers))
	}
	decided := h.waitEdited(group, post.ID, "Approved by a moderator at ")
	if len(decided.Keyboard) != 0 {
		t.Errorf("the decided message still has buttons: %+v", decided.Keyboard)
	}
	if !regexp.MustCompile(`at \d\d:\d\d`).MatchString(decided.Text) {
		t.Errorf("decided message %q has no time", decided.Text)
	}

	// Too late with a reason: the group hears it was decided already.
	before := len(h.fake.BotMessages(group))
	if _, err := h.fake.SendGroupText(group, staffID, fmt.Sprintf("/reject %d too late", first.resource.ID)); err != nil {
		t.Fatal(err)
	}
	h.groupReply(group, before, staff.text(locales.ReviewAlreadyDecided, nil))

	// A second alert, rejected by the organisation through the API.
	second := lab.post("application/json", fmt.Sprintf(jsonWarning, "rev-2", "PL-14"), http.StatusAccepted)
	post2 := h.reviewPost(group, second.resource.ID)
	path := "/api/v1/alerts/" + strconv.FormatInt(int64(second.resource.ID), 10)
	mod := &alertClient{t: t, base: "http://" + h.svc.addr, token: orgToken}
	other := &alertClient{t: t, base: mod.base, token: h.orgToken("Not Moderating", "PL")}
	stranger := &alertClient{t: t, base: mod.base, token: "po_unknown"}
	const reason = `{"reason": "The photo shows another pill <b>than</b> the lab result."}`
	for _, tt := range []struct {
		name   string
		c      *alertClient
		path   string
		body   string
		status int
		field  string
	}{
		{"unknown token", stranger, path + "/reject", reason, http.StatusUnauthorized, ""},
		{"a partner's token", lab, path + "/reject", reason, http.StatusUnauthorized, ""},
		{"not moderating", other, path + "/reject", reason, http.StatusForbidden, ""},
		{"no reason", mod, path + "/reject", `{}`, http.StatusUnprocessableEntity, "reason"},
		{"reason too long", mod, path + "/reject", `{"reason": "` + strings.Repeat("x", 1001) + `"}`, http.StatusUnprocessableEntity, "reason"},
		{"not JSON", mod, path + "/reject", `reason`, http.StatusBadRequest, ""},
		{"unknown alert", mod, "/api/v1/alerts/999999/reject", reason, http.StatusNotFound, ""},
		{"already approved", mod, "/api/v1/alerts/" + strconv.FormatInt(int64(first.resource.ID), 10) + "/approve", "", http.StatusConflict, ""},
		{"rejected", mod, path + "/reject", reason, http.StatusOK, ""},
		{"rejected again", mod, path + "/reject", reason, http.StatusConflict, ""},
		{"approved after rejection", mod, path + "/approve", `{}`, http.StatusConflict, ""},
	} {
		got := tt.c.do("POST", tt.path, "application/json", tt.body)
		if got.status != tt.status || (tt.field != "" && !strings.Contains(got.body, `"field":"`+tt.field+`"`)) {
			t.Errorf("%s: %d %s; want %d naming %q", tt.name, got.status, got.body, tt.status, tt.field)
		}
		if got.status >= 400 && got.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: content type %q", tt.name, got.header.Get("Content-Type"))
		}
	}
	rejected := h.waitEdited(group, post2.ID, "Rejected by a moderator at ")
	if !strings.Contains(rejected.Text, "The photo shows another pill <b>than</b> the lab result.") || len(rejected.Keyboard) != 0 {
		t.Errorf("rejected message %q with keyboard %+v", rejected.Text, rejected.Keyboard)
	}

	// /alertstats lists both, the approved one with its delivery.
	before = len(h.fake.BotMessages(group))
	if _, err := h.fake.SendGroupText(group, staffID, "/alertstats"); err != nil {
		t.Fatal(err)
	}
	h.groupReply(group, before, staff.text(locales.AlertStatsCounts, map[string]any{"Recipients": 3, "Sent": 3, "Pending": 0, "Blocked": 0}))
	stats := h.fake.BotMessages(group)[len(h.fake.BotMessages(group))-1].Text
	for _, want := range []string{
		"#" + strconv.FormatInt(int64(second.resource.ID), 10), staff.text(locales.AlertStatusRejected, nil),
		"#" + strconv.FormatInt(int64(first.resource.ID), 10), staff.text(locales.AlertStatusSent, nil),
	} {
		if !strings.Contains(stats, want) {
			t.Errorf("/alertstats %q does not show %q", stats, want)
		}
	}

	// The rejected alert never went out; the audit log has every decision.
	if _, total := received(h.fake, subscribers); total != len(subscribers) {
		t.Errorf("subscribers got %d messages, want %d (the approved alert only)", total, len(subscribers))
	}
	audit := postgres.NewAlertStore(h.svc.db)
	staffActor := fmt.Sprintf("staff:%d", h.person(staffID).ID)
	orgActor := fmt.Sprintf("org:%d", org.ID)
	for _, tt := range []struct {
		id   alerts.AlertID
		want []string
	}{
		{first.resource.ID, []string{"submitted", "approved " + staffActor, "published " + staffActor, "planned: 3 recipients"}},
		{second.resource.ID, []string{"submitted", "rejected " + orgActor + ": The photo shows another pill <b>than</b> the lab result."}},
	} {
		entries, err := audit.Audit(ctx, tt.id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			s := e.Action
			if e.Action != "submitted" && e.Action != "planned" {
				s += " " + e.Actor
			}
			if e.Note != "" {
				s += ": " + e.Note
			}
			got = append(got, s)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("audit of %d = %q, want %q", tt.id, got, tt.want)
		}
	}
}
