package demo

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

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/api"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/postgres/pgtest"
	"github.com/peerbot/peerbot/privacy"
)

// consoleEnv is a web chat with its partner console in front of Peerbot's
// real alert and campaign API, on a fresh database.
type consoleEnv struct {
	*harness
	api          *httptest.Server
	partnerToken string
	orgToken     string
	regions      *content.Regions
}

func newConsoleEnv(t *testing.T) *consoleEnv {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := postgres.Open(ctx, pgtest.NewDatabase(t), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	if _, err := db.Migrate(ctx); err != nil {
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
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := privacy.NewSealer("the secret of the demo console tests")
	if err != nil {
		t.Fatal(err)
	}
	var countries []string
	for _, c := range regions.Countries {
		countries = append(countries, c.Code)
	}
	e := &consoleEnv{regions: regions}
	partners := postgres.NewPartnerStore(db)
	if e.partnerToken, err = partners.AddPartner(ctx, &alerts.Partner{Name: "Demo Drug Checking", Regions: countries}); err != nil {
		t.Fatal(err)
	}
	orgStore := postgres.NewOrgStore(db, sealer)
	org, err := orgStore.CreateOrg(ctx, orgs.Org{Name: "Demo Harm Reduction", Regions: countries})
	if err != nil {
		t.Fatal(err)
	}
	if e.orgToken, err = orgStore.CreateToken(ctx, org.ID); err != nil {
		t.Fatal(err)
	}
	e.api = httptest.NewServer(api.NewHandler(api.Options{
		Alerts: alerts.NewService(postgres.NewAlertStore(db), substances, regions), Partners: partners,
		Regions: regions, Substances: substances, Catalog: catalog,
		Campaigns: api.NewCampaignAPI(orgStore, postgres.NewCampaignStore(db, regions), regions, nil),
		Log:       slog.New(slog.DiscardHandler),
	}))
	t.Cleanup(e.api.Close)
	e.harness = newHarnessWith(t, &Console{APIURL: e.api.URL, PartnerToken: e.partnerToken, OrgToken: e.orgToken, Regions: regions})
	return e
}

// apiGet reads Peerbot's API directly, with a token ("" for none).
func (e *consoleEnv) apiGet(path, token string) (int, string) {
	e.t.Helper()
	req, err := http.NewRequestWithContext(e.t.Context(), "GET", e.api.URL+path, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// act calls a console action and checks that the demo answered 200 with
// one API call per wanted status.
func (e *consoleEnv) act(path, body string, wantStatus ...int) consoleResult {
	e.t.Helper()
	var res consoleResult
	resp := e.do("POST", path, body, &res)
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("POST %s: status %d: %+v", path, resp.StatusCode, res)
	}
	if len(res.Calls) != len(wantStatus) {
		e.t.Fatalf("POST %s: %d API calls, want %d: %+v", path, len(res.Calls), len(wantStatus), res)
	}
	ok := true
	for i, c := range res.Calls {
		if c.Status != wantStatus[i] {
			e.t.Fatalf("POST %s: call %s %s answered %d, want %d: %s\nsent:\n%s", path, c.Method, c.Path, c.Status, wantStatus[i], c.Answer, c.Body)
		}
		ok = ok && c.ok()
	}
	if res.OK != ok {
		e.t.Errorf("POST %s: ok %v with calls %+v", path, res.OK, res.Calls)
	}
	return res
}

// storedAlert is what GET /api/v1/alerts/{id} says of a version.
type storedAlert struct {
	ID       int64           `json:"id"`
	MsgType  string          `json:"msg_type"`
	Status   string          `json:"status"`
	Format   string          `json:"format"`
	Partner  string          `json:"partner"`
	Alert    json.RawMessage `json:"alert"`
	Versions []struct {
		Identifier string `json:"identifier"`
		MsgType    string `json:"msg_type"`
		Severity   string `json:"severity"`
	} `json:"versions"`
}

func (e *consoleEnv) stored(id int64) (storedAlert, *alerts.Alert) {
	e.t.Helper()
	status, body := e.apiGet(fmt.Sprintf("/api/v1/alerts/%d", id), e.partnerToken)
	if status != http.StatusOK {
		e.t.Fatalf("alert %d: status %d: %s", id, status, body)
	}
	var s storedAlert
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		e.t.Fatal(err)
	}
	a, err := alerts.DecodeJSON(strings.NewReader(string(s.Alert)))
	if err != nil {
		e.t.Fatalf("alert %d: %v", id, err)
	}
	return s, a
}

func TestConsolePublishUpdateWithdraw(t *testing.T) {
	e := newConsoleEnv(t)
	for _, format := range []struct {
		name        string
		cap         bool
		contentType string
		bodyStart   string
	}{
		{"json", false, "application/json", "{"},
		{"cap", true, "application/cap+xml", "<?xml"},
	} {
		t.Run(format.name, func(t *testing.T) {
			e.t = t
			pub := e.act("/demo/api/console/alerts",
				fmt.Sprintf(`{"preset":"nitazene-heroin","region":"PL-14","severity":"caution","cap":%v}`, format.cap), http.StatusCreated)
			call := pub.Calls[0]
			if call.Path != "/api/v1/alerts" || call.ContentType != format.contentType || !strings.HasPrefix(call.Body, format.bodyStart) {
				t.Errorf("sent %s %s:\n%s", call.Path, call.ContentType, call.Body)
			}
			if strings.Contains(call.Body, e.partnerToken) || strings.Contains(string(call.Answer), e.partnerToken) {
				t.Error("the page is shown the partner's token")
			}
			if pub.ID == 0 || pub.Alert == "" || pub.Alert != pub.Identifier || pub.Links["cap"] != fmt.Sprintf("/alerts/%d.cap", pub.ID) || pub.Links["mirror"] != "/alerts" {
				t.Fatalf("publish result %+v", pub)
			}
			s, a := e.stored(pub.ID)
			if s.Status != "published" || s.Partner != "Demo Drug Checking" || s.Format != format.name {
				t.Errorf("stored %+v", s)
			}
			if a.Severity != alerts.Caution || a.Regions[0] != "PL-14" || a.Contents[1].Substance != "protonitazene" ||
				!strings.Contains(a.Advice["pl"], "Dzwoń pod 112") || strings.Contains(call.Body, "{emergency}") {
				t.Errorf("stored alert %+v", a)
			}
			if status, capFile := e.apiGet(pub.Links["cap"], ""); status != http.StatusOK || !strings.Contains(capFile, "<identifier>"+pub.Identifier+"</identifier>") {
				t.Errorf("%s: %d\n%s", pub.Links["cap"], status, capFile)
			}
			if status, page := e.apiGet("/alerts", ""); status != http.StatusOK || !strings.Contains(page, "protonitazene") {
				t.Errorf("the mirror does not show the alert: %d\n%s", status, page)
			}

			var st consoleResult
			if resp := e.do("GET", "/demo/api/console/alerts/"+pub.Alert, "", &st); resp.StatusCode != http.StatusOK ||
				!st.OK || st.ID != pub.ID || len(st.Calls) != 1 || st.Calls[0].Method != "GET" ||
				st.Calls[0].Path != fmt.Sprintf("/api/v1/alerts/%d", pub.ID) || !strings.Contains(string(st.Calls[0].Answer), `"versions"`) {
				t.Errorf("alert status: %d %+v", resp.StatusCode, st)
			}

			upd := e.act("/demo/api/console/alerts/"+pub.Alert+"/update", fmt.Sprintf(`{"cap":%v}`, format.cap), http.StatusCreated)
			if upd.Alert != pub.Alert || upd.Identifier == pub.Identifier || upd.ID == 0 {
				t.Fatalf("update result %+v", upd)
			}
			s, a = e.stored(upd.ID)
			if s.MsgType != "update" || a.Severity != alerts.Warning || !a.LinkedToOverdoses ||
				!strings.HasPrefix(a.Advice["pl"], "Aktualizacja:") || !strings.HasPrefix(a.Advice["pt"], "Atualização:") ||
				len(a.References) != 1 || a.References[0].Identifier != pub.Identifier {
				t.Errorf("stored update %+v: %+v", s, a)
			}

			wd := e.act("/demo/api/console/alerts/"+pub.Alert+"/withdraw", fmt.Sprintf(`{"cap":%v}`, format.cap), http.StatusCreated)
			s, a = e.stored(wd.ID)
			if s.MsgType != "cancel" || len(a.References) != 1 || a.References[0].Identifier != upd.Identifier {
				t.Errorf("stored cancel %+v: %+v", s, a)
			}
			var chain []string
			for _, v := range s.Versions {
				chain = append(chain, v.MsgType+"/"+v.Severity)
			}
			if got := strings.Join(chain, " "); got != "alert/caution update/warning cancel/warning" {
				t.Errorf("versions %s", got)
			}
			if _, page := e.apiGet("/alerts", ""); strings.Contains(page, "protonitazene") {
				t.Errorf("the mirror still shows the withdrawn alert:\n%s", page)
			}

			// The API refuses what cannot be done; the console shows its
			// answer rather than hiding it.
			again := e.act("/demo/api/console/alerts/"+pub.Alert+"/update", "", http.StatusConflict)
			var pr problem
			if err := json.Unmarshal(again.Calls[0].Answer, &pr); err != nil || pr.Status != http.StatusConflict || pr.Detail == "" {
				t.Errorf("update after the withdrawal: %s", again.Calls[0].Answer)
			}
		})
	}
}

// TestConsoleEveryPresetIsAValidAlert posts every sample to every country,
// so no preset carries an advice too long, a substance the vocabulary
// lacks, or a placeholder left unfilled.
func TestConsoleEveryPresetIsAValidAlert(t *testing.T) {
	e := newConsoleEnv(t)
	n := 0
	for _, p := range alertPresets {
		for _, c := range e.regions.Countries {
			n++
			res := e.act("/demo/api/console/alerts",
				fmt.Sprintf(`{"preset":%q,"region":%q,"severity":"information","cap":%v}`, p.ID, c.Code, n%2 == 0), http.StatusCreated)
			_, a := e.stored(res.ID)
			for _, lang := range []string{"en", "pl", "pt"} {
				if !strings.Contains(a.Advice[lang], c.Emergency) || strings.Contains(a.Advice[lang], "{") {
					t.Errorf("%s in %s: advice %s: %q", p.ID, c.Code, lang, a.Advice[lang])
				}
			}
		}
		for _, lang := range []string{"en", "pl", "pt"} {
			if p.Advice[lang] == "" || updateNote[lang] == "" || withdrawReason[lang] == "" {
				t.Errorf("%s: no %s text", p.ID, lang)
			}
		}
	}
}

func TestConsoleCampaign(t *testing.T) {
	e := newConsoleEnv(t)
	res := e.act("/demo/api/console/campaigns", `{"region":"PT-11"}`, http.StatusCreated, http.StatusAccepted)
	if res.ID == 0 || res.Calls[0].Path != "/api/v1/campaigns" || res.Calls[1].Path != fmt.Sprintf("/api/v1/campaigns/%d/send", res.ID) {
		t.Fatalf("campaign result %+v", res)
	}
	status, body := e.apiGet(fmt.Sprintf("/api/v1/campaigns/%d", res.ID), e.orgToken)
	var c struct {
		Status  string            `json:"status"`
		Texts   map[string]string `json:"texts"`
		Segment struct {
			Regions []string `json:"regions"`
		} `json:"segment"`
		QuietStart int `json:"quiet_start"`
		QuietEnd   int `json:"quiet_end"`
	}
	if err := json.Unmarshal([]byte(body), &c); status != http.StatusOK || err != nil {
		t.Fatalf("campaign %d: %d %v %s", res.ID, status, err, body)
	}
	if c.Status != "scheduled" && c.Status != "sending" && c.Status != "sent" {
		t.Errorf("campaign status %q after send", c.Status)
	}
	if len(c.Segment.Regions) != 1 || c.Segment.Regions[0] != "PT-11" || c.QuietStart != c.QuietEnd {
		t.Errorf("campaign %s", body)
	}
	for _, lang := range []string{"en", "pl", "pt", "uk"} {
		if c.Texts[lang] != campaignTexts[lang] {
			t.Errorf("campaign text %s: %q", lang, c.Texts[lang])
		}
	}
}

func TestConsoleBadRequests(t *testing.T) {
	e := newConsoleEnv(t)
	tests := []struct {
		name   string
		method string
		path   string
		body   string
		status int
		field  string
	}{
		{"unknown region", "POST", "/demo/api/console/alerts", `{"preset":"pmma-mdma","region":"PL-99","severity":"caution"}`, 400, "region"},
		{"no region", "POST", "/demo/api/console/alerts", `{"preset":"pmma-mdma","severity":"caution"}`, 400, "region"},
		{"unknown preset", "POST", "/demo/api/console/alerts", `{"preset":"fentanyl-in-cake","region":"PL-14","severity":"caution"}`, 400, "preset"},
		{"no preset", "POST", "/demo/api/console/alerts", `{"region":"PL-14","severity":"caution"}`, 400, "preset"},
		{"unknown severity", "POST", "/demo/api/console/alerts", `{"preset":"pmma-mdma","region":"PL-14","severity":"extreme"}`, 400, "severity"},
		{"cap not a boolean", "POST", "/demo/api/console/alerts", `{"preset":"pmma-mdma","region":"PL-14","severity":"caution","cap":"yes"}`, 400, "cap"},
		{"unknown field", "POST", "/demo/api/console/alerts", `{"preset":"pmma-mdma","region":"PL-14","severity":"caution","token":"x"}`, 400, "token"},
		{"update unknown alert", "POST", "/demo/api/console/alerts/DDC-1/update", "", 404, "alert"},
		{"withdraw unknown alert", "POST", "/demo/api/console/alerts/DDC-1/withdraw", "", 404, "alert"},
		{"unknown action", "POST", "/demo/api/console/alerts/DDC-1/delete", "", 404, ""},
		{"status of unknown alert", "GET", "/demo/api/console/alerts/DDC-1", "", 404, "alert"},
		{"campaign unknown region", "POST", "/demo/api/console/campaigns", `{"region":"Warsaw"}`, 400, "region"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pr problem
			resp := e.do(tt.method, tt.path, tt.body, &pr)
			checkProblem(t, resp, pr, tt.status, tt.field)
		})
	}
	// Nothing reached the API.
	if status, body := e.apiGet("/api/v1/alerts/1", e.partnerToken); status != http.StatusNotFound {
		t.Errorf("an alert was stored: %d %s", status, body)
	}
	var list struct {
		Campaigns []json.RawMessage `json:"campaigns"`
	}
	if status, body := e.apiGet("/api/v1/campaigns", e.orgToken); status != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil || len(list.Campaigns) != 0 {
		t.Errorf("a campaign was stored: %d %s", status, body)
	}
}

func TestConsoleAPIDown(t *testing.T) {
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	h := newHarnessWith(t, &Console{APIURL: down.URL, PartnerToken: "pb_x", OrgToken: "po_x", Regions: regions})
	var pr problem
	resp := h.do("POST", "/demo/api/console/alerts", `{"preset":"pmma-mdma","region":"PL-14","severity":"caution"}`, &pr)
	checkProblem(t, resp, pr, http.StatusBadGateway, "")
}

func TestConsoleInfo(t *testing.T) {
	var info consoleInfo
	newHarness(t).do("GET", "/demo/api/console", "", &info)
	if info.Enabled || len(info.Presets) != 0 {
		t.Errorf("a web chat without a console offers %+v", info)
	}

	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarnessWith(t, &Console{APIURL: "http://127.0.0.1:1", PartnerToken: "pb_x", OrgToken: "po_x", Regions: regions})
	h.do("GET", "/demo/api/console", "", &info)
	if !info.Enabled || len(info.Presets) != len(alertPresets) || strings.Join(info.Severities, " ") != "information caution warning" ||
		len(info.Countries) != len(regions.Countries) || info.Mirror != "/alerts" {
		t.Fatalf("console info %+v", info)
	}
	for _, c := range info.Countries {
		if c.Name == "" || len(c.Regions) == 0 || !regions.Valid(c.Code) {
			t.Errorf("country %+v", c)
		}
	}

	var pr problem
	resp := newHarness(t).do("POST", "/demo/api/console/alerts", `{"preset":"pmma-mdma","region":"PL-14","severity":"caution"}`, &pr)
	checkProblem(t, resp, pr, http.StatusNotFound, "")
}
