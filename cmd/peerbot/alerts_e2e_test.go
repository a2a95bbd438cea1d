package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/alerts"
)

// alertClient is a partner talking to the running service over HTTP.
type alertClient struct {
	t     *testing.T
	base  string
	token string
}

type answer struct {
	status   int
	header   http.Header
	body     string
	resource struct {
		ID       alerts.AlertID    `json:"id"`
		Status   string            `json:"status"`
		ChainID  alerts.AlertID    `json:"chain_id"`
		Replaces alerts.AlertID    `json:"replaces"`
		Links    map[string]string `json:"links"`
		Versions []struct {
			ID alerts.AlertID `json:"id"`
		} `json:"versions"`
	}
}

func (c *alertClient) do(method, path, contentType, body string) answer {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" && strings.HasPrefix(path, "/api/") {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	a := answer{status: resp.StatusCode, header: resp.Header, body: string(b)}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &a.resource); err != nil {
			c.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
	return a
}

func (c *alertClient) post(contentType, body string, want int) answer {
	c.t.Helper()
	a := c.do("POST", "/api/v1/alerts", contentType, body)
	if a.status != want {
		c.t.Fatalf("POST: status %d, want %d: %s", a.status, want, a.body)
	}
	return a
}

// TestPartnerPublishesUpdatesAndCancels follows a partner from the CLI to
// the mirror: CAP in Polish and English for PL-14, the same alert again, an
// update and a cancel. Delivering it to people is the broadcast engine's
// part and is tested there.
func TestPartnerPublishesUpdatesAndCancels(t *testing.T) {
	h := newHarness(t, nil)
	var stdout, stderr bytes.Buffer
	m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string {
		return map[string]string{"DATABASE_URL": h.cfg.DatabaseURL, "LOG_LEVEL": "warn"}[k]
	}}
	if code := m.Run(context.Background(), []string{"partners", "add", "Warsaw Lab", "--region", "PL-14"}); code != 0 {
		t.Fatalf("partners add: exit %d: %s", code, stderr.String())
	}
	token := regexp.MustCompile(`(?m)^pb_\S+$`).FindString(stdout.String())
	c := &alertClient{t: t, base: "http://" + h.svc.addr, token: token}

	capAlert, err := os.ReadFile("../../alerts/testdata/alert.cap.xml")
	if err != nil {
		t.Fatal(err)
	}
	// Still in force whenever the test runs.
	expires := time.Now().Add(14 * 24 * time.Hour).UTC().Format("2006-01-02T15:04:05-07:00")
	body := strings.ReplaceAll(string(capAlert), "2026-12-04T10:00:00+00:00", expires)

	first := c.post("application/cap+xml", body, http.StatusCreated)
	if first.resource.Status != "published" || first.header.Get("Location") != "/api/v1/alerts/"+strconv.FormatInt(int64(first.resource.ID), 10) {
		t.Fatalf("first: %+v, Location %q", first.resource, first.header.Get("Location"))
	}
	again := c.post("application/cap+xml", body, http.StatusOK)
	if again.resource.ID != first.resource.ID {
		t.Fatalf("the same alert again got id %d, first %d", again.resource.ID, first.resource.ID)
	}

	update := strings.Replace(body, "<identifier>WAW-2026-0412</identifier>", "<identifier>WAW-2026-0412-2</identifier>", 1)
	update = strings.Replace(update, "<msgType>Alert</msgType>",
		"<msgType>Update</msgType><references>lab@example.org,WAW-2026-0412,2026-11-20T09:00:00+00:00</references>", 1)
	update = strings.ReplaceAll(update, "light brown", "dark brown")
	upd := c.post("application/xml", update, http.StatusCreated)
	if upd.resource.ChainID != first.resource.ID || upd.resource.Replaces != first.resource.ID {
		t.Fatalf("update: %+v", upd.resource)
	}

	mirror := c.do("GET", "/alerts?lang=pl", "", "")
	for _, want := range []string{`<html lang="pl">`, "Mazowieckie (Warszawa)", "dark brown", "(updated)", "Nie używaj w pojedynkę."} {
		if !strings.Contains(mirror.body, want) {
			t.Errorf("mirror page lacks %q", want)
		}
	}
	if strings.Contains(mirror.body, "light brown") {
		t.Error("the mirror still shows the replaced version")
	}
	export := c.do("GET", upd.resource.Links["cap"], "", "")
	parsed, err := alerts.ParseCAP(strings.NewReader(export.body))
	if export.status != 200 || err != nil || parsed.Identifier != "WAW-2026-0412-2" || parsed.Advice["pl"] == "" || parsed.Regions[0] != "PL-14" {
		t.Fatalf("CAP export: status %d, %v, %+v", export.status, err, parsed)
	}
	feed := c.do("GET", "/alerts.atom", "", "")
	if feed.status != 200 || strings.Count(feed.body, "<entry>") != 1 {
		t.Errorf("feed: status %d\n%s", feed.status, feed.body)
	}

	cancel := `{"identifier": "WAW-2026-0412-3", "msg_type": "cancel",
		"references": [{"identifier": "WAW-2026-0412"}, {"identifier": "WAW-2026-0412-2"}],
		"severity": "warning", "advice": {"pl": "Alert wycofany.", "en": "Alert withdrawn."}, "regions": ["PL-14"]}`
	cnl := c.post("application/json", cancel, http.StatusCreated)
	if cnl.resource.ChainID != first.resource.ID || cnl.resource.Replaces != upd.resource.ID {
		t.Fatalf("cancel: %+v", cnl.resource)
	}
	if late := c.post("application/xml", strings.Replace(update, "WAW-2026-0412-2", "WAW-2026-0412-4", 1), http.StatusConflict); !strings.Contains(late.body, "withdrawn") {
		t.Errorf("an update after the cancel: %s", late.body)
	}

	status := c.do("GET", "/api/v1/alerts/"+strconv.FormatInt(int64(cnl.resource.ID), 10), "", "")
	if status.status != 200 || len(status.resource.Versions) != 3 {
		t.Errorf("status: %d, %+v", status.status, status.resource)
	}
	if page := c.do("GET", "/alerts", "", ""); !strings.Contains(page.body, "No active alerts right now.") {
		t.Errorf("a cancelled alert is still on the mirror:\n%s", page.body)
	}
}
