package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/metrics"
)

// Check is one dependency /healthz looks at, such as PostgreSQL or Redis.
type Check struct {
	Name string
	Ping func(ctx context.Context) error
}

// Options configure the HTTP handler.
type Options struct {
	Checks  []Check
	Metrics *metrics.Metrics
	// WebhookPath and Webhook receive Telegram's updates in webhook mode;
	// both empty in long-polling mode.
	WebhookPath string
	Webhook     http.Handler
	// Extra routes mounted as they are (the demo's web chat).
	Extra map[string]http.Handler

	// Alerts and Partners serve the partner alert API (/api/v1/alerts) and
	// the public mirror (/alerts); both nil: neither is served.
	Alerts   AlertService
	Partners PartnerTokens
	// Delivery gives delivery stats for GET /api/v1/alerts/{id}; nil shows
	// none.
	Delivery DeliveryStatsSource
	// Regions, Substances and Catalog name regions, substances and
	// languages on the mirror; required with Alerts.
	Regions    *content.Regions
	Substances *content.Substances
	Catalog    *locales.Catalog
	// Now is the mirror's clock (nil: time.Now).
	Now func() time.Time
	// Log receives internal errors (nil: discarded).
	Log *slog.Logger
	// Campaigns serves /api/v1/campaigns to organisations; nil for none.
	Campaigns *CampaignAPI
	// Moderation serves /api/v1/alerts/{id}/approve and reject to
	// moderating organisations; nil for none.
	Moderation *ModerationAPI
	// Training serves /api/v1/training (code verification, stats) to
	// organisations; nil for none.
	Training *TrainingAPI
	// Outreach serves /api/v1/outreach/monthly to organisations; nil for
	// none.
	Outreach *OutreachAPI
	// Feedback serves surveys and reports to organisations; nil for none.
	Feedback *FeedbackAPI
	// Referrals serves /api/v1/referrals/stats to organisations; nil for
	// none.
	Referrals *ReferralAPI
}

// route is one route the handler serves, as docs/openapi.yaml names it.
type route struct {
	Method string
	Path   string // OpenAPI path: /alerts/{id}.cap
}

// router is a ServeMux that remembers its documented routes, so a test can
// check that docs/openapi.yaml describes every one.
type router struct {
	mux    *http.ServeMux
	routes []route
}

// handle mounts h at method and path, or at pattern when the mux needs a
// different one (a wildcard must be a whole segment: {id}.cap is served as
// {file}).
func (rt *router) handle(method, path, pattern string, h http.HandlerFunc) {
	if pattern == "" {
		pattern = path
	}
	rt.mux.Handle(method+" "+pattern, h)
	rt.routes = append(rt.routes, route{method, path})
}

// NewHandler returns the service's HTTP handler.
func NewHandler(o Options) http.Handler {
	return newRouter(o).mux
}

func newRouter(o Options) *router {
	rt := &router{mux: http.NewServeMux()}
	mux := rt.mux
	rt.handle("GET", "/healthz", "", health(o.Checks).ServeHTTP)
	if o.Metrics != nil {
		rt.handle("GET", "/metrics", "", promhttp.HandlerFor(o.Metrics.Registry, promhttp.HandlerOpts{}).ServeHTTP)
	}
	if o.Alerts != nil {
		log := o.Log
		if log == nil {
			log = slog.New(slog.DiscardHandler)
		}
		now := o.Now
		if now == nil {
			now = time.Now
		}
		a := &alertAPI{alerts: o.Alerts, partners: o.Partners, delivery: o.Delivery, log: log}
		rt.handle("POST", "/api/v1/alerts", "", a.post)
		rt.handle("GET", "/api/v1/alerts/{id}", "", a.get)
		m := &mirror{alerts: o.Alerts, regions: o.Regions, substances: o.Substances, catalog: o.Catalog, now: now, log: log}
		rt.handle("GET", "/alerts", "/alerts", m.page)
		rt.handle("GET", "/alerts.atom", "", m.atom)
		rt.handle("GET", "/alerts/{id}.cap", "/alerts/{file}", m.capFile)
	}
	if o.Webhook != nil {
		mux.Handle(o.WebhookPath, o.Webhook)
	}
	if o.Referrals != nil {
		o.Referrals.register(rt)
	}
	if o.Campaigns != nil {
		o.Campaigns.register(rt)
	}
	if o.Moderation != nil {
		o.Moderation.register(rt)
	}
	if o.Training != nil {
		o.Training.register(rt)
	}
	if o.Outreach != nil {
		o.Outreach.register(rt)
	}
	if o.Feedback != nil {
		o.Feedback.register(rt)
	}
	for pattern, h := range o.Extra {
		mux.Handle(pattern, h)
	}
	if _, ok := o.Extra["/"]; !ok {
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			WriteProblem(w, Problem{Status: http.StatusNotFound, Detail: "no such endpoint"})
		})
	}
	return rt
}

// health answers 200 when every check passes within two seconds, 503 and the
// failing names otherwise. Error texts are not shown: they may carry hosts.
func health(checks []Check) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		status := make(map[string]string, len(checks))
		var mu sync.Mutex
		var wg sync.WaitGroup
		ok := true
		for _, c := range checks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := "ok"
				if err := c.Ping(ctx); err != nil {
					s = "unavailable"
				}
				mu.Lock()
				defer mu.Unlock()
				status[c.Name] = s
				ok = ok && s == "ok"
			}()
		}
		wg.Wait()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		if !ok {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": ok, "checks": status})
	})
}
