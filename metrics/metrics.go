// Package metrics holds the Prometheus collectors the service exports at
// /metrics. One Registry per process (or per test) keeps tests independent.
package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics are the service's collectors.
type Metrics struct {
	Registry *prometheus.Registry
	// Updates counts incoming updates by type (text, command, callback, other,
	// member, duplicate).
	Updates *prometheus.CounterVec
	// HandlerSeconds is the time to handle one update, lock to reply.
	HandlerSeconds prometheus.Histogram
	// Sends counts outgoing calls by outcome (ok, retry, unreachable, failed).
	Sends *prometheus.CounterVec
	// TooManyRequests counts 429 answers from Telegram.
	TooManyRequests prometheus.Counter
	// QueueDepth is the number of updates waiting for their chat's worker.
	QueueDepth prometheus.Gauge
	// Deliveries counts broadcast deliveries settled by this replica, by
	// kind (alert, campaign) and state (sent, failed, unreachable, retry,
	// released).
	Deliveries *prometheus.CounterVec
}

// New creates the collectors on a fresh registry, with Go and process
// collectors included.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		Updates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "peerbot_updates_total", Help: "Incoming Telegram updates by type.",
		}, []string{"type"}),
		HandlerSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "peerbot_update_handling_seconds",
			Help:    "Time to handle one update, from intake to the end of the handler.",
			Buckets: []float64{.001, .0025, .005, .01, .02, .03, .05, .1, .25, .5, 1, 2.5, 5},
		}),
		Sends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "peerbot_sends_total", Help: "Outgoing Telegram calls by outcome.",
		}, []string{"outcome"}),
		TooManyRequests: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "peerbot_telegram_429_total", Help: "429 Too Many Requests answers from Telegram.",
		}),
		QueueDepth: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "peerbot_update_queue_depth", Help: "Updates waiting to be handled on this replica.",
		}),
		Deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "peerbot_deliveries_total", Help: "Broadcast deliveries settled on this replica, by kind and state.",
		}, []string{"kind", "state"}),
	}
	reg.MustRegister(m.Updates, m.HandlerSeconds, m.Sends, m.TooManyRequests, m.QueueDepth, m.Deliveries,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}
