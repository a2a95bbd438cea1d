package api

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/postgres/pgtest"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// alertEnv is the API on a fresh database with a fixed clock.
type alertEnv struct {
	t        *testing.T
	partners *postgres.PartnerStore
	svc      *alerts.Service
	handler  http.Handler
	now      time.Time
}

func newAlertEnv(t *testing.T) *alertEnv {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := postgres.Open(ctx, pgtest.NewDatabase(t), nil)
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
	e := &alertEnv{t: t, partners: postgres.NewPartnerStore(db), now: time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)}
	e.svc = alerts.NewService(postgres.NewAlertStore(db), substances, regions)
	e.svc.Now = func() time.Time { return e.now }
	e.handler = NewHandler(Options{Alerts: e.svc, Partners: e.partners, Regions: regions, Substances: substances,
		Catalog: catalog, Now: func() time.Time { return e.now }, Log: slog.New(slog.DiscardHandler)})
	return e
}

func (e *alertEnv) addPartner(name string, review bool, regions ...string) (*alerts.Partner, string) {
	e.t.Helper()
	p := &alerts.Partner{Name: name, Regions: regions, Review: review}
	token, err := e.partners.AddPartner(context.Background(), p)
	if err != nil {
		e.t.Fatal(err)
	}
	return p, token
}

// do serves one request; contentType "" sends none.
func (e *alertEnv) do(method, path, token, contentType string, body []byte) *httptest.ResponseRecorder {
	e.t.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return rec
}

func problemOf(t *testing.T, rec *httptest.ResponseRecorder) Problem {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("status %d with Content-Type %q, want a problem: %s", rec.Code, ct, rec.Body)
	}
	var p Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Status != rec.Code || p.Title == "" {
		t.Errorf("problem %+v answered with status %d", p, rec.Code)
	}
	return p
}

func resourceOf(t *testing.T, rec *httptest.ResponseRecorder) alertResource {
	t.Helper()
	var r alertResource
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatalf("status %d, body %s: %v", rec.Code, rec.Body, err)
	}
	return r
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// jsonAlert is the documented example with another identifier and regions.
func jsonAlert(t *testing.T, identifier string, regions ...string) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(readFile(t, "../alerts/testdata/alert.json"), &doc); err != nil {
		t.Fatal(err)
	}
	doc["identifier"] = identifier
	doc["regions"] = regions
	b, _ := json.Marshal(doc)
	return b
}

func TestPostAlertErrors(t *testing.T) {
	e := newAlertEnv(t)
	_, token := e.addPartner("Warsaw Lab", false, "PL-14")
	_, revokedToken := e.addPartner("Old Lab", false, "PL")
	if _, err := e.partners.RevokePartner(context.Background(), "Old Lab"); err != nil {
		t.Fatal(err)
	}
	unknown, _, _ := alerts.NewPartnerToken()
	valid := jsonAlert(t, "WAW-1", "PL-14")
	huge := append([]byte(`{"identifier": "`), bytes.Repeat([]byte("x"), alerts.MaxBody)...)
	doctype := []byte(`<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]>` +
		`<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&x;</identifier></alert>`)
	withoutAdvice := bytes.Replace(valid, []byte(`"advice"`), []byte(`"x_advice"`), 1)
	var doc map[string]any
	_ = json.Unmarshal(valid, &doc)
	delete(doc, "advice")
	noAdvice, _ := json.Marshal(doc)
	doc["advice"] = map[string]string{"en": "x"}
	doc["effective"] = "2026-12-05T10:00:00Z"
	expiresFirst, _ := json.Marshal(doc)
	delete(doc, "effective")
	doc["msg_type"], doc["references"] = "update", []map[string]string{{"identifier": "NOPE"}}
	updateOfNothing, _ := json.Marshal(doc)

	tests := []struct {
		name        string
		token       string
		contentType string
		body        []byte
		status      int
		field       string
	}{
		{"no token", "", "application/json", valid, 401, ""},
		{"unknown token", unknown, "application/json", valid, 401, ""},
		{"garbage token", "hello", "application/json", valid, 401, ""},
		{"revoked token", revokedToken, "application/json", valid, 401, ""},
		{"no content type", token, "", valid, 415, ""},
		{"plain text", token, "text/plain", valid, 415, ""},
		{"over 1 MiB", token, "application/json", huge, 413, ""},
		{"malformed JSON", token, "application/json", []byte(`{"identifier": `), 400, ""},
		{"two JSON values", token, "application/json", append(append([]byte{}, valid...), valid...), 400, ""},
		{"unknown field", token, "application/json", withoutAdvice, 422, "x_advice"},
		{"malformed XML", token, "application/cap+xml", []byte(`<alert><identifier>`), 400, ""},
		{"entity tricks", token, "application/xml", doctype, 400, ""},
		{"not CAP", token, "application/xml", []byte(`<feed xmlns="http://www.w3.org/2005/Atom"/>`), 400, ""},
		{"unknown region", token, "application/json", jsonAlert(t, "WAW-2", "PL-99"), 422, "regions[0]"},
		{"no language", token, "application/json", noAdvice, 422, "advice"},
		{"expiry before effect", token, "application/json", expiresFirst, 422, "expires"},
		{"region outside the partner's", token, "application/json", jsonAlert(t, "WAW-3", "PL-14", "PL-12"), 403, "regions[1]"},
		{"update of nothing", token, "application/json", updateOfNothing, 422, "references[0].identifier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := e.do("POST", "/api/v1/alerts", tt.token, tt.contentType, tt.body)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			p := problemOf(t, rec)
			if p.Field != tt.field {
				t.Errorf("field %q, want %q (%s)", p.Field, tt.field, p.Detail)
			}
			if tt.status == 401 && !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate %q", rec.Header().Get("WWW-Authenticate"))
			}
			if tt.status == 415 && rec.Header().Get("Accept-Post") == "" {
				t.Error("415 without Accept-Post")
			}
		})
	}
	// A body over the limit sent without a length is cut off too.
	req := httptest.NewRequest("POST", "/api/v1/alerts", struct{ *bytes.Reader }{bytes.NewReader(huge)})
	req.ContentLength = -1
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	if rec.Code != 413 {
		t.Errorf("chunked body over 1 MiB: status %d", rec.Code)
	}
	if list, _ := e.svc.Active(context.Background(), e.now); len(list) != 0 {
		t.Errorf("%d alerts stored after refusals", len(list))
	}
}

func TestPostAndGetAlert(t *testing.T) {
	e := newAlertEnv(t)
	lab, token := e.addPartner("Warsaw Lab", false, "PL-14")
	_, otherToken := e.addPartner("Krakow Lab", false, "PL")

	rec := e.do("POST", "/api/v1/alerts", token, "application/json; charset=utf-8", jsonAlert(t, "WAW-1", "PL-14"))
	if rec.Code != http.StatusCreated {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	created := resourceOf(t, rec)
	if loc := rec.Header().Get("Location"); loc != "/api/v1/alerts/"+strconv.FormatInt(int64(created.ID), 10) {
		t.Errorf("Location %q", loc)
	}
	if created.Status != alerts.StatusPublished || created.ChainID != created.ID || created.Partner != "Warsaw Lab" ||
		created.Links["cap"] == "" || created.Alert.Advice["pl"] == "" || created.Format != alerts.FormatJSON {
		t.Errorf("created %+v", created)
	}

	rec = e.do("POST", "/api/v1/alerts", token, "application/json", jsonAlert(t, "WAW-1", "PL-14"))
	if again := resourceOf(t, rec); rec.Code != http.StatusOK || again.ID != created.ID || rec.Header().Get("Location") != "" {
		t.Fatalf("sent again: status %d, id %d", rec.Code, again.ID)
	}

	// The same alert as CAP, updating the first.
	capBody := bytes.Replace(readFile(t, "../alerts/testdata/alert.cap.xml"), []byte("<msgType>Alert</msgType>"),
		[]byte("<msgType>Update</msgType><references>lab@example.org,WAW-1,2026-11-20T09:00:00+00:00</references>"), 1)
	capBody = bytes.Replace(capBody, []byte("<identifier>WAW-2026-0412</identifier>"), []byte("<identifier>WAW-1-2</identifier>"), 1)
	rec = e.do("POST", "/api/v1/alerts", token, "application/cap+xml", capBody)
	if rec.Code != http.StatusCreated {
		t.Fatalf("CAP update: status %d: %s", rec.Code, rec.Body)
	}
	upd := resourceOf(t, rec)
	if upd.ChainID != created.ID || upd.Replaces != created.ID || upd.Format != alerts.FormatCAP || upd.MsgType != alerts.MsgUpdate {
		t.Errorf("update %+v", upd)
	}

	rec = e.do("GET", "/api/v1/alerts/"+strconv.FormatInt(int64(upd.ID), 10), token, "", nil)
	got := resourceOf(t, rec)
	if rec.Code != 200 || got.ID != upd.ID || len(got.Versions) != 2 || got.Versions[0].ID != created.ID ||
		got.Versions[1].ID != upd.ID || got.Delivery != nil || rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("GET: status %d, %+v", rec.Code, got)
	}
	for _, tt := range []struct {
		name, path, token string
		status            int
	}{
		{"another partner's alert", "/api/v1/alerts/" + strconv.FormatInt(int64(upd.ID), 10), otherToken, 404},
		{"unknown id", "/api/v1/alerts/9999", token, 404},
		{"not an id", "/api/v1/alerts/abc", token, 404},
		{"no token", "/api/v1/alerts/1", "", 401},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rec := e.do("GET", tt.path, tt.token, "", nil)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			problemOf(t, rec)
		})
	}
	_ = lab
}

func TestPostForReview(t *testing.T) {
	e := newAlertEnv(t)
	_, token := e.addPartner("Festival", true, "PL")
	rec := e.do("POST", "/api/v1/alerts", token, "application/json", jsonAlert(t, "F-1", "PL-14"))
	if rec.Code != http.StatusAccepted || rec.Header().Get("Location") == "" {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	r := resourceOf(t, rec)
	if r.Status != alerts.StatusReview || r.Links["cap"] != "" || !r.PublishedAt.IsZero() {
		t.Errorf("in review: %+v", r)
	}
	// Not public until approved.
	if rec := e.do("GET", "/alerts/"+strconv.FormatInt(int64(r.ID), 10)+".cap", "", "", nil); rec.Code != 404 {
		t.Errorf("CAP of an alert in review: status %d", rec.Code)
	}
	rec = e.do("POST", "/api/v1/alerts", token, "application/json", jsonAlert(t, "F-1", "PL-14"))
	if rec.Code != http.StatusOK {
		t.Errorf("sent again: status %d", rec.Code)
	}
}

func TestDeliveryResourceInMilliseconds(t *testing.T) {
	none := newDeliveryResource(alerts.DeliveryStats{Recipients: 10, Pending: 10})
	b, _ := json.Marshal(none)
	if !strings.Contains(string(b), `"time_to_first_ms":null`) || !strings.Contains(string(b), `"pending":10`) {
		t.Errorf("before any delivery: %s", b)
	}
	some := newDeliveryResource(alerts.DeliveryStats{Recipients: 10, Sent: 4, Pending: 6,
		FirstDelivery: 120 * time.Millisecond, LastDelivery: 2 * time.Second, P50: 800 * time.Millisecond, P95: 1900 * time.Millisecond})
	b, _ = json.Marshal(some)
	for _, want := range []string{`"time_to_first_ms":120`, `"time_to_last_ms":2000`, `"p50_ms":800`, `"p95_ms":1900`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", b, want)
		}
	}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./api -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./api -update and review the diff):\n%s", name, got)
	}
}
