package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/postgres/pgtest"
	"github.com/peerbot/peerbot/privacy"
)

// campaignServer is the API on a fresh database, with two organisations
// and a token each.
type campaignServer struct {
	srv                *httptest.Server
	db                 *postgres.DB
	store              *postgres.CampaignStore
	tokenPL, tokenElse string
	people             *postgres.PeopleStore
}

func newCampaignServer(t *testing.T) *campaignServer {
	t.Helper()
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
	sealer, err := privacy.NewSealer("the secret of the campaign API tests")
	if err != nil {
		t.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	orgStore := postgres.NewOrgStore(db, sealer)
	s := &campaignServer{db: db, store: postgres.NewCampaignStore(db, regions), people: postgres.NewPeopleStore(db, sealer)}
	for name, token := range map[string]*string{"Polish NGO": &s.tokenPL, "Portuguese NGO": &s.tokenElse} {
		region := "PL"
		if strings.HasPrefix(name, "Portuguese") {
			region = "PT"
		}
		o, err := orgStore.CreateOrg(ctx, orgs.Org{Name: name, Regions: []string{region}})
		if err != nil {
			t.Fatal(err)
		}
		if *token, err = orgStore.CreateToken(ctx, o.ID); err != nil {
			t.Fatal(err)
		}
	}
	api := NewCampaignAPI(orgStore, s.store, regions, nil)
	s.srv = httptest.NewServer(NewHandler(Options{Campaigns: api}))
	t.Cleanup(s.srv.Close)
	return s
}

// do calls the API and decodes the JSON answer into out (when not nil).
func (s *campaignServer) do(t *testing.T, method, path, token, body string, out any) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, s.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("%s %s: %d %s: %v", method, path, res.StatusCode, data, err)
		}
	}
	return res
}

const goodCampaign = `{
	"texts": {"pl": "Bezpłatne testy <w czwartek>.", "en": "Free testing on Thursday & Friday."},
	"default_lang": "en",
	"buttons": [{"text": {"en": "Where", "pl": "Gdzie"}, "url": "https://example.org/testing"}],
	"segment": {"regions": ["PL-14"], "langs": [], "roles": [], "groups": []}
}`

func TestCampaignAPIAuth(t *testing.T) {
	s := newCampaignServer(t)
	for _, token := range []string{"", "po_wrong", "po_" + strings.Repeat("A", 43), "Basic abc"} {
		var p Problem
		res := s.do(t, http.MethodGet, "/api/v1/campaigns", token, "", &p)
		if res.StatusCode != http.StatusUnauthorized || res.Header.Get("Content-Type") != "application/problem+json" ||
			res.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("token %q: %d %s %+v", token, res.StatusCode, res.Header.Get("Content-Type"), p)
		}
	}
}

func TestCampaignAPIProblems(t *testing.T) {
	s := newCampaignServer(t)
	tests := []struct {
		name, body string
		status     int
		field      string
	}{
		{"not JSON", `{"texts":`, http.StatusBadRequest, ""},
		{"unknown field", `{"texts": {"en": "a"}, "status": "sent"}`, http.StatusUnprocessableEntity, "status"},
		{"no text", `{"texts": {}}`, http.StatusUnprocessableEntity, "texts"},
		{"unsupported language", `{"texts": {"en": "a", "fr": "b"}, "default_lang": "en"}`, http.StatusUnprocessableEntity, "texts.fr"},
		{"button over http", `{"texts": {"en": "a"}, "buttons": [{"text": {"en": "b"}, "url": "http://x.org"}]}`, http.StatusUnprocessableEntity, "buttons[0].url"},
		{"region outside the organisation's", `{"texts": {"en": "a"}, "segment": {"regions": ["PT-11"]}}`, http.StatusUnprocessableEntity, "segment.regions[0]"},
		{"quiet hours", `{"texts": {"en": "a"}, "quiet_start": 25}`, http.StatusUnprocessableEntity, "quiet_start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Problem
			res := s.do(t, http.MethodPost, "/api/v1/campaigns", s.tokenPL, tt.body, &p)
			if res.StatusCode != tt.status || p.Field != tt.field || p.Detail == "" ||
				res.Header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("got %d %+v, want %d naming %q", res.StatusCode, p, tt.status, tt.field)
			}
		})
	}
	// Nothing was written.
	var list struct{ Campaigns []campaignDoc }
	s.do(t, http.MethodGet, "/api/v1/campaigns", s.tokenPL, "", &list)
	if len(list.Campaigns) != 0 {
		t.Errorf("%d campaigns stored after refused requests", len(list.Campaigns))
	}
	res := s.do(t, http.MethodDelete, "/api/v1/campaigns", s.tokenPL, "", nil)
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("DELETE: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

func TestCampaignAPILifecycle(t *testing.T) {
	s := newCampaignServer(t)
	ctx := context.Background()
	// Two people in Mazovia, in Polish and Ukrainian.
	for i, lang := range []string{"pl", "uk"} {
		p, err := s.people.CreatePerson(ctx, people.ChatID(100+i), lang)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		p.ConsentedAt, p.OnboardedAt, p.Regions = &now, &now, []string{"PL-14"}
		if err := s.people.SavePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}

	var created campaignDoc
	res := s.do(t, http.MethodPost, "/api/v1/campaigns", s.tokenPL, goodCampaign, &created)
	if res.StatusCode != http.StatusCreated || created.ID == 0 || created.Status != "draft" ||
		res.Header.Get("Location") != fmt.Sprintf("/api/v1/campaigns/%d", created.ID) ||
		created.QuietStart != 21 || created.QuietEnd != 9 {
		t.Fatalf("create: %d %+v", res.StatusCode, created)
	}
	path := fmt.Sprintf("/api/v1/campaigns/%d", created.ID)

	// Another organisation cannot see or touch it.
	for _, call := range []struct{ method, path string }{
		{http.MethodGet, path}, {http.MethodGet, path + "/preview"}, {http.MethodPost, path + "/send"}, {http.MethodPost, path + "/cancel"},
	} {
		var p Problem
		if res := s.do(t, call.method, call.path, s.tokenElse, "", &p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s by another organisation: %d %+v", call.method, call.path, res.StatusCode, p)
		}
	}
	var others struct{ Campaigns []campaignDoc }
	s.do(t, http.MethodGet, "/api/v1/campaigns", s.tokenElse, "", &others)
	if len(others.Campaigns) != 0 {
		t.Errorf("another organisation lists %d campaigns", len(others.Campaigns))
	}

	// The preview shows every language, with the fallbacks.
	var preview struct {
		Previews []campaignPreviewDoc
	}
	s.do(t, http.MethodGet, path+"/preview", s.tokenPL, "", &preview)
	if len(preview.Previews) != len(locales.Languages) {
		t.Fatalf("%d previews, want %d", len(preview.Previews), len(locales.Languages))
	}
	for _, p := range preview.Previews {
		want := campaignPreviewDoc{Lang: p.Lang, TextLang: "en", Fallback: p.Lang != "en",
			HTML:    "Free testing on Thursday &amp; Friday.",
			Buttons: []campaignButtonDoc{{Text: "Where", URL: "https://example.org/testing"}}}
		if p.Lang == "pl" {
			want = campaignPreviewDoc{Lang: "pl", TextLang: "pl", HTML: "Bezpłatne testy &lt;w czwartek&gt;.",
				Buttons: []campaignButtonDoc{{Text: "Gdzie", URL: "https://example.org/testing"}}}
		}
		if fmt.Sprint(p) != fmt.Sprint(want) {
			t.Errorf("preview %+v\nwant %+v", p, want)
		}
	}

	// A bad send time names the field; a good one sends now.
	var p Problem
	if res := s.do(t, http.MethodPost, path+"/send", s.tokenPL, `{"at": "tomorrow"}`, &p); res.StatusCode != http.StatusUnprocessableEntity || p.Field != "at" {
		t.Errorf("send with a bad time: %d %+v", res.StatusCode, p)
	}
	var sent campaignDoc
	if res := s.do(t, http.MethodPost, path+"/send", s.tokenPL, "", &sent); res.StatusCode != http.StatusAccepted ||
		sent.Status != "scheduled" || sent.SendAt == nil {
		t.Fatalf("send: %d %+v", res.StatusCode, sent)
	}
	if n, err := s.store.PlanPending(ctx); err != nil || n != 1 {
		t.Fatalf("PlanPending = %d, %v", n, err)
	}
	var got campaignDoc
	s.do(t, http.MethodGet, path, s.tokenPL, "", &got)
	if got.Status != "sending" || got.Stats.Recipients != 2 || got.Stats.Pending != 2 {
		t.Errorf("after planning: %+v", got)
	}
	if res := s.do(t, http.MethodPost, path+"/send", s.tokenPL, "", &p); res.StatusCode != http.StatusConflict {
		t.Errorf("sending twice: %d %+v", res.StatusCode, p)
	}

	// Cancelling skips what is pending.
	var cancelled campaignDoc
	if res := s.do(t, http.MethodPost, path+"/cancel", s.tokenPL, "", &cancelled); res.StatusCode != http.StatusOK ||
		cancelled.Status != "cancelled" || cancelled.Stats.Skipped != 2 || cancelled.Stats.Pending != 0 {
		t.Errorf("cancel: %d %+v", res.StatusCode, cancelled)
	}

	// Scheduling ahead.
	var second, scheduled campaignDoc
	s.do(t, http.MethodPost, "/api/v1/campaigns", s.tokenPL, goodCampaign, &second)
	at := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
	body := fmt.Sprintf(`{"at": %q}`, at.Format(time.RFC3339))
	if res := s.do(t, http.MethodPost, fmt.Sprintf("/api/v1/campaigns/%d/send", second.ID), s.tokenPL, body, &scheduled); res.StatusCode != http.StatusAccepted ||
		scheduled.SendAt == nil || !scheduled.SendAt.Equal(at) {
		t.Errorf("schedule: %d %+v", res.StatusCode, scheduled)
	}
	var list struct{ Campaigns []campaignDoc }
	s.do(t, http.MethodGet, "/api/v1/campaigns", s.tokenPL, "", &list)
	if len(list.Campaigns) != 2 || list.Campaigns[0].ID != second.ID || list.Campaigns[1].Stats.Skipped != 2 {
		t.Errorf("list: %+v", list.Campaigns)
	}
}
