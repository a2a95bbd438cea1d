package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/privacy"
)

// keyDeleter stands in for Redis: these tests never close a survey.
type keyDeleter struct{}

func (keyDeleter) DeletePrefix(context.Context, string) (int, error) { return 0, nil }

// TestFeedbackAPIRefusesBadInput: every refusal is a problem naming the
// field, and another organisation's survey is not found.
func TestFeedbackAPIRefusesBadInput(t *testing.T) {
	s := newCampaignServer(t)
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := privacy.NewSealer("the secret of the campaign API tests")
	if err != nil {
		t.Fatal(err)
	}
	fb := NewFeedbackAPI(postgres.NewOrgStore(s.db, sealer), postgres.NewFeedbackStore(s.db, regions), keyDeleter{}, locales.Languages, regions.Valid, nil)
	srv := httptest.NewServer(NewHandler(Options{Feedback: fb}))
	t.Cleanup(srv.Close)
	s.srv = srv

	created := map[string]any{}
	if res := s.do(t, "POST", "/api/v1/surveys", s.tokenPL, `{"title": {"pl": "Krótko"}, "langs": ["pl"],
		"questions": [{"kind": "scale", "text": {"pl": "Jak było?"}}]}`, &created); res.StatusCode != http.StatusCreated {
		t.Fatalf("creating: %d %v", res.StatusCode, created)
	}
	id := int64(created["id"].(float64))
	tests := []struct {
		name, method, path, token, body string
		status                          int
		field                           string
	}{
		{"no token", "GET", "/api/v1/reports/feedback", "", "", 401, ""},
		{"bad period", "GET", "/api/v1/reports/feedback?period=year", s.tokenPL, "", 422, "period"},
		{"bad date", "GET", "/api/v1/reports/batches?from=yesterday", s.tokenPL, "", 422, "from"},
		{"reversed dates", "GET", "/api/v1/reports/feedback?from=2026-05-01&to=2026-04-01", s.tokenPL, "", 422, "from"},
		{"bad format", "GET", "/api/v1/reports/feedback?format=xlsx", s.tokenPL, "", 422, "format"},
		{"another org's survey", "GET", "/api/v1/reports/surveys/" + strconv.FormatInt(id, 10), s.tokenElse, "", 404, "id"},
		{"another org sends it", "POST", "/api/v1/surveys/" + strconv.FormatInt(id, 10) + "/send", s.tokenElse, "", 404, "id"},
		{"not JSON", "POST", "/api/v1/surveys", s.tokenPL, `{"title":`, 422, "survey"},
		{"unknown kind", "POST", "/api/v1/surveys", s.tokenPL, `{"title": {"pl": "a"}, "langs": ["pl"], "questions": [{"kind": "essay", "text": {"pl": "q"}}]}`, 422, "questions[0].kind"},
		{"report ok", "GET", "/api/v1/reports/feedback?period=day&format=csv", s.tokenPL, "", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Problem
			var out any
			if tt.status >= 400 {
				out = &p
			}
			res := s.do(t, tt.method, tt.path, tt.token, tt.body, out)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			if tt.status >= 400 {
				if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("content type %q", ct)
				}
				if p.Field != tt.field {
					t.Errorf("problem %+v, want field %q", p, tt.field)
				}
			}
		})
	}
}
