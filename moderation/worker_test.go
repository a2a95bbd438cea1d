package moderation_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/moderation"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/postgres/pgtest"
	"github.com/peerbot/peerbot/privacy"
	"github.com/peerbot/peerbot/redis"
)

// env is the worker's world: the real stores, the bot Sender on the strict
// fake, and the shared limiter in Redis.
type env struct {
	t        *testing.T
	ctx      context.Context
	fake     *tgfake.Server
	orgs     *postgres.OrgStore
	partners *postgres.PartnerStore
	svc      *alerts.Service
	catalog  *locales.Catalog
	worker   func() *moderation.Worker
}

// limiter adapts the Redis limiter to the Sender, as serve does.
type limiter struct{ store *redis.Store }

func (l limiter) Reserve(ctx context.Context, chatKey string, lane int) (time.Duration, error) {
	return l.store.Reserve(ctx, chatKey, redis.Lane(lane), redis.Limits{})
}

func (l limiter) Pause(ctx context.Context, d time.Duration) error { return l.store.Pause(ctx, d) }

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	log := slog.New(slog.DiscardHandler)
	db, err := postgres.Open(ctx, pgtest.NewDatabase(t), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	rdb, err := redis.Open(ctx, config.DefaultRedisURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Close() })
	var prefix [6]byte
	rand.Read(prefix[:])
	store := redis.New(rdb, "peerbot-moderation-test-"+hex.EncodeToString(prefix[:])+":")
	t.Cleanup(func() { _, _ = store.DeleteAll(context.Background()) })

	sealer, err := privacy.NewSealer("test secret for the moderation worker tests")
	if err != nil {
		t.Fatal(err)
	}
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	substances, err := content.LoadSubstances()
	if err != nil {
		t.Fatal(err)
	}
	fake := tgfake.New(tgfake.Options{})
	t.Cleanup(fake.Close)
	tg, err := tgbot.New(fake.Token(), tgbot.WithServerURL(fake.URL()), tgbot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	peopleStore := postgres.NewPeopleStore(db, sealer)
	sender := bot.NewSender(tg, bot.SenderConfig{}, limiter{store}, peopleStore, nil, sealer.Key, log, nil)
	alertStore := postgres.NewAlertStore(db)
	renderer := &alerts.Renderer{Catalog: catalog, Substances: substances, Regions: regions}
	e := &env{t: t, ctx: ctx, fake: fake, orgs: postgres.NewOrgStore(db, sealer),
		svc: alerts.NewService(alertStore, substances, regions), catalog: catalog}
	e.worker = func() *moderation.Worker {
		return &moderation.Worker{
			Store: postgres.NewReviewStore(db, sealer), Groups: e.orgs, Versions: alertStore,
			Content: &alerts.BroadcastContent{Versions: alertStore, Renderer: renderer}, Send: sender,
			Texts: &moderation.Texts{Catalog: catalog, Regions: regions, Lang: locales.Default},
			Log:   log, Keys: sealer.Key,
		}
	}
	e.partners = postgres.NewPartnerStore(db)
	return e
}

// group makes an organisation's staff group; inFake false leaves it out
// of Telegram, as a group the bot was removed from.
func (e *env) group(org orgs.OrgID, chat people.ChatID, inFake bool) {
	e.t.Helper()
	if inFake {
		e.fake.AddUser(1, "en")
		if _, err := e.fake.AddGroup(int64(chat), "Staff", 1); err != nil {
			e.t.Fatal(err)
		}
	}
	code, err := e.orgs.CreateLinkCode(e.ctx, org)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, _, err := e.orgs.LinkGroup(e.ctx, code, chat); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) org(name string, moderates bool) orgs.OrgID {
	e.t.Helper()
	o, err := e.orgs.CreateOrg(e.ctx, orgs.Org{Name: name, ModeratesAlerts: moderates})
	if err != nil {
		e.t.Fatal(err)
	}
	return o.ID
}

// runReplicas runs one round of n workers at once, like n replicas woken
// by the same notification.
func (e *env) runReplicas(n int) {
	var wg sync.WaitGroup
	for range n {
		w := e.worker()
		wg.Go(func() { w.RunOnce(e.ctx) })
	}
	wg.Wait()
}

func TestWorkerPostsOnceAndShowsDecisions(t *testing.T) {
	e := newEnv(t)
	mod := e.org("Moderating", true)
	const g1, g2, gone, quiet = people.ChatID(-1001000000001), people.ChatID(-1001000000002), people.ChatID(-1001000000003), people.ChatID(-1001000000004)
	e.group(mod, g1, true)
	e.group(mod, g2, true)
	e.group(mod, gone, false)
	e.group(e.org("Not moderating", false), quiet, true)

	lab := &alerts.Partner{Name: "Lab & <Co>", Regions: []string{"PL"}, Review: true}
	if _, err := e.partners.AddPartner(e.ctx, lab); err != nil {
		t.Fatal(err)
	}
	submit := func(identifier, photo string) *alerts.Stored {
		a := &alerts.Alert{Identifier: identifier, MsgType: alerts.MsgAlert, SoldAs: "MDMA", Form: alerts.FormPill,
			Contents: []alerts.Content{{Substance: "pmma", Amount: 40, Unit: "mg"}}, Severity: alerts.Warning,
			Advice: map[string]string{"en": "Wait two hours before taking more."}, Regions: []string{"PL-14"}, PhotoURL: photo}
		st, _, err := e.svc.Submit(e.ctx, lab, a, alerts.FormatJSON)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	first := submit("W-1", "https://lab.example.org/w-1.jpg")
	second := submit("W-2", "")

	// Three replicas at once: every moderating group gets each alert once.
	e.runReplicas(3)
	pending := func(st *alerts.Stored) string {
		plain, _, err := tgfake.ParseHTML(e.catalog.T("en", locales.ReviewPending, map[string]any{"Partner": bot.EscapeHTML(st.PartnerName), "ID": int64(st.ID)}))
		if err != nil {
			t.Fatal(err)
		}
		return plain
	}
	controls := map[people.ChatID]map[alerts.AlertID]int{}
	for _, g := range []people.ChatID{g1, g2} {
		msgs := e.fake.BotMessages(int64(g))
		// The photo alert: photo, text, buttons; the other: text, buttons.
		// Replicas post different alerts at once, so the two may interleave.
		if len(msgs) != 5 {
			t.Fatalf("group %d has %d bot messages, want 5: %+v", g, len(msgs), msgs)
		}
		controls[g] = map[alerts.AlertID]int{}
		var photo, texts int
		for _, m := range msgs {
			switch {
			case m.Kind == tgfake.KindPhoto:
				if m.FileName != "https://lab.example.org/w-1.jpg" {
					t.Errorf("group %d: photo %+v", g, m)
				}
				photo = m.ID
			case len(m.Keyboard) > 0:
				for _, st := range []*alerts.Stored{first, second} {
					if m.HasCallbackButton("v1:modok:" + itoa(st.ID)) {
						if m.Text != pending(st) || !m.HasCallbackButton("v1:modno:"+itoa(st.ID)) {
							t.Errorf("group %d: review message %+v", g, m)
						}
						controls[g][st.ID] = m.ID
					}
				}
			case strings.Contains(m.Text, "Wait two hours"):
				texts++
			}
		}
		if photo == 0 || photo > controls[g][first.ID] || texts != 2 || len(controls[g]) != 2 {
			t.Errorf("group %d: photo %d, alert texts %d, review messages %v: %+v", g, photo, texts, controls[g], msgs)
		}
	}
	if n := len(e.fake.BotMessages(int64(quiet))); n != 0 {
		t.Errorf("a group of an organisation that does not moderate got %d messages", n)
	}
	// Announced: nothing more on the next rounds.
	e.runReplicas(2)
	if n := len(e.fake.BotMessages(int64(g1))); n != 5 {
		t.Errorf("group 1 has %d bot messages after more rounds, want 5", n)
	}

	if _, err := e.svc.Approve(e.ctx, first.ID, "staff:1"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Reject(e.ctx, second.ID, "org:1", "Sample <mixed up>."); err != nil {
		t.Fatal(err)
	}
	e.runReplicas(3)
	for _, g := range []people.ChatID{g1, g2} {
		msgs := e.fake.BotMessages(int64(g))
		byID := map[int]tgfake.Message{}
		for _, m := range msgs {
			byID[m.ID] = m
		}
		approved, rejected := byID[controls[g][first.ID]], byID[controls[g][second.ID]]
		if !strings.HasPrefix(approved.Text, "✅ Sent by Lab & <Co>. Approved by a moderator at ") || len(approved.Keyboard) != 0 || approved.EditCount != 1 {
			t.Errorf("group %d: approved message %+v", g, approved)
		}
		if !strings.Contains(rejected.Text, "Rejected by a moderator at ") || !strings.HasSuffix(rejected.Text, "Reason: Sample <mixed up>.") ||
			len(rejected.Keyboard) != 0 || rejected.EditCount != 1 {
			t.Errorf("group %d: rejected message %+v", g, rejected)
		}
		if len(msgs) != 5 {
			t.Errorf("group %d: %d messages after the decisions, want the same 5", g, len(msgs))
		}
	}
}

func itoa(id alerts.AlertID) string { return strconv.FormatInt(int64(id), 10) }
