package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
)

// exifJPEG is a small JPEG photo with an EXIF segment that holds a
// telltale (a GPS note): it must never reach the database or a staff
// group.
func exifJPEG(t *testing.T, telltale string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for x := range 32 {
		for y := range 24 {
			img.Set(x, y, color.RGBA{uint8(x * 8), uint8(y * 10), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	payload := append([]byte("Exif\x00\x00"), []byte(telltale)...)
	seg := append([]byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}, payload...)
	raw := buf.Bytes()
	return append(append(append([]byte{}, raw[:2]...), seg...), raw[2:]...)
}

// apiGet calls the organisation API and returns the status and body.
func (h *harness) apiGet(token, method, path, body string) (int, string) {
	h.t.Helper()
	req, err := http.NewRequest(method, "http://"+h.svc.addr+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// every gives a text in every language: the Dutch one as written, the
// others marked with their language.
func every(en, nl string) map[string]string {
	m := map[string]string{}
	for _, l := range locales.Languages {
		m[l] = "[" + l + "] " + en
	}
	m["en"], m["nl"] = en, nl
	return m
}

// TestAnonymousFeedbackSurveysAndReports is the demo: a person
// rates a service and comments in Greek (a comment that is too long is
// refused first, and the rating kept), answers a Dutch survey (a second
// attempt is refused politely), reports a bad batch with a photo that a
// moderator turns into an alert draft; a staff member gets the chart, the
// organisation a CSV with small counts suppressed; and the database holds
// nothing that points back to the people.
func TestAnonymousFeedbackSurveysAndReports(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	substances, err := content.LoadSubstances()
	if err != nil {
		t.Fatal(err)
	}

	// A Greek organisation that moderates alerts, with a staff member who
	// also composes alerts for a lab, and their staff group.
	org, err := h.svc.orgs.CreateOrg(ctx, orgs.Org{Name: "Κέντρο <Πρόληψης>", Regions: []string{"GR"}, ModeratesAlerts: true})
	if err != nil {
		t.Fatal(err)
	}
	grToken, err := h.svc.orgs.CreateToken(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	const group, staffID, greekID, dutchID = -1001777000222, 8101, 8102, 8103
	staff := h.newPerson(staffID, "el")
	staff.onboard("el", "GR", "GR-I")
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
	if _, err := h.fake.AddGroup(group, "Προσωπικό", staffID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.fake.SendGroupText(group, staffID, "/linkgroup "+link); err != nil {
		t.Fatal(err)
	}
	h.groupReply(group, 0, staff.text(locales.GroupLinked, orgName))
	h.reviewedPartner("Lab Athens", "GR")
	staff.send("/partner "+h.partnerLinkCode("Lab Athens"), staff.text(locales.PartnerLinked, map[string]any{"Partner": "Lab Athens"}))

	// 1. A Greek person rates the organisation's service and comments.
	greek := h.newPerson(greekID, "el")
	greek.onboard("el", "GR", "GR-I")
	greek.send("/feedback", greek.text(locales.FeedbackIntro, map[string]any{"Days": 180}))
	greek.press(greek.text(locales.ButtonFeedbackService, nil), org.Name)
	greek.press(org.Name, greek.text(locales.FeedbackRate, nil))
	greek.press("4⭐", greek.text(locales.FeedbackComment, nil))
	long := strings.Repeat("α", 1001)
	greek.send(long, greek.text(locales.FeedbackTooLong, map[string]any{"Count": 1001}))
	const comment = "Πολύ ευγενικό προσωπικό, αλλά κλείνει νωρίς."
	greek.send(comment, greek.text(locales.FeedbackThanks, nil))

	// 2. The same person reports a bad batch, with a photo carrying EXIF.
	greek.send("/feedback", greek.text(locales.FeedbackIntro, map[string]any{"Days": 180}))
	greek.press(greek.text(locales.ButtonReportBatch, nil), greek.text(locales.BatchSoldAs, nil))
	heroin := substances.Name("heroin", "el")
	greek.press(upperFirstTest(heroin), greek.text(locales.BatchEffects, nil))
	greek.press(greek.text(locales.EffectNaloxone, nil), "✅ "+greek.text(locales.EffectNaloxone, nil))
	greek.press(greek.text(locales.ButtonDone, nil), greek.text(locales.BatchRegion, nil))
	greek.press(regions.Name("GR-I", "el"), greek.text(locales.BatchWhen, nil))
	greek.press(greek.text(locales.WhenToday, nil), greek.text(locales.BatchPhoto, nil))
	const telltale = "GPS 37.9838N 23.7275E Athens"
	since := len(h.fake.BotMessages(greekID))
	h.fake.SendPhotoData(greekID, "", exifJPEG(t, telltale))
	greek.waitForSince(since, 0, greek.text(locales.BatchThanks, nil))

	// The report is in the staff group with the photo, stripped, and a button.
	gctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	post, err := h.fake.WaitForBotMessage(gctx, group, func(m tgfake.Message) bool {
		return m.Kind == tgfake.KindPhoto && strings.Contains(m.Text, "#")
	})
	if err != nil {
		t.Fatalf("the report was not posted in the staff group: %v", err)
	}
	en := &person{h: h, lang: "en"}
	for _, want := range []string{substances.Name("heroin", "en"), en.text(locales.EffectNaloxone, nil), regions.Name("GR-I", "en")} {
		if !strings.Contains(post.Text, want) {
			t.Errorf("group post %q lacks %q", post.Text, want)
		}
	}
	photo, ok := h.fake.FileData(post.Photo)
	if !ok {
		t.Fatal("the group post's photo was not uploaded")
	}
	if bytes.Contains(photo, []byte("Exif")) || bytes.Contains(photo, []byte(telltale)) {
		t.Error("the photo posted to staff still has its EXIF data")
	}
	if _, err := jpeg.Decode(bytes.NewReader(photo)); err != nil {
		t.Errorf("the posted photo is not a JPEG: %v", err)
	}
	var data string
	for _, row := range post.Keyboard {
		for _, b := range row {
			if strings.Contains(b.Text, en.text(locales.ButtonMakeAlertDraft, nil)) {
				data = b.CallbackData
			}
		}
	}
	if data == "" {
		t.Fatalf("no draft button under the report: %+v", post.Keyboard)
	}
	// Someone who is no partner's staff cannot; the lab's staff member can.
	const outsiderID = 8104
	outsider := h.newPerson(outsiderID, "en")
	outsider.onboard("en", "GR", "GR-I")
	if got := h.pressInGroup(group, outsiderID, post.ID, data); got != en.text(locales.BatchDraftOnlyPartners, nil) {
		t.Errorf("outsider pop-up %q", got)
	}
	if got := h.pressInGroup(group, staffID, post.ID, data); got != staff.text(locales.BatchDraftPopup, nil) {
		t.Errorf("staff pop-up %q", got)
	}
	id := regexp.MustCompile(`#(\d+)`).FindStringSubmatch(post.Text)[1]
	n, _ := strconv.Atoi(id)
	staff.waitFor(staff.text(locales.BatchDrafted, map[string]any{"ID": n}))
	draft := staff.send("/newalert", bot.EscapeHTML(substances.Name("heroin", "en")))
	if !strings.Contains(draft.Text, substances.Name("heroin", "en")) {
		t.Errorf("the draft does not show what it was sold as: %q", draft.Text)
	}

	// 3. A Dutch organisation sends a survey; a Dutch person answers it once.
	nlToken := h.orgToken("Mainline", "NL")
	survey := map[string]any{
		"title": every("How was our outreach?", "Hoe was ons veldwerk?"),
		"questions": []map[string]any{
			{"kind": "single", "text": every("Did you get naloxone from us?", "Kreeg je naloxon van ons?"),
				"choices": []map[string]string{every("Yes", "Ja"), every("No", "Nee")}},
			{"kind": "scale", "text": every("How welcome did you feel?", "Hoe welkom voelde je je?"), "max": 5},
			{"kind": "text", "text": every("What should we change?", "Wat moeten we veranderen?")},
		},
	}
	body, _ := json.Marshal(survey)
	status, created := h.apiGet(nlToken, "POST", "/api/v1/surveys", string(body))
	if status != http.StatusCreated {
		t.Fatalf("creating survey: %d %s", status, created)
	}
	var sv struct{ ID int64 }
	if err := json.Unmarshal([]byte(created), &sv); err != nil || sv.ID == 0 {
		t.Fatalf("created survey %s: %v", created, err)
	}
	// A survey missing a language is refused, naming the field.
	bad := strings.Replace(string(body), `"[pl] How was our outreach?"`, `""`, 1)
	if status, got := h.apiGet(nlToken, "POST", "/api/v1/surveys", bad); status != http.StatusUnprocessableEntity || !strings.Contains(got, `"field":"title.pl"`) {
		t.Errorf("survey without Polish title: %d %s", status, got)
	}
	dutch := h.newPerson(dutchID, "nl")
	dutch.onboard("nl", "NL", "NL-NH")
	if status, got := h.apiGet(nlToken, "POST", fmt.Sprintf("/api/v1/surveys/%d/send", sv.ID), ""); status != http.StatusOK {
		t.Fatalf("sending survey: %d %s", status, got)
	}
	dutch.waitFor(dutch.text(locales.ButtonAnswer, nil))
	dutch.press(dutch.text(locales.ButtonAnswer, nil), "Kreeg je naloxon van ons?")
	dutch.press("Ja", "Hoe welkom voelde je je?")
	dutch.press("4", "Wat moeten we veranderen?")
	dutch.send("Langer open in het weekend.", dutch.text(locales.SurveyThanks, nil))
	dutch.press(dutch.text(locales.ButtonAnswer, nil), dutch.text(locales.SurveyAlreadyAnswered, nil))
	status, report := h.apiGet(nlToken, "GET", fmt.Sprintf("/api/v1/reports/surveys/%d?period=month", sv.ID), "")
	var rep struct{ Rows []struct{ Count any } }
	if err := json.Unmarshal([]byte(report), &rep); status != http.StatusOK || err != nil || len(rep.Rows) != 3 {
		t.Fatalf("survey report: %d %s", status, report)
	}
	for _, r := range rep.Rows {
		if r.Count != "<5" {
			t.Errorf("survey report shows a count of %v, want <5", r.Count)
		}
	}

	// 4. The staff member gets the chart; the organisation the CSV.
	since = len(h.fake.BotMessages(staffID))
	h.fake.SendText(staffID, "/report")
	chart := staff.waitForSince(since, 0, staff.text(locales.FewerThanFive, nil))
	if chart.Kind != tgfake.KindPhoto {
		t.Errorf("/report sent %s, want a photo", chart.Kind)
	}
	if png, ok := h.fake.FileData(chart.Photo); !ok || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Error("/report's chart is not an uploaded PNG")
	}
	status, csvText := h.apiGet(grToken, "GET", "/api/v1/reports/feedback?format=csv&period=day", "")
	if status != http.StatusOK || !strings.Contains(csvText, "service,org-"+strconv.FormatInt(int64(org.ID), 10)+",GR-I,el,<5,") {
		t.Errorf("feedback CSV: %d %q", status, csvText)
	}
	if strings.Contains(csvText, comment) {
		t.Error("the CSV carries comment text")
	}
	status, batches := h.apiGet(grToken, "GET", "/api/v1/reports/batches?format=csv", "")
	if status != http.StatusOK || !strings.Contains(batches, "heroin,naloxone,GR-I,el,<5") {
		t.Errorf("batch CSV: %d %q", status, batches)
	}

	// 5. Nothing in the feedback tables points back to anyone.
	h.assertNothingPointsBack([]int64{staffID, greekID, dutchID, outsiderID}, telltale)
}

func upperFirstTest(s string) string {
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// anonymousTables are the tables that hold what people said.
var anonymousTables = []string{"feedback", "feedback_counts", "batch_reports", "survey_answers"}

// assertNothingPointsBack reads information_schema and every row of the
// anonymous tables: no column named for a person, chat or pseudonym, no
// time finer than a day, and no value equal to a person's id, chat id,
// lookup hash, sealed chat id or Redis key.
func (h *harness) assertNothingPointsBack(chats []int64, telltale string) {
	h.t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, h.cfg.DatabaseURL)
	if err != nil {
		h.t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ANY ($1)`, anonymousTables)
	if err != nil {
		h.t.Fatal(err)
	}
	cols, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct{ Table, Column, Type string }])
	if err != nil {
		h.t.Fatal(err)
	}
	if len(cols) < 20 {
		h.t.Fatalf("only %d columns found: %v", len(cols), cols)
	}
	personal := regexp.MustCompile(`person|people|chat|user|pseudonym|hash|sealed|member|telegram|name|phone`)
	for _, c := range cols {
		if personal.MatchString(c.Column) {
			h.t.Errorf("%s.%s may point to a person", c.Table, c.Column)
		}
		if strings.Contains(c.Type, "time") {
			h.t.Errorf("%s.%s is %s: finer than a day", c.Table, c.Column, c.Type)
		}
	}

	// Every identifier of these people, as text and as bytes.
	var needles [][]byte
	for _, chat := range chats {
		p := h.person(chat)
		var hash, sealed []byte
		if err := conn.QueryRow(ctx, `SELECT chat_hash, chat_sealed FROM people WHERE id = $1`, int64(p.ID)).Scan(&hash, &sealed); err != nil {
			h.t.Fatal(err)
		}
		needles = append(needles, hash, sealed, []byte(strconv.FormatInt(chat, 10)),
			[]byte(h.svc.sealer.Key(people.ChatID(chat))), []byte(h.svc.sealer.LogID(people.ChatID(chat))))
	}
	needles = append(needles, []byte(telltale), []byte("Exif"))
	seen := 0
	for _, table := range anonymousTables {
		rows, err := conn.Query(ctx, `SELECT * FROM `+table)
		if err != nil {
			h.t.Fatal(err)
		}
		for rows.Next() {
			seen++
			vals, err := rows.Values()
			if err != nil {
				h.t.Fatal(err)
			}
			for i, v := range vals {
				var b []byte
				switch x := v.(type) {
				case []byte:
					b = x
				case string:
					b = []byte(x)
				case time.Time:
					if x != x.Truncate(24*time.Hour) {
						h.t.Errorf("%s column %d holds a time of day: %v", table, i, x)
					}
					continue
				default:
					b = []byte(fmt.Sprint(x))
				}
				for _, n := range needles {
					if len(n) > 0 && bytes.Contains(b, n) {
						h.t.Errorf("%s column %d holds an identifier of a person (%q)", table, i, n)
					}
				}
			}
		}
		rows.Close()
	}
	if seen < 5 {
		h.t.Errorf("only %d rows checked: the flows stored less than expected", seen)
	}
}
