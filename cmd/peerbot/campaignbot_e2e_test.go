package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
)

// TestStaffSendsACampaignInTheBot follows a staff member who joined with an
// invite: /campaigns lists the draft made through the API, the preview shows
// what each language gets (fallbacks marked), and "Send now", confirmed,
// reaches the people in the segment in their language. A peer member gets
// no campaigns menu.
func TestStaffSendsACampaignInTheBot(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	api := &alertClient{t: t, base: "http://" + h.svc.addr, token: h.orgToken("Peer <Network>", "PL")}
	org, err := h.svc.orgs.OrgByName(ctx, "Peer <Network>")
	if err != nil {
		t.Fatal(err)
	}
	invite := func(role orgs.Role) string {
		code, err := h.svc.orgs.CreateInvite(ctx, org.ID, role, 1, orgs.DefaultInviteTTL)
		if err != nil {
			t.Fatal(err)
		}
		return code
	}
	orgData := map[string]any{"Org": "Peer &lt;Network&gt;"}

	polish := h.seed(9000, 3, "pl", "PL-14")
	ukrainian := h.seed(9100, 2, "uk", "PL-14")

	staff := h.newPerson(8001, "pl")
	staff.onboard("pl", "PL", "PL-24")
	staff.send("/start join_"+invite(orgs.RoleStaff), staff.text(locales.JoinedStaff, orgData))
	peer := h.newPerson(8002, "en")
	peer.onboard("en", "PL", "PL-24")
	peer.send("/start join_"+invite(orgs.RolePeer), peer.text(locales.JoinedPeer, orgData))

	created := api.do("POST", "/api/v1/campaigns", "application/json", `{
		"texts": {"pl": "Bezpłatne testowanie <w czwartek>.", "en": "Free drug checking on Thursday."},
		"default_lang": "en", "segment": {"regions": ["PL-14"]}, "quiet_start": 0, "quiet_end": 0,
		"buttons": [{"text": {"en": "Where", "pl": "Gdzie"}, "url": "https://example.org/checking"}]}`)
	if created.status != http.StatusCreated {
		t.Fatalf("creating the campaign: %d %s", created.status, created.body)
	}
	id := int64(created.resource.ID)
	idData := map[string]any{"ID": id}

	// Peers have no campaigns menu.
	peer.send("/campaigns", peer.text(locales.UnknownCommand, nil))

	draft := staff.text(locales.CampaignStatusDraft, nil)
	staff.send("/campaigns", staff.text(locales.CampaignsTitle, orgData))
	staff.press(fmt.Sprintf("#%d · %s", id, draft), staff.text(locales.ButtonCampaignPreview, nil))
	staff.waitFor(staff.text(locales.CampaignTitle, map[string]any{"ID": id, "Org": orgData["Org"], "Status": draft}))

	// The preview: one message per language, exactly what its readers get.
	staff.press(staff.text(locales.ButtonCampaignPreview, nil), staff.text(locales.ButtonCampaignSend, nil))
	for _, lang := range locales.Languages {
		name := h.catalog.T(lang, locales.LanguageName, nil)
		label, text, button := staff.text(locales.CampaignPreviewFallback, map[string]any{"Lang": name, "Default": "English"}),
			"Free drug checking on Thursday.", "Where"
		switch lang {
		case "pl":
			label, text, button = staff.text(locales.CampaignPreviewLabel, map[string]any{"Lang": name}), "Bezpłatne testowanie <w czwartek>.", "Gdzie"
		case "en":
			label = staff.text(locales.CampaignPreviewLabel, map[string]any{"Lang": name})
		}
		m := staff.waitFor(label)
		if m.Text != label+"\n\n"+text {
			t.Errorf("%s preview = %q, want %q then the text %q", lang, m.Text, label, text)
		}
		if len(m.Keyboard) != 1 || m.Keyboard[0][0].Text != button || m.Keyboard[0][0].URL != "https://example.org/checking" {
			t.Errorf("%s preview keyboard = %+v, want the %q link", lang, m.Keyboard, button)
		}
	}
	// Nothing went to anyone but the staff member.
	if n, _ := received(h.fake, append(polish, ukrainian...)); n != 0 {
		t.Fatalf("%d people got the campaign before it was sent", n)
	}

	// Send now, with confirmation, from the page sent after the previews.
	staff.waitFor(staff.text(locales.ButtonCampaignSend, nil))
	staff.press(staff.text(locales.ButtonCampaignSend, nil), staff.text(locales.CampaignConfirmSend, idData))
	staff.press(staff.text(locales.ButtonConfirmSend, nil), staff.text(locales.ButtonCampaignCancel, nil))

	everyone := append(append(polish[:0:0], polish...), ukrainian...)
	wctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := h.fake.Wait(wctx, func() bool { n, _ := received(h.fake, everyone); return n == len(everyone) }); err != nil {
		n, _ := received(h.fake, everyone)
		t.Fatalf("the campaign reached %d of %d people in its segment", n, len(everyone))
	}
	if m, _ := h.fake.LastBotMessage(int64(polish[0])); m.Text != "Bezpłatne testowanie <w czwartek>." {
		t.Errorf("Polish reader got %q", m.Text)
	}
	if m, _ := h.fake.LastBotMessage(int64(ukrainian[0])); m.Text != "Free drug checking on Thursday." {
		t.Errorf("Ukrainian reader (no Ukrainian text) got %q", m.Text)
	}
	if reached, total := received(h.fake, everyone); total != reached {
		t.Errorf("%d campaign messages to %d people", total, reached)
	}
	// Outside the segment (PL-24), the staff member got only the previews,
	// and the peer nothing but their own chat.
	for _, m := range h.fake.BotMessages(8002) {
		if strings.Contains(m.Text, "Free drug checking") {
			t.Errorf("the peer outside the segment got the campaign: %q", m.Text)
		}
	}

	// A campaign scheduled for later (through the API) can be stopped,
	// with confirmation, and then offers nothing more.
	later := api.do("POST", "/api/v1/campaigns", "application/json", `{
		"texts": {"en": "Party checking next month."}, "default_lang": "en", "segment": {"regions": ["PL-14"]}}`)
	if later.status != http.StatusCreated {
		t.Fatalf("creating the second campaign: %d %s", later.status, later.body)
	}
	at := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
	if sent := api.do("POST", fmt.Sprintf("/api/v1/campaigns/%d/send", later.resource.ID), "application/json", `{"at": "`+at+`"}`); sent.status != http.StatusAccepted {
		t.Fatalf("scheduling the second campaign: %d %s", sent.status, sent.body)
	}
	laterID := int64(later.resource.ID)
	scheduled := staff.text(locales.CampaignStatusScheduled, nil)
	staff.send("/campaigns", fmt.Sprintf("#%d · %s", laterID, scheduled))
	staff.press(fmt.Sprintf("#%d · %s", laterID, scheduled), staff.text(locales.ButtonCampaignCancel, nil))
	staff.press(staff.text(locales.ButtonCampaignCancel, nil), staff.text(locales.CampaignConfirmCancel, map[string]any{"ID": laterID}))
	cancelled := staff.text(locales.CampaignStatusCancelled, nil)
	m := staff.press(staff.text(locales.ButtonConfirmCancel, nil),
		staff.text(locales.CampaignTitle, map[string]any{"ID": laterID, "Org": orgData["Org"], "Status": cancelled}))
	for _, row := range m.Keyboard {
		for _, b := range row {
			if b.Text != staff.text(locales.ButtonCampaignsList, nil) {
				t.Errorf("a cancelled campaign's page offers %q", b.Text)
			}
		}
	}
	if _, total := received(h.fake, everyone); total != len(everyone) {
		t.Errorf("after stopping the second campaign %d people hold %d messages, want one each", len(everyone), total)
	}

	// Staff of two organisations pick one first.
	other, err := h.svc.orgs.CreateOrg(ctx, orgs.Org{Name: "Sala Segura"})
	if err != nil {
		t.Fatal(err)
	}
	code, err := h.svc.orgs.CreateInvite(ctx, other.ID, orgs.RoleAdmin, 1, orgs.DefaultInviteTTL)
	if err != nil {
		t.Fatal(err)
	}
	staff.send("/start join_"+code, staff.text(locales.JoinedAdmin, map[string]any{"Org": "Sala Segura"}))
	staff.send("/campaigns", staff.text(locales.CampaignsPickOrg, nil))
	staff.press("Sala Segura", staff.text(locales.CampaignsNone, nil))
	staff.send("/campaigns", staff.text(locales.CampaignsPickOrg, nil))
	staff.press("Peer <Network>", fmt.Sprintf("#%d · %s", laterID, cancelled))
}
