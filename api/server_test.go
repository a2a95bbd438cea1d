package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/peerbot/peerbot/metrics"
)

func TestHealth(t *testing.T) {
	ok := func(context.Context) error { return nil }
	down := func(context.Context) error { return errors.New("dial tcp 10.0.0.5:5432: connection refused") }
	tests := []struct {
		name   string
		checks []Check
		status int
		want   map[string]string
	}{
		{"all up", []Check{{"postgres", ok}, {"redis", ok}}, http.StatusOK, map[string]string{"postgres": "ok", "redis": "ok"}},
		{"redis down", []Check{{"postgres", ok}, {"redis", down}}, http.StatusServiceUnavailable, map[string]string{"postgres": "ok", "redis": "unavailable"}},
		{"both down", []Check{{"postgres", down}, {"redis", down}}, http.StatusServiceUnavailable, map[string]string{"postgres": "unavailable", "redis": "unavailable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			NewHandler(Options{Checks: tt.checks}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d", rec.Code, tt.status)
			}
			var body struct {
				OK     bool              `json:"ok"`
				Checks map[string]string `json:"checks"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.want {
				if body.Checks[k] != v {
					t.Errorf("%s = %q, want %q", k, body.Checks[k], v)
				}
			}
			if strings.Contains(rec.Body.String(), "10.0.0.5") {
				t.Error("health answer shows an error text with a host in it")
			}
		})
	}
}

func TestUnknownRouteIsAProblem(t *testing.T) {
	rec := httptest.NewRecorder()
	NewHandler(Options{Metrics: metrics.New()}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/nope", nil))
	if rec.Code != http.StatusNotFound || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Fatalf("got %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	var p Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil || p.Status != 404 || p.Title == "" {
		t.Fatalf("problem = %+v, %v", p, err)
	}
}

func TestMetricsEndpoint(t *testing.T) {
	m := metrics.New()
	m.Updates.WithLabelValues("text").Inc()
	rec := httptest.NewRecorder()
	NewHandler(Options{Metrics: m}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if !strings.Contains(rec.Body.String(), `peerbot_updates_total{type="text"} 1`) {
		t.Fatalf("metrics body lacks the counter:\n%s", rec.Body.String())
	}
}
