package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/postgres/pgtest"
	"github.com/peerbot/peerbot/privacy"
	"github.com/peerbot/peerbot/training"
)

func TestTrainingAPI(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	db, err := postgres.Open(ctx, pgtest.NewDatabase(t), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	sealer, err := privacy.NewSealer("the secret of the training API tests")
	if err != nil {
		t.Fatal(err)
	}
	orgStore := postgres.NewOrgStore(db, sealer)
	o, err := orgStore.CreateOrg(ctx, orgs.Org{Name: "Punkt"})
	if err != nil {
		t.Fatal(err)
	}
	token, err := orgStore.CreateToken(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	mods, probs := training.LoadAll(os.DirFS("../training/testdata/content"), "modules", "modules", training.LoadOptions{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	catalog, _ := training.NewCatalog(mods...)
	codes := training.Codes{Signer: sealer, Catalog: catalog}
	store := postgres.NewTrainingStore(db)
	srv := httptest.NewServer(NewHandler(Options{Training: NewTrainingAPI(orgStore, store, codes, catalog, nil)}))
	t.Cleanup(srv.Close)
	code, err := codes.Make(training.Completion{Module: "naloxone", Version: 1, Lang: "pl", Date: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	other, _ := training.Codes{Signer: mustSealer(t, "another deployment's secret, long enough"), Catalog: catalog}.Make(
		training.Completion{Module: "naloxone", Version: 1, Lang: "pl", Date: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)})
	get := func(path, tok string) (int, string, map[string]any) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var doc map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&doc)
		return resp.StatusCode, resp.Header.Get("Content-Type"), doc
	}
	tests := []struct {
		name, path, token string
		status            int
		check             func(map[string]any) bool
	}{
		{"genuine code", "/api/v1/training/verify/" + code, token, 200, func(d map[string]any) bool {
			return d["module"] == "naloxone" && d["language"] == "pl" && d["date"] == "2026-12-02" && d["title"] == "Naloxone: give it, then stay"
		}},
		{"another deployment's code", "/api/v1/training/verify/" + other, token, 404, func(d map[string]any) bool { return d["field"] == "code" }},
		{"not a code", "/api/v1/training/verify/hello", token, 404, func(d map[string]any) bool { return d["field"] == "code" }},
		{"no token", "/api/v1/training/verify/" + code, "", 401, nil},
		{"bad token", "/api/v1/training/stats", "po_nope", 401, nil},
		{"stats", "/api/v1/training/stats?since=2026-01-01", token, 200, func(d map[string]any) bool {
			return d["since"] == "2026-01-01" && len(d["modules"].([]any)) == 0
		}},
		{"bad since", "/api/v1/training/stats?since=yesterday", token, 400, func(d map[string]any) bool { return d["field"] == "since" }},
	}
	resp, err := http.Post(srv.URL+"/api/v1/training/stats", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("POST stats: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, ctype, doc := get(tt.path, tt.token)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %v", status, tt.status, doc)
			}
			if status >= 400 && ctype != "application/problem+json" {
				t.Errorf("content type %q", ctype)
			}
			if tt.check != nil && !tt.check(doc) {
				t.Errorf("document %v", doc)
			}
		})
	}
}

func mustSealer(t *testing.T, secret string) *privacy.Sealer {
	t.Helper()
	s, err := privacy.NewSealer(secret)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
