package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
)

// groupReply waits for a bot message in a group that shows want, after the
// first `since` bot messages there.
func (h *harness) groupReply(group int64, since int, want string) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := h.fake.Wait(ctx, func() bool {
		msgs := h.fake.BotMessages(group)
		for i := since; i < len(msgs); i++ {
			if strings.Contains(msgs[i].Text, want) {
				return true
			}
		}
		return false
	})
	if err != nil {
		var got []string
		for _, m := range h.fake.BotMessages(group) {
			got = append(got, m.Text)
		}
		h.t.Fatalf("group %d: no bot message showing %q; bot said %q", group, want, got)
	}
}

func TestJoinOrganisationWithAnInvite(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	org, err := h.svc.orgs.CreateOrg(ctx, orgs.Org{Name: "Ponto <Peer> & Co", Regions: []string{"PL-14"}})
	if err != nil {
		t.Fatal(err)
	}
	code, err := h.svc.orgs.CreateInvite(ctx, org.ID, orgs.RolePeer, 1, orgs.DefaultInviteTTL)
	if err != nil {
		t.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	// Rendered and parsed like the bot's message, the name reads as typed:
	// the bot must have escaped it.
	name := bot.EscapeHTML(org.Name)
	orgData := map[string]any{"Org": name}

	// A new person opens the invite link: nothing is stored before "I agree".
	p := h.newPerson(5001, "pl")
	p.send("/start join_"+code, p.text(locales.ChooseLanguage, nil))
	if _, err := h.svc.people.GetPerson(ctx, 5001); !errors.Is(err, people.ErrNotFound) {
		t.Fatalf("a profile exists before consent: %v", err)
	}
	if sums, err := h.svc.orgs.Summaries(ctx); err != nil || sums[0].Members[orgs.RolePeer] != 0 {
		t.Fatalf("members before consent: %+v, %v", sums, err)
	}
	p.press(h.catalog.T("pl", locales.LanguageName, nil), p.text(locales.ButtonAgree, nil))
	p.press(p.text(locales.ButtonAgree, nil), p.text(locales.JoinedPeer, orgData))
	p.waitFor(p.text(locales.ChooseCountry, nil))
	p.press(regions.Name("PL", "pl"), p.text(locales.ButtonWholeCountry, nil))
	p.press(regions.Name("PL-14", "pl"), p.plural(locales.RegionsSelected, 1))
	p.press(p.text(locales.ButtonDone, nil), p.text(locales.GroupOpioids, nil))
	p.press(p.text(locales.ButtonDone, nil), p.text(locales.MainMenu, nil))
	person := h.person(5001)
	if !person.Onboarded() {
		t.Errorf("profile after onboarding = %+v", person)
	}
	if role, err := h.svc.orgs.Role(ctx, org.ID, person.ID); role != orgs.RolePeer || err != nil {
		t.Fatalf("role after joining = %q, %v; want peer", role, err)
	}
	// Settings name the organisation and the role.
	p.send("/settings", p.text(locales.SettingsOrgs, map[string]any{"List": name + " (" + p.text(locales.RolePeer, nil) + ")"}))
	// Opening the link again, now used up, tells a member they are one already.
	p.send("/start join_"+code, p.text(locales.AlreadyMember, map[string]any{"Org": name, "Role": p.text(locales.RolePeer, nil)}))

	// Someone else with the same one-use link is refused politely, in their language.
	q := h.newPerson(5002, "uk")
	q.onboard("uk", "UA", "UA-30")
	q.send("/start join_"+code, q.text(locales.InviteUsedUp, nil))
	q.waitFor(q.text(locales.MainMenu, nil))
	if _, err := h.svc.orgs.Role(ctx, org.ID, h.person(5002).ID); !errors.Is(err, orgs.ErrNotMember) {
		t.Errorf("the refused person's role: %v, want ErrNotMember", err)
	}
	// A staff invite of their own works (typed in lower case); an unknown one is refused.
	staff, err := h.svc.orgs.CreateInvite(ctx, org.ID, orgs.RoleStaff, 1, orgs.DefaultInviteTTL)
	if err != nil {
		t.Fatal(err)
	}
	q.send("/start join_"+strings.ToLower(staff), q.text(locales.JoinedStaff, orgData))
	q.send("/start join_ZZZZZZZZZZ", q.text(locales.InviteUnknown, nil))

	// An unreadable code is answered at once, before anything else.
	r := h.newPerson(5003, "pt-br")
	r.send("/start join_oops", r.text(locales.InviteUnknown, nil))
	r.waitFor(r.text(locales.ChooseLanguage, nil))

	// A staff invite upgrades the peer.
	upgrade, err := h.svc.orgs.CreateInvite(ctx, org.ID, orgs.RoleStaff, 1, orgs.DefaultInviteTTL)
	if err != nil {
		t.Fatal(err)
	}
	p.send("/start join_"+upgrade, p.text(locales.RoleUpgraded, map[string]any{"Org": name, "Role": p.text(locales.RoleStaff, nil)}))

	// /forget says the membership went too.
	p.send("/forget", p.text(locales.ForgetConfirm, nil))
	p.press(p.text(locales.ButtonForgetYes, nil), p.plural(locales.ForgetItemMemberships, 1))
	if ms, err := h.svc.orgs.Members(ctx, org.ID, orgs.RolePeer); err != nil || len(ms) != 1 || ms[0].Role != orgs.RoleStaff {
		t.Errorf("members after the peer forgot everything = %+v, %v; want the other staff member only", ms, err)
	}
}

func TestLinkStaffGroup(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	org, err := h.svc.orgs.CreateOrg(ctx, orgs.Org{Name: "Sala Segura", ModeratesAlerts: true})
	if err != nil {
		t.Fatal(err)
	}
	code, err := h.svc.orgs.CreateLinkCode(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	const group, worker = -1001987654321, 6001
	h.fake.AddUser(worker, "pt-PT")
	if _, err := h.fake.AddGroup(group, "Equipa de rua", worker); err != nil {
		t.Fatal(err)
	}
	// The group answers in the sender's app language: Portuguese.
	pt := &person{h: h, lang: "pt"}
	steps := []struct {
		text string
		want string // "" for an update the bot ignores
	}{
		{"/start", ""},
		{"/linkgroup", pt.text(locales.GroupLinkHowTo, nil)},
		{"/linkgroup 7K3M9QX2TB", pt.text(locales.GroupCodeUnknown, nil)},
		{"/linkgroup@peerbot_test_bot " + strings.ToLower(code), pt.text(locales.GroupLinked, map[string]any{"Org": org.Name})},
		{"/menu", ""},
		{"/linkgroup " + code, pt.text(locales.GroupAlreadyLinked, map[string]any{"Org": org.Name})},
	}
	replies := 0
	for _, st := range steps {
		if _, err := h.fake.SendGroupText(group, worker, st.text); err != nil {
			t.Fatal(err)
		}
		if st.want != "" {
			h.groupReply(group, replies, st.want)
			replies++
		}
	}
	// Updates of one chat are handled in order, so by the last reply the
	// ignored commands were handled too, and said nothing.
	if n := len(h.fake.BotMessages(group)); n != replies {
		t.Errorf("the bot sent %d messages in the group, want %d (one per /linkgroup)", n, replies)
	}
	if got, err := h.svc.orgs.OrgByGroupChat(ctx, group); err != nil || got.ID != org.ID {
		t.Errorf("OrgByGroupChat = %+v, %v", got, err)
	}
	if gs, err := h.svc.orgs.ModeratorGroups(ctx); err != nil || len(gs) != 1 || gs[0].Chat != group {
		t.Errorf("ModeratorGroups = %+v, %v", gs, err)
	}

	// Another organisation's code cannot take the group over.
	other, err := h.svc.orgs.CreateOrg(ctx, orgs.Org{Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	otherCode, err := h.svc.orgs.CreateLinkCode(ctx, other.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.fake.SendGroupText(group, worker, "/linkgroup "+otherCode); err != nil {
		t.Fatal(err)
	}
	h.groupReply(group, replies, pt.text(locales.GroupTaken, nil))
}
