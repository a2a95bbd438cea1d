package main

import (
	"context"
	"strings"
	"testing"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/outreach"
	"github.com/peerbot/peerbot/postgres"
)

// A peer logs a shift in Portuguese in under a minute of taps; a note with
// a phone number is refused and the draft kept, across a restart; the
// organisation's staff see the shift in the month's chart and numbers.
func TestPeerLogsShiftStaffSeeMonth(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	org, err := h.svc.orgs.CreateOrg(ctx, orgs.Org{Name: "Rua Segura", Regions: []string{"PT-11"}})
	if err != nil {
		t.Fatal(err)
	}
	store := postgres.NewOutreachStore(h.svc.db, h.svc.sealer)
	if _, err := store.AddHotspot(ctx, outreach.Hotspot{Org: org.ID, Label: "Cais do Sodré", Region: "PT-11"}); err != nil {
		t.Fatal(err)
	}
	peerCode, err := h.svc.orgs.CreateInvite(ctx, org.ID, orgs.RolePeer, 1, orgs.DefaultInviteTTL)
	if err != nil {
		t.Fatal(err)
	}
	staffCode, err := h.svc.orgs.CreateInvite(ctx, org.ID, orgs.RoleStaff, 1, orgs.DefaultInviteTTL)
	if err != nil {
		t.Fatal(err)
	}

	// Someone who is no member sees no button and cannot log a shift.
	other := h.newPerson(9003, "pt-PT")
	other.onboard("pt", "PT", "PT-11")
	menu := other.send("/menu", other.text(locales.MainMenu, nil))
	if shows(menu, other.text(locales.ButtonLogShift, nil)) {
		t.Error("the main menu of a non-member offers Log a shift")
	}
	other.send("/logshift", other.text(locales.ShiftNotPeer, nil))

	p := h.newPerson(9001, "pt-PT")
	p.onboard("pt", "PT", "PT-11")
	p.send("/start join_"+peerCode, p.text(locales.JoinedPeer, map[string]any{"Org": org.Name}))
	p.send("/menu", p.text(locales.ButtonLogShift, nil))
	p.press(p.text(locales.ButtonLogShift, nil), p.text(locales.ShiftAskDate, nil))
	p.press(p.text(locales.ButtonShiftToday, nil), p.text(locales.ShiftAskPlace, nil))
	p.press("Cais do Sodré", p.text(locales.ShiftAskContacts, map[string]any{"Count": 0}))
	p.send("12", p.text(locales.MaterialSyringes, nil))
	p.send("seringas 20", "💉 "+p.text(locales.MaterialSyringes, nil)+": 20")
	p.press("💉 +5", "💉 "+p.text(locales.MaterialSyringes, nil)+": 25")
	p.press("📜 +1", p.text(locales.MaterialFoil, nil)+": 1")
	p.press(p.text(locales.ButtonShiftNext, nil), p.text(locales.OutreachNeedOST, nil))
	p.press(p.text(locales.OutreachNeedOST, nil), p.text(locales.OutreachNeedOST, nil)+" · 1")
	p.press(p.text(locales.ButtonShiftNext, nil), "🆘 +1")
	p.press("🆘 +1", p.text(locales.ShiftAskOverdoses, map[string]any{"Overdoses": 1, "Naloxone": 0}))
	p.press("💊 +1", p.text(locales.ShiftAskOverdoses, map[string]any{"Overdoses": 1, "Naloxone": 1}))
	p.press(p.text(locales.ButtonShiftNext, nil), p.text(locales.ButtonShiftSkip, nil))

	// A phone number in the note is refused, in Portuguese; the draft stays.
	p.send("liguem-me para 912 345 678", p.text(locales.ShiftNotePhone, nil))
	p.send("Falei com a Ana Costa.", p.text(locales.ShiftNoteName, nil))
	// The draft is in Redis: a restart (or another replica) keeps it.
	h.restart()
	// Log a shift takes it up where it was: at the note.
	p.send("/logshift", p.text(locales.ButtonShiftSkip, nil))
	summary := p.send("Muita procura de pratas no Cais do Sodré.", "💉 "+p.text(locales.MaterialSyringes, nil)+": 25")
	for _, want := range []string{"Cais do Sodré", "Muita procura de pratas", p.text(locales.OutreachNeedOST, nil) + ": 1"} {
		if !strings.Contains(summary.Text, want) {
			t.Errorf("summary %q does not show %q", summary.Text, want)
		}
	}
	p.press(p.text(locales.ButtonShiftSave, nil), p.text(locales.ShiftSaved, nil))

	// The peer sees their own totals, exactly.
	mylog := p.send("/mylog", "💉 "+p.text(locales.MaterialSyringes, nil)+": 25")
	if !strings.Contains(mylog.Text, "12") {
		t.Errorf("/mylog %q does not show the 12 people met", mylog.Text)
	}

	// Staff see the month: a chart and the numbers, counts under 5 hidden.
	s := h.newPerson(9002, "pt-BR")
	s.onboard("pt", "PT", "PT-11")
	s.send("/start join_"+staffCode, s.text(locales.JoinedStaff, map[string]any{"Org": org.Name}))
	since := len(h.fake.BotMessages(9002))
	h.fake.SendText(9002, "/outreach")
	m := s.waitForSince(since, 0, "Cais do Sodré")
	if m.Kind != tgfake.KindPhoto || m.Photo == "" {
		t.Fatalf("/outreach answered %+v, want a photo", m)
	}
	fewer := s.text(locales.FewerThanFive, nil)
	for _, want := range []string{"💉 " + s.text(locales.MaterialSyringes, nil) + ": 25", "👥", ": 12", fewer} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("/outreach caption %q does not show %q", m.Text, want)
		}
	}
	if strings.Contains(m.Text, "Muita procura") {
		t.Error("staff see the note")
	}

	// Staff name a new place in the bot; a phone number or a name taken
	// already is refused, and the bot keeps waiting.
	s.press(s.text(locales.ButtonHotspots, nil), s.text(locales.ButtonAddHotspot, nil))
	s.press(s.text(locales.ButtonAddHotspot, nil), s.text(locales.HotspotAsk, map[string]any{"Max": outreach.MaxLabelLen}))
	s.send("ligar 912 345 678", s.text(locales.HotspotInvalid, map[string]any{"Max": outreach.MaxLabelLen}))
	s.send("cais do sodré", s.text(locales.HotspotTaken, nil))
	s.send("Intendente", s.text(locales.HotspotAdded, map[string]any{"Label": "Intendente"}))
	store = postgres.NewOutreachStore(h.svc.db, h.svc.sealer) // the service restarted
	if hs, err := store.Hotspots(ctx, org.ID); err != nil || len(hs) != 2 || hs[1].Label != "Intendente" {
		t.Errorf("hotspots after adding one in the bot = %+v, %v", hs, err)
	}
	// A peer cannot: the button is not theirs.
	since = len(h.fake.BotMessages(9001))
	h.fake.SendText(9001, "/outreach")
	p.waitForSince(since, 0, p.text(locales.UnknownCommand, nil))

	// /forget tells the peer their shifts stay with the organisation.
	p.send("/forget", p.text(locales.ForgetConfirm, nil))
	p.press(p.text(locales.ButtonForgetYes, nil), p.plural(locales.ForgetItemOutreach, 1))
}
