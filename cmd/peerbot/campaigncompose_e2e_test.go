package main

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/campaigns"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/postgres"
)

// TestStaffWritesACampaignInTheBot follows a staff member who writes a
// campaign in Polish with an English translation and a photo, entirely with
// the bot: a text too long is refused with its length, nothing is stored
// before Save, the saved draft previews in every language, and "Send now"
// reaches the seeded people in their language (Polish for those with
// neither).
func TestStaffWritesACampaignInTheBot(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	h.orgToken("Punkt <Konsultacyjny>", "PL")
	org, err := h.svc.orgs.OrgByName(ctx, "Punkt <Konsultacyjny>")
	if err != nil {
		t.Fatal(err)
	}
	code, err := h.svc.orgs.CreateInvite(ctx, org.ID, orgs.RoleStaff, 1, orgs.DefaultInviteTTL)
	if err != nil {
		t.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	store := postgres.NewCampaignStore(h.svc.db, regions)

	polish := h.seed(9200, 2, "pl", "PL-14")
	english := h.seed(9300, 2, "en", "PL-24")
	ukrainian := h.seed(9400, 1, "uk", "PL-14")
	everyone := append(append(append(polish[:0:0], polish...), english...), ukrainian...)

	staff := h.newPerson(8101, "pl")
	staff.onboard("pl", "PL", "PL-24")
	staff.send("/start join_"+code, staff.text(locales.JoinedStaff, map[string]any{"Org": "Punkt &lt;Konsultacyjny&gt;"}))

	polski, englishName := h.catalog.T("pl", locales.LanguageName, nil), h.catalog.T("en", locales.LanguageName, nil)
	staff.send("/campaigns", staff.text(locales.ButtonNewCampaign, nil))
	staff.press(staff.text(locales.ButtonNewCampaign, nil), staff.text(locales.CampCompLang, nil))
	staff.press(polski, staff.text(locales.CampCompText, map[string]any{"Language": polski}))
	staff.send("Darmowe testowanie <w czwartek>.", staff.text(locales.CampCompMore, map[string]any{"Language": polski}))

	// A translation, first too long for a message.
	staff.press(englishName, staff.text(locales.CampCompText, map[string]any{"Language": englishName}))
	staff.send(strings.Repeat("a", campaigns.MaxText+1),
		staff.text(locales.CampCompTooLong, map[string]any{"Length": campaigns.MaxText + 1, "Max": campaigns.MaxText}))
	staff.send("Free drug checking on Thursday.",
		staff.text(locales.CampCompMoreHave, map[string]any{"List": englishName + ", " + polski}))

	// A photo, then the segment: the organisation's one region, toggled
	// on and off and on again; no roles or languages (everyone).
	staff.press(staff.text(locales.ComposeButtonNext, nil), staff.text(locales.CampCompPhoto, nil))
	since := len(h.fake.BotMessages(staff.id))
	h.fake.SendPhoto(staff.id, "a caption that is not kept")
	staff.waitForSince(since, 0, staff.text(locales.CampCompSegment, nil))
	staff.press("📍", "✅ 📍")
	staff.press("📍", staff.text(locales.CampCompSegment, nil))
	staff.press("📍", "✅ 📍")
	staff.press(staff.text(locales.ComposeButtonNext, nil), staff.text(locales.CampCompQuiet, map[string]any{"From": 21, "To": 9}))
	// No quiet hours, so the test does not depend on the time of day.
	staff.press(staff.text(locales.CampCompButtonNoQuiet, nil), staff.text(locales.CampCompSummary, nil))

	if list, err := store.ListByOrg(ctx, org.ID, 10); err != nil || len(list) != 0 {
		t.Fatalf("before Save the organisation has %d campaigns (err %v), want none", len(list), err)
	}
	page := staff.press(staff.text(locales.CampCompButtonSave, nil), staff.text(locales.ButtonCampaignPreview, nil))
	match := regexp.MustCompile(`#(\d+)`).FindStringSubmatch(page.Text)
	if match == nil {
		t.Fatalf("the page after Save names no campaign: %q", page.Text)
	}
	id, _ := strconv.ParseInt(match[1], 10, 64)
	camp, err := store.Get(ctx, org.ID, campaigns.CampaignID(id))
	if err != nil {
		t.Fatal(err)
	}
	wantTexts := map[string]string{"pl": "Darmowe testowanie <w czwartek>.", "en": "Free drug checking on Thursday."}
	if camp.Status != campaigns.Draft || camp.DefaultLang != "pl" || len(camp.Texts) != 2 ||
		camp.Texts["pl"] != wantTexts["pl"] || camp.Texts["en"] != wantTexts["en"] {
		t.Errorf("saved campaign: status %s, default %q, texts %q", camp.Status, camp.DefaultLang, camp.Texts)
	}
	if camp.PhotoFileID == "" || camp.PhotoURL != "" || camp.QuietStart != 0 || camp.QuietEnd != 0 ||
		fmt.Sprint(camp.Segment.Regions) != "[PL]" || len(camp.Segment.Roles)+len(camp.Segment.Langs) != 0 {
		t.Errorf("saved campaign: photo %q/%q, quiet %d–%d, segment %+v", camp.PhotoFileID, camp.PhotoURL, camp.QuietStart, camp.QuietEnd, camp.Segment)
	}
	if want := fmt.Sprintf("member:%d", h.person(staff.id).ID); camp.CreatedBy != want {
		t.Errorf("created by %q, want %q", camp.CreatedBy, want)
	}

	// The preview: every language with the photo, Polish for those
	// without a text of their own.
	staff.press(staff.text(locales.ButtonCampaignPreview, nil), staff.text(locales.ButtonCampaignSend, nil))
	for _, lang := range locales.Languages {
		name := h.catalog.T(lang, locales.LanguageName, nil)
		label, text := staff.text(locales.CampaignPreviewFallback, map[string]any{"Lang": name, "Default": polski}), wantTexts["pl"]
		if lang == "pl" || lang == "en" {
			label, text = staff.text(locales.CampaignPreviewLabel, map[string]any{"Lang": name}), wantTexts[lang]
		}
		if m := staff.waitFor(label); m.Kind != tgfake.KindPhoto || m.Text != label+"\n\n"+text {
			t.Errorf("%s preview: kind %v text %q, want a photo captioned %q then %q", lang, m.Kind, m.Text, label, text)
		}
	}
	if n, _ := received(h.fake, everyone); n != 0 {
		t.Fatalf("%d people got the campaign before it was sent", n)
	}

	staff.press(staff.text(locales.ButtonCampaignSend, nil), staff.text(locales.CampaignConfirmSend, map[string]any{"ID": id}))
	staff.press(staff.text(locales.ButtonConfirmSend, nil), staff.text(locales.ButtonCampaignCancel, nil))
	wctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := h.fake.Wait(wctx, func() bool { n, _ := received(h.fake, everyone); return n == len(everyone) }); err != nil {
		n, _ := received(h.fake, everyone)
		t.Fatalf("the campaign reached %d of %d people", n, len(everyone))
	}
	for _, c := range everyone {
		lang := h.person(int64(c)).Lang
		want := wantTexts["pl"]
		if lang == "en" {
			want = wantTexts["en"]
		}
		if m, _ := h.fake.LastBotMessage(int64(c)); m.Kind != tgfake.KindPhoto || m.Text != want {
			t.Errorf("a %s reader got kind %v %q, want the photo with %q", lang, m.Kind, m.Text, want)
		}
	}
	if reached, total := received(h.fake, everyone); total != reached {
		t.Errorf("%d campaign messages to %d people", total, reached)
	}
}
