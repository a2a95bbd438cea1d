package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	goredis "github.com/redis/go-redis/v9"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/api"
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/broadcast"
	"github.com/peerbot/peerbot/campaigns"
	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/discreet"
	"github.com/peerbot/peerbot/flows"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/metrics"
	"github.com/peerbot/peerbot/moderation"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/privacy"
	"github.com/peerbot/peerbot/redis"
	"github.com/peerbot/peerbot/training"
)

// serveOptions are what the demo and the benchmark change about serve.
type serveOptions struct {
	extra    map[string]http.Handler // more HTTP routes (the demo's web chat)
	listener net.Listener            // listen here instead of HTTP_ADDR
	ready    func(*service)          // called once everything runs
}

// service is the running bot, for the demo and the benchmark to reach into.
type service struct {
	db         *postgres.DB
	people     *postgres.PeopleStore
	orgs       *postgres.OrgStore
	feedback   *postgres.FeedbackStore
	redis      *redis.Store
	sender     *bot.Sender
	dispatcher *bot.Dispatcher
	sealer     *privacy.Sealer
	metrics    *metrics.Metrics
	log        *slog.Logger
	addr       string // the HTTP listener's address
	flows      *flows.Flows
}

// discreetWorker deletes messages that discreet mode scheduled.
func (s *service) discreetWorker() *discreet.Worker {
	return &discreet.Worker{Due: deletions{s.people}, Delete: s.sender, Interval: time.Minute,
		Log: s.log.With("component", "discreet"), Keys: s.sealer.Key}
}

// serve runs the bot and the HTTP API until ctx ends.
func serve(ctx context.Context, cfg config.Config, log *slog.Logger, o serveOptions) error {
	sealer, err := privacy.NewSealer(cfg.Secret)
	if err != nil {
		return &config.Error{Setting: "PEERBOT_SECRET", Problem: err.Error()}
	}
	catalog, err := locales.Load()
	if err != nil {
		return err
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		return err
	}
	substances, err := content.LoadSubstances()
	if err != nil {
		return err
	}
	cards, err := loadCards(cfg, substances, log)
	if err != nil {
		return err
	}
	db, err := postgres.Open(ctx, cfg.DatabaseURL, log.With("component", "postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	rdb, err := openRedis(ctx, cfg.RedisURL, log)
	if err != nil {
		return err
	}
	defer rdb.Close()
	store := redis.New(rdb, cfg.RedisPrefix)
	m := metrics.New()

	tg, err := tgbot.New(cfg.TelegramToken, tgbot.WithServerURL(cfg.TelegramAPIURL), tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(time.Minute, telegramClient()))
	if err != nil {
		return fmt.Errorf("creating Telegram client: %w", err)
	}
	limits := limiter{store: store, limits: redis.Limits{
		GlobalRate: cfg.SendRate, GlobalBurst: burst(cfg.SendRate),
		ChatRate: cfg.ChatRate, ChatBurst: 3,
		// Broadcasts go evenly spaced: a 429 then reaches the sender before
		// the next send leaves, so none goes inside the retry_after window.
		// A burst of 50 ms of sending (at least two) makes up for timer
		// slack, which would otherwise cost a few percent of the rate.
		BroadcastRate: cfg.BroadcastRate, BroadcastBurst: max(2, int(cfg.BroadcastRate/20)),
		PaidBroadcast: cfg.PaidBroadcast,
	}}
	peopleStore := postgres.NewPeopleStore(db, sealer)
	sender := bot.NewSender(tg, bot.SenderConfig{}, limits, peopleStore, peopleStore, sealer.Key, log, m)
	orgStore := postgres.NewOrgStore(db, sealer)
	alertStore := postgres.NewAlertStore(db)
	alertService := alerts.NewService(alertStore, substances, regions)
	ledger := postgres.NewBroadcastStore(db, sealer, func(a *alerts.Alert) alerts.Audience {
		return alerts.AudienceOf(a, substances, regions)
	})
	campaignStore := postgres.NewCampaignStore(db, regions)
	renderer := &alerts.Renderer{Catalog: catalog, Substances: substances, Regions: regions}
	modules, err := loadModules(cfg.ContentDir, log)
	if err != nil {
		return err
	}
	trainingStore := postgres.NewTrainingStore(db)
	codes := training.Codes{Signer: sealer, Catalog: modules}
	outreachLog := wireOutreach(db, sealer, orgStore, log)
	fb := wireFeedback(cfg, db, store, sender, orgStore, sealer, catalog, regions, substances, log)
	desk := &moderation.Desk{Decider: alertService, Recent: alertStore, Delivery: ledger, Partners: alertStore}
	fl, err := flows.New(flows.Deps{
		People: peopleStore, Orgs: orgStore, Send: sender, States: store, Catalog: catalog, Regions: regions,
		Keys: sealer.Key, Log: log.With("component", "flows"),
		Moderation: desk,
		Campaigns:  campaignStore,
		// Partners' staff compose alerts in the chat, and see their delivery.
		Partners: postgres.NewPartnerMemberStore(db, sealer), Alerts: alertService, Renderer: renderer,
		PartnerStats: desk,
		Cards:        cards,
		// Peer training: /learn, progress in Postgres, completion codes.
		Training: trainingStore, Modules: modules, Codes: codes,
		Outreach: outreachLog.store,
		Feedback: fb.flows,
		// Find help and peer workers (wire_referral.go).
		Referral: referralDeps(db, sealer, sender, orgStore),
	})
	if err != nil {
		return err
	}
	disp := bot.NewDispatcher(fl, store, store, sealer.Key, bot.DispatchConfig{}, log, m)

	// Alerts in review go to the moderating organisations' staff groups,
	// and decisions show there, from every replica.
	moderator := &moderation.Worker{
		Store: postgres.NewReviewStore(db, sealer), Groups: orgStore, Versions: alertStore,
		Content: &alerts.BroadcastContent{Versions: alertStore, Renderer: renderer}, Send: sender,
		Texts: &moderation.Texts{Catalog: catalog, Regions: regions, Lang: locales.Default},
		Log:   log.With("component", "moderation"), Keys: sealer.Key,
	}

	// Broadcasts: the ledger plans published alerts and the engine sends
	// them, on every replica.
	engine := broadcast.New(ledger, broadcast.Planners{ledger, campaignStore, fb.store}, map[broadcast.Kind]broadcast.Content{
		broadcast.KindAlert:    &alerts.BroadcastContent{Versions: alertStore, Renderer: renderer, Links: flows.CardLinks{Cards: cards}},
		broadcast.KindExpiry:   &alerts.BroadcastContent{Versions: alertStore, Renderer: renderer, Links: flows.CardLinks{Cards: cards}},
		broadcast.KindCampaign: campaigns.NewBroadcastContent(campaignStore),
		broadcast.KindSurvey:   fb.content,
	}, sender, broadcast.Config{
		Rate: cfg.BroadcastRate, Paid: cfg.PaidBroadcast,
		Silent: func(region string, now time.Time) bool {
			h, ok := regions.LocalHour(region, now)
			return ok && people.IsNight(h)
		},
	}, log, m)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 4)
	// Everything started here ends before the stores close (deferred above):
	// the poller, for one, releases its lease in Redis on the way out.
	var running sync.WaitGroup
	defer func() { cancel(); running.Wait() }()
	running.Go(func() { errs <- disp.Run(ctx) })
	running.Go(func() { _ = engine.Run(ctx) })
	running.Go(func() { moderator.Run(ctx) })
	running.Go(func() { fb.janitor.Run(ctx) })
	running.Go(func() { fl.RunReferrals(ctx, referralInterval) })
	onAlert := func() { engine.Plan(); moderator.Wake() }
	running.Go(func() { db.Listen(ctx, onAlert, engine.Wake) })

	// In the background: with Telegram slow or down, the retries would
	// otherwise hold up the start, and the bot works without its menu.
	running.Go(func() {
		if err := setCommands(ctx, sender, catalog); err != nil && ctx.Err() == nil {
			log.Warn("setting commands and descriptions", "err", err)
		}
	})

	ln := o.listener
	if ln == nil {
		if ln, err = net.Listen("tcp", cfg.HTTPAddr); err != nil {
			return &config.Error{Setting: "HTTP_ADDR", Problem: err.Error()}
		}
	}
	handlerOpts := api.Options{
		Checks:  []api.Check{{Name: "postgres", Ping: db.Ping}, {Name: "redis", Ping: store.Ping}},
		Metrics: m,
		Extra:   o.extra,
		// The partner alert API and the public mirror.
		Alerts:   alertService,
		Delivery: ledger,
		// Organisations' campaigns.
		Campaigns: api.NewCampaignAPI(orgStore, campaignStore, regions, log),
		Partners:  postgres.NewPartnerStore(db),
		// Moderating organisations approve and reject alerts in review.
		Moderation: api.NewModerationAPI(orgStore, alertService, log),
		Outreach:   outreachLog.api,
		Feedback:   fb.api,
		Referrals:  api.NewReferralAPI(orgStore, postgres.NewReferralStore(db, sealer), log),
		Regions:    regions, Substances: substances, Catalog: catalog,
		Log: log.With("component", "api"),

		// Organisations verify completion codes and see training stats.
		Training: api.NewTrainingAPI(orgStore, trainingStore, codes, modules, log),
	}
	if cfg.WebhookURL != "" {
		u, _ := url.Parse(cfg.WebhookURL) // validated by config
		wh, err := bot.NewWebhook(disp, cfg.WebhookSecret, log)
		if err != nil {
			return &config.Error{Setting: "WEBHOOK_SECRET", Problem: err.Error()}
		}
		handlerOpts.WebhookPath, handlerOpts.Webhook = "POST "+u.Path, wh
	}
	srv := &http.Server{Handler: api.NewHandler(handlerOpts), ReadHeaderTimeout: 10 * time.Second,
		// Long-lived requests (the demo's event stream) end with the service.
		BaseContext: func(net.Listener) context.Context { return ctx }}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs <- fmt.Errorf("http server: %w", err)
		}
	}()
	defer func() {
		shutdown, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		_ = srv.Shutdown(shutdown)
	}()

	// Intake starts once the HTTP server can take webhook calls.
	if cfg.WebhookURL != "" {
		if err := bot.SetWebhook(ctx, tg, cfg.WebhookURL, cfg.WebhookSecret); err != nil {
			return fmt.Errorf("registering webhook: %w", err)
		}
	} else {
		// A webhook left from an earlier deployment would make every poll
		// fail with 409; pending updates stay queued at Telegram.
		if _, err := tg.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil {
			log.Warn("removing an old webhook before polling", "err", err)
		}
		poller, err := bot.NewPoller(disp, store, bot.PollerConfig{APIURL: cfg.TelegramAPIURL, Token: cfg.TelegramToken}, log)
		if err != nil {
			return err
		}
		running.Go(func() { errs <- poller.Run(ctx) })
	}

	svc := &service{db: db, people: peopleStore, orgs: orgStore, feedback: fb.store, redis: store, sender: sender, dispatcher: disp,
		sealer: sealer, metrics: m, log: log, addr: ln.Addr().String(), flows: fl}
	running.Go(func() { svc.discreetWorker().Run(ctx) })
	log.Info("peerbot running", "version", version, "http", svc.addr, "webhook", cfg.WebhookURL != "")
	if o.ready != nil {
		o.ready(svc)
	}

	select {
	case <-ctx.Done():
	case err = <-errs:
	}
	cancel()
	disp.Stop()
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	log.Info("peerbot stopped")
	return nil
}

// migrate applies migrations and exits.
func migrate(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	db, err := postgres.Open(ctx, cfg.DatabaseURL, log.With("component", "postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	log.Info("migrations applied", "count", len(applied), "versions", applied)
	return nil
}

// openRedis connects, retrying with a clear log line while Redis is down, so
// a replica started before Redis waits instead of crash-looping.
func openRedis(ctx context.Context, url string, log *slog.Logger) (*goredis.Client, error) {
	delay := 250 * time.Millisecond
	for {
		rdb, err := redis.Open(ctx, url)
		if err == nil {
			return rdb, nil
		}
		var ce *config.Error
		if errors.As(err, &ce) {
			return nil, err
		}
		log.Warn("redis unavailable, retrying", "err", err, "delay", delay.String())
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("connecting to redis: %w", ctx.Err())
		case <-time.After(delay):
		}
		delay = min(delay*2, 5*time.Second)
	}
}

// telegramClient keeps enough idle connections to the Bot API for many
// concurrent sends (the default of two per host means a new TCP and TLS
// handshake for nearly every call under load) and sends each request body
// in one piece.
func telegramClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 512
	t.MaxIdleConnsPerHost = 256
	return &http.Client{Transport: wholeBody{t}, Timeout: time.Minute}
}

// wholeBody reads a request body into memory before sending it. The Bot API
// client streams its multipart form through a pipe, which net/http sends as
// many small chunks, a system call each; our bodies are a few kilobytes.
type wholeBody struct{ next http.RoundTripper }

func (w wholeBody) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body == nil || r.ContentLength > 0 {
		return w.next.RoundTrip(r)
	}
	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("reading request body: %w", err)
	}
	r = r.Clone(r.Context())
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return w.next.RoundTrip(r)
}

// burst lets a short burst through: Telegram tolerates it, and people
// pressing buttons should not wait behind a strict one-per-tick schedule.
func burst(rate float64) int {
	return max(1, int(rate))
}

// limiter adapts the Redis limiter to the sender: the priority is the lane.
type limiter struct {
	store  *redis.Store
	limits redis.Limits
}

func (l limiter) Reserve(ctx context.Context, chatKey string, lane int) (time.Duration, error) {
	return l.store.Reserve(ctx, chatKey, redis.Lane(lane), l.limits)
}

func (l limiter) Pause(ctx context.Context, d time.Duration) error { return l.store.Pause(ctx, d) }

// deletions adapts the store's due deletions to the discreet worker.
type deletions struct{ db *postgres.PeopleStore }

func (d deletions) DueDeletions(ctx context.Context, now time.Time, limit int) ([]discreet.Deletion, error) {
	due, err := d.db.DueDeletions(ctx, now, limit)
	if err != nil {
		return nil, err
	}
	out := make([]discreet.Deletion, len(due))
	for i, x := range due {
		out[i] = discreet.Deletion{ID: x.ID, Chat: x.Chat, MessageID: x.MessageID}
	}
	return out, nil
}
