package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/outreach"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/postgres/pgtest"
	"github.com/peerbot/peerbot/privacy"
)

func TestOutreachMonthlyAPI(t *testing.T) {
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
	sealer, err := privacy.NewSealer("the secret of the outreach API tests")
	if err != nil {
		t.Fatal(err)
	}
	orgStore := postgres.NewOrgStore(db, sealer)
	store := postgres.NewOutreachStore(db, sealer)
	people := postgres.NewPeopleStore(db, sealer)
	org, err := orgStore.CreateOrg(ctx, orgs.Org{Name: "Rua Segura", Regions: []string{"PT-11"}})
	if err != nil {
		t.Fatal(err)
	}
	token, err := orgStore.CreateToken(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	spot, err := store.AddHotspot(ctx, outreach.Hotspot{Org: org.ID, Label: "Cais do Sodré"})
	if err != nil {
		t.Fatal(err)
	}
	peer, err := people.CreatePerson(ctx, 8101, "pt")
	if err != nil {
		t.Fatal(err)
	}
	// Shifts of this month and last: the store's clock is the real one.
	today := outreach.Day(time.Now().UTC())
	for i, e := range []outreach.Entry{
		{Contacts: 30, Materials: map[outreach.Material]int{outreach.Syringes: 120, outreach.Foil: 2}},
		{Contacts: 12, Referrals: map[outreach.Need]int{outreach.NeedOST: 6}},
	} {
		e.Org, e.Peer, e.Date, e.Hotspot = org.ID, peer.ID, today, spot.ID
		if _, err := store.SaveEntry(ctx, &e); err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
	}
	srv := httptest.NewServer(NewHandler(Options{Outreach: NewOutreachAPI(orgStore, store, nil)}))
	t.Cleanup(srv.Close)
	month := outreach.MonthOf(today).String()

	get := func(t *testing.T, query, tok string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/v1/outreach/monthly"+query, nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, string(body)
	}

	t.Run("json", func(t *testing.T) {
		resp, body := get(t, "?from="+month+"&to="+month, token)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("%d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		var r struct {
			Months []struct {
				Month  string         `json:"month"`
				Total  map[string]any `json:"total"`
				Places []map[string]any
			} `json:"months"`
		}
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Months) != 1 || r.Months[0].Month != month {
			t.Fatalf("months %+v", r.Months)
		}
		total := r.Months[0].Total
		mats := total["materials"].(map[string]any)
		if total["shifts"] != "<5" || total["contacts"] != 42.0 || mats["syringes"] != 120.0 || mats["foil"] != "<5" ||
			total["referrals"].(map[string]any)["ost"] != 6.0 {
			t.Errorf("total %v", total)
		}
		if len(r.Months[0].Places) != 1 || r.Months[0].Places[0]["hotspot"] != "Cais do Sodré" {
			t.Errorf("places %v", r.Months[0].Places)
		}
	})
	t.Run("csv", func(t *testing.T) {
		resp, body := get(t, "?to="+month+"&format=csv", token)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		lines := strings.Split(strings.TrimSpace(body), "\n")
		if len(lines) != 3 || !strings.HasPrefix(lines[0], "month,place_type,place,shifts,contacts,syringes") ||
			!strings.HasPrefix(lines[1], month+",total,,<5,42,120,<5,") || !strings.HasPrefix(lines[2], month+",hotspot,Cais do Sodré,<5,42,") {
			t.Errorf("csv:\n%s", body)
		}
	})
	for _, tt := range []struct{ name, query, field string }{
		{"bad from", "?from=2026-13", "from"},
		{"bad to", "?from=2026-01&to=26-02", "to"},
		{"to before from", "?from=2026-05&to=2026-01", "to"},
		{"too long", "?from=2020-01&to=2026-01", "from"},
		{"bad format", "?format=xlsx", "format"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, tt.query, token)
			var p Problem
			if err := json.Unmarshal([]byte(body), &p); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 422 || resp.Header.Get("Content-Type") != "application/problem+json" || p.Field != tt.field {
				t.Errorf("%d %s %+v", resp.StatusCode, resp.Header.Get("Content-Type"), p)
			}
		})
	}
	t.Run("no token", func(t *testing.T) {
		if resp, body := get(t, "", ""); resp.StatusCode != 401 || !strings.Contains(body, "Bearer") {
			t.Errorf("%d %s", resp.StatusCode, body)
		}
		if resp, _ := get(t, "", "po_wrong"); resp.StatusCode != 401 {
			t.Errorf("a wrong token: %d", resp.StatusCode)
		}
	})
}
