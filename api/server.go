package api

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

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
	// Campaigns serves /api/v1/campaigns to organisations; nil for none.
	Campaigns *CampaignAPI
}

// NewHandler returns the service's HTTP handler.
func NewHandler(o Options) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", health(o.Checks))
	if o.Metrics != nil {
		mux.Handle("GET /metrics", promhttp.HandlerFor(o.Metrics.Registry, promhttp.HandlerOpts{}))
	}
	if o.Webhook != nil {
		mux.Handle(o.WebhookPath, o.Webhook)
	}
	if o.Campaigns != nil {
		o.Campaigns.register(mux)
	}
	for pattern, h := range o.Extra {
		mux.Handle(pattern, h)
	}
	if _, ok := o.Extra["/"]; !ok {
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			WriteProblem(w, Problem{Status: http.StatusNotFound, Detail: "no such endpoint"})
		})
	}
	return mux
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
