package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/flows"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/people"
)

// onboard takes a person from /start to the main menu, choosing lang and
// one region of country.
func (p *person) onboard(lang, country, region string) {
	p.h.t.Helper()
	regions, err := content.LoadRegions("")
	if err != nil {
		p.h.t.Fatal(err)
	}
	p.send("/start", p.text(locales.ChooseLanguage, nil))
	p.lang = lang
	p.press(p.h.catalog.T(lang, locales.LanguageName, nil), p.text(locales.ButtonAgree, nil))
	p.press(p.text(locales.ButtonAgree, nil), p.text(locales.ChooseCountry, nil))
	p.press(regions.Name(country, lang), p.text(locales.ButtonWholeCountry, nil))
	p.press(regions.Name(region, lang), p.plural(locales.RegionsSelected, 1))
	p.press(p.text(locales.ButtonDone, nil), p.text(locales.GroupOpioids, nil))
	p.press(p.text(locales.ButtonDone, nil), p.text(locales.MainMenu, nil))
}

func (h *harness) person(id int64) *people.Person {
	h.t.Helper()
	got, err := h.svc.people.GetPerson(context.Background(), people.ChatID(id))
	if err != nil {
		h.t.Fatalf("loading person %d: %v", id, err)
	}
	return got
}

func TestOnboardingInThreeLanguages(t *testing.T) {
	h := newHarness(t, nil)
	tests := []struct {
		id                     int64
		appLang, lang, country string
		region                 string
	}{
		{1001, "pl", "pl", "PL", "PL-14"},
		{1002, "uk", "uk", "UA", "UA-30"},
		{1003, "de", "pt", "PT", "PT-11"}, // an app in German starts in English
	}
	for _, tt := range tests {
		p := h.newPerson(tt.id, tt.appLang)
		p.onboard(tt.lang, tt.country, tt.region)
		got := h.person(tt.id)
		if got.Lang != tt.lang || !slices.Equal(got.Regions, []string{tt.region}) || !got.Onboarded() || !got.Consented() {
			t.Errorf("%s: profile = %+v", tt.lang, got)
		}
		if !slices.Equal(got.SubstanceGroups, people.SubstanceGroups) {
			t.Errorf("%s: groups = %v, want all by default", tt.lang, got.SubstanceGroups)
		}
	}
}

func TestNothingStoredBeforeConsent(t *testing.T) {
	h := newHarness(t, nil)
	p := h.newPerson(2001, "nl")
	p.send("/start src_flyer12", p.text(locales.ChooseLanguage, nil))
	p.press(h.catalog.T("nl", locales.LanguageName, nil), p.text(locales.ButtonAgree, nil))
	p.press(p.text(locales.ButtonDecline, nil), p.text(locales.Declined, nil))
	if _, err := h.svc.people.GetPerson(context.Background(), people.ChatID(2001)); !errors.Is(err, people.ErrNotFound) {
		t.Fatalf("a profile exists after declining: %v", err)
	}
	counts, err := h.svc.people.SourceCounts(context.Background(), time.Now().Add(-48*time.Hour), time.Now().Add(48*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if counts["flyer12"] != 1 {
		t.Errorf("source counts = %v, want flyer12: 1", counts)
	}
}

func TestRestartInTheMiddleOfOnboarding(t *testing.T) {
	h := newHarness(t, nil)
	p := h.newPerson(3001, "lt")
	p.send("/start", p.text(locales.ChooseLanguage, nil))
	p.press(h.catalog.T("lt", locales.LanguageName, nil), p.text(locales.ButtonAgree, nil))
	p.press(p.text(locales.ButtonAgree, nil), p.text(locales.ChooseCountry, nil))
	h.restart()
	// A button sent before the restart still works on the new process.
	regions, _ := content.LoadRegions("")
	p.press(regions.Name("LT", "lt"), p.text(locales.ButtonWholeCountry, nil))
	p.press(p.text(locales.ButtonWholeCountry, nil), p.plural(locales.RegionsSelected, 1))
	h.restart()
	p.press(p.text(locales.ButtonDone, nil), p.text(locales.GroupOpioids, nil))
	p.press(p.text(locales.ButtonDone, nil), p.text(locales.MainMenu, nil))
	if got := h.person(3001); !slices.Equal(got.Regions, []string{"LT"}) || !got.Onboarded() {
		t.Errorf("profile after restarts = %+v", got)
	}
}

func TestSettingsRegionsAndDiscreetMode(t *testing.T) {
	h := newHarness(t, nil)
	p := h.newPerson(4001, "pl")
	p.onboard("pl", "PL", "PL-14")
	regions, _ := content.LoadRegions("")

	p.send("/settings", p.text(locales.ButtonDiscreet, nil))
	p.press(p.text(locales.ButtonRegions, nil), p.text(locales.ChooseCountry, nil))
	p.press(regions.Name("PL", "pl"), p.text(locales.ButtonWholeCountry, nil))
	p.press(regions.Name("PL-12", "pl"), p.plural(locales.RegionsSelected, 2))
	p.press(regions.Name("PL-14", "pl"), p.plural(locales.RegionsSelected, 1))
	p.press(p.text(locales.ButtonDone, nil), p.text(locales.ButtonChangeRegions, nil))
	if got := h.person(4001).Regions; !slices.Equal(got, []string{"PL-12"}) {
		t.Fatalf("regions = %v, want [PL-12]", got)
	}

	p.send("/settings", p.text(locales.ButtonDiscreet, nil))
	p.press(p.text(locales.ButtonDiscreet, nil), p.text(locales.QuietNightsOff, nil))
	p.press(p.plural(locales.DiscreetHours, 6), p.text(locales.QuietNightsOff, nil))
	p.press(p.text(locales.QuietNightsOff, nil), p.text(locales.QuietNightsOn, nil))
	got := h.person(4001)
	if got.Discreet != (people.Discreet{DeleteAfterHours: 6, QuietNights: true}) {
		t.Fatalf("discreet = %+v", got.Discreet)
	}

	// From now on every new message is deleted after six hours.
	menu := p.send("/menu", p.text(locales.MainMenu, nil))
	h.waitRows("scheduled_deletions", 1) // scheduled right after the send
	worker := h.discreetWorker()
	if n := worker.Once(context.Background()); n != 0 {
		t.Fatalf("deleted %d messages before they were due", n)
	}
	worker.Now = func() time.Time { return time.Now().Add(6*time.Hour + time.Minute) }
	if n := worker.Once(context.Background()); n < 1 {
		t.Fatalf("deleted %d messages when the menu was due", n)
	}
	for _, m := range h.fake.BotMessages(4001) {
		if m.ID == menu.ID && !m.Deleted {
			t.Error("the menu sent in discreet mode was not deleted")
		}
	}
}

func TestStopAndResume(t *testing.T) {
	h := newHarness(t, nil)
	p := h.newPerson(5001, "en")
	p.onboard("en", "NL", "NL-NH")
	p.send("/stop", p.text(locales.Stopped, nil))
	if !h.person(5001).BroadcastsStopped {
		t.Fatal("/stop did not stop broadcasts")
	}
	p.press(p.text(locales.ButtonResumeAlerts, nil), p.text(locales.ButtonPauseAlerts, nil))
	if h.person(5001).BroadcastsStopped {
		t.Fatal("resume did not resume broadcasts")
	}
}

func TestForgetDeletesEverything(t *testing.T) {
	h := newHarness(t, nil)
	p := h.newPerson(6001, "uk")
	p.onboard("uk", "UA", "UA-46")
	p.send("/settings", p.text(locales.ButtonDiscreet, nil))
	p.press(p.text(locales.ButtonDiscreet, nil), p.text(locales.QuietNightsOff, nil))
	p.press(p.plural(locales.DiscreetHours, 1), p.text(locales.QuietNightsOff, nil))
	p.send("/forget", p.text(locales.ForgetConfirm, nil)) // scheduled for deletion
	done := p.press(p.text(locales.ButtonForgetYes, nil), p.text(locales.ForgetItemProfile, nil))
	for _, want := range []string{p.plural(locales.ForgetItemRegions, 1), p.plural(locales.ForgetItemGroups, len(people.SubstanceGroups)), p.plural(locales.ForgetItemDeletions, 1)} {
		if !strings.Contains(done.Text, want) {
			t.Errorf("reply %q does not say %q", done.Text, want)
		}
	}
	if _, err := h.svc.people.GetPerson(context.Background(), people.ChatID(6001)); !errors.Is(err, people.ErrNotFound) {
		t.Fatalf("person still there after /forget: %v", err)
	}
	// Nothing in any table is left: the only rows are other people's, and
	// there are none in this test.
	conn, err := pgx.Connect(context.Background(), h.cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	for _, table := range []string{"people", "scheduled_deletions"} {
		var n int
		if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s has %d rows after /forget", table, n)
		}
	}
	if st, err := h.svc.redis.GetState(context.Background(), h.svc.sealer.Key(people.ChatID(6001))); err != nil || st != nil {
		t.Errorf("conversation state after /forget = %q, %v", st, err)
	}
	// And they can start again from scratch.
	p.lang = "uk"
	p.send("/start", p.text(locales.ChooseLanguage, nil))
}

func TestUnexpectedInputAlwaysGetsAnAnswer(t *testing.T) {
	h := newHarness(t, nil)
	p := h.newPerson(7001, "el")
	// Before onboarding: anything at all brings back the current step.
	h.fake.SendSticker(7001)
	p.waitFor(p.text(locales.ChooseLanguage, nil))
	p.onboard("el", "GR", "GR-I")

	tests := []struct {
		name string
		send func()
		want string
	}{
		{"sticker", func() { h.fake.SendSticker(7001) }, p.text(locales.UnexpectedMedia, nil)},
		{"voice", func() { h.fake.SendVoice(7001) }, p.text(locales.UnexpectedMedia, nil)},
		{"document", func() { h.fake.SendDocument(7001, "x.pdf") }, p.text(locales.UnexpectedMedia, nil)},
		// Text nothing asked for is a search of the information cards.
		{"text", func() { h.fake.SendText(7001, "hello?") }, p.text(locales.InfoNotFound, nil)},
		{"unknown command", func() { h.fake.SendText(7001, "/dance") }, p.text(locales.UnknownCommand, nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(h.fake.BotMessages(7001))
			tt.send()
			m := p.waitForSince(before, 0, tt.want)
			if len(m.Keyboard) == 0 {
				t.Errorf("want a new message with the menu, got %+v", m)
			}
		})
	}

	// A button from an older release: a pop-up and a fresh menu.
	api, err := tgbot.New(h.fake.Token(), tgbot.WithServerURL(h.fake.URL()), tgbot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	old, err := api.SendMessage(context.Background(), &tgbot.SendMessageParams{
		ChatID: int64(7001), Text: "old menu",
		ReplyMarkup: models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "old", CallbackData: "v0:oldmenu"}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	before := len(h.fake.BotMessages(7001))
	queryID, err := h.fake.Press(7001, old.ID, "v0:oldmenu")
	if err != nil {
		t.Fatal(err)
	}
	p.waitChange(p.snapshot())
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := h.fake.Wait(ctx, func() bool {
		q, ok := h.fake.CallbackQuery(queryID)
		return ok && q.Answered && len(h.fake.BotMessages(7001)) > before
	}); err != nil {
		t.Fatal("stale button not answered with a fresh menu")
	}
	if q, _ := h.fake.CallbackQuery(queryID); q.AnswerText != p.text(locales.StaleButton, nil) {
		t.Errorf("pop-up = %q", q.AnswerText)
	}
}

func TestBlockingMarksInactive(t *testing.T) {
	h := newHarness(t, nil)
	p := h.newPerson(8001, "ru")
	p.onboard("ru", "LT", "LT-VL")
	h.fake.Block(8001)
	h.waitPerson(8001, func(x *people.Person) bool { return !x.Active })
	h.fake.Unblock(8001)
	h.waitPerson(8001, func(x *people.Person) bool { return x.Active })
}

// waitPerson waits until the stored profile satisfies cond.
func (h *harness) waitPerson(id int64, cond func(*people.Person) bool) {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := h.svc.people.GetPerson(context.Background(), people.ChatID(id))
		if err == nil && cond(got) {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("person %d never reached the expected state: %+v, %v", id, got, err)
		}
		// The database has no change feed; wait for the bot's next update.
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		_ = h.fake.Wait(ctx, func() bool { return false })
		cancel()
	}
}

// TestLogsHoldNoPrivateData runs a conversation and then reads every log
// line: no chat id, no message text, no token.
func TestLogsHoldNoPrivateData(t *testing.T) {
	h := newHarness(t, nil)
	const id = 987654321
	p := h.newPerson(id, "pt")
	p.onboard("pt", "PT", "PT-13")
	h.fake.SendText(id, "my secret words")
	p.waitFor(p.text(locales.InfoNotFound, nil))
	h.fake.Block(id)
	h.waitPerson(id, func(x *people.Person) bool { return !x.Active })
	logs := h.logs.String()
	if logs == "" {
		t.Fatal("no logs at all: the check would prove nothing")
	}
	for _, secret := range []string{strconv.Itoa(id), "my secret words", h.fake.Token(), h.cfg.Secret} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
	if regexp.MustCompile(`"text"`).MatchString(logs) {
		t.Error("logs have a text attribute")
	}
}

// TestWebhookMode runs onboarding with Telegram pushing updates to the
// bot's own webhook handler, and checks the handler's answers to bad calls.
func TestWebhookMode(t *testing.T) {
	h := newHarnessMode(t, nil, true)
	p := h.newPerson(10001, "pt")
	p.onboard("pt", "PT", "PT-11")
	hook := "http://" + h.svc.addr + "/telegram/hook"
	tests := []struct {
		name, secret, body string
		want               int
	}{
		{"wrong secret", "nope", `{"update_id":1}`, http.StatusUnauthorized},
		{"bad body", "harness_secret", `{"update_id":`, http.StatusBadRequest},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodPost, hook, strings.NewReader(tt.body))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", tt.secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("%s: status %d, want %d", tt.name, resp.StatusCode, tt.want)
		}
	}
}

// waitRows waits until a table has at least n rows.
func (h *harness) waitRows(table string, n int) {
	h.t.Helper()
	conn, err := pgx.Connect(context.Background(), h.cfg.DatabaseURL)
	if err != nil {
		h.t.Fatal(err)
	}
	defer conn.Close(context.Background())
	deadline := time.Now().Add(20 * time.Second)
	for {
		var got int
		if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&got); err != nil {
			h.t.Fatal(err)
		}
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("%s has %d rows, want at least %d", table, got, n)
		}
		// PostgreSQL has no change feed here: look again shortly.
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		<-ctx.Done()
		cancel()
	}
}

// TestCommandsAndDescriptionsInEveryLanguage: the command menu and the
// bot's descriptions are set at start-up in every language.
func TestCommandsAndDescriptionsInEveryLanguage(t *testing.T) {
	h := newHarness(t, nil)
	langs := append([]string{""}, locales.Languages...)
	// They are set in the background at start-up: wait for the last one.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	last := langs[len(langs)-1]
	if err := h.fake.Wait(ctx, func() bool { return h.fake.ShortDescription(last) != "" }); err != nil {
		t.Fatal("commands and descriptions were not set within 20s")
	}
	for _, lang := range langs {
		l := lang
		if l == "" {
			l = locales.Default
		}
		cmds := h.fake.Commands(lang)
		if want := len(flows.Commands(h.catalog, l)); len(cmds) != want {
			t.Errorf("%q: %d commands, want %d", lang, len(cmds), want)
			continue
		}
		if cmds[0].Command != "start" || cmds[0].Description != h.catalog.T(l, locales.CmdStart, nil) {
			t.Errorf("%q: first command = %+v", lang, cmds[0])
		}
		if got := h.fake.Description(lang); got != h.catalog.T(l, locales.BotDescription, nil) {
			t.Errorf("%q: description = %q", lang, got)
		}
		if got := h.fake.ShortDescription(lang); got != h.catalog.T(l, locales.BotShortDescription, nil) {
			t.Errorf("%q: short description = %q", lang, got)
		}
	}
}

// TestMetricsCountUpdatesAndSends: /metrics reports what the bot did.
func TestMetricsCountUpdatesAndSends(t *testing.T) {
	h := newHarness(t, nil)
	p := h.newPerson(11001, "en")
	p.onboard("en", "PT", "PT-13")
	// The last update may still be finishing (answering the button press)
	// when its reply is seen: wait until all seven are counted.
	var body []byte
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(string(body), "peerbot_update_handling_seconds_count 7") && time.Now().Before(deadline) {
		resp, err := http.Get("http://" + h.svc.addr + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	for _, want := range []string{
		`peerbot_updates_total{type="command"} 1`,
		`peerbot_updates_total{type="callback"} 6`,
		`peerbot_sends_total{outcome="ok"}`,
		`peerbot_update_handling_seconds_count 7`,
		`peerbot_update_queue_depth 0`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
