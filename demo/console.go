package demo

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/content"
)

// Console configures the partner console of the demo page: a drug-checking
// partner publishing, updating and withdrawing alerts, and an organisation
// sending a campaign. It calls Peerbot's own HTTP API over HTTP, with real
// tokens, exactly as a partner's or an organisation's system would.
type Console struct {
	// APIURL is where Peerbot's HTTP API answers ("http://127.0.0.1:8080").
	APIURL string
	// PartnerToken is the bearer token of the demo's drug-checking partner,
	// which must cover every country of Regions.
	PartnerToken string
	// OrgToken is an API token of the demo's organisation, working in every
	// country of Regions.
	OrgToken string
	// Regions are the regions the console offers.
	Regions *content.Regions
	// Client makes the API calls; nil means one with a 30-second timeout.
	Client *http.Client
}

// alertSender is the CAP sender of the console's alerts. The .invalid
// domain (RFC 2606) says it is no one's address.
const alertSender = "lab@demo-drug-checking.invalid"

// alertLifetime is how long the console's alerts apply.
const alertLifetime = 14 * 24 * time.Hour

// console is the running partner console.
type console struct {
	cfg    Console
	client *http.Client
	// run keeps identifiers unique across demo runs on one database.
	run string

	// mu serializes the console's actions: an update must reference the
	// version the previous action stored.
	mu     sync.Mutex
	next   int               // last identifier number used
	chains map[string]*chain // by the identifier of the first version
}

// chain is one alert the console published, as it now stands.
type chain struct {
	preset *alertPreset
	latest *alerts.Alert // the last version the API accepted
	// latestID is the API's id of latest.
	latestID int64
	// content is the last version that described the sample (not a
	// cancel): an update after a withdrawal starts from it, and the API
	// refuses it.
	content *alerts.Alert
}

func newConsole(cfg Console) *console {
	if cfg.APIURL == "" || cfg.PartnerToken == "" || cfg.OrgToken == "" || cfg.Regions == nil {
		// Wiring, not input: cmd/peerbot always sets every field.
		panic("demo: the console needs APIURL, PartnerToken, OrgToken and Regions")
	}
	client := cfg.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	var run [3]byte
	_, _ = rand.Read(run[:]) // never fails (crypto/rand)
	cfg.APIURL = strings.TrimSuffix(cfg.APIURL, "/")
	return &console{cfg: cfg, client: client, run: strings.ToUpper(hex.EncodeToString(run[:])), chains: map[string]*chain{}}
}

// consoleInfo is the answer of GET /demo/api/console: what the page offers.
type consoleInfo struct {
	Enabled    bool             `json:"enabled"`
	Countries  []consoleCountry `json:"countries,omitempty"`
	Severities []string         `json:"severities,omitempty"`
	Presets    []consolePreset  `json:"presets,omitempty"`
	Mirror     string           `json:"mirror,omitempty"`
}

type consoleCountry struct {
	Code    string         `json:"code"`
	Name    string         `json:"name"`
	Regions []consolePlace `json:"regions"`
}

type consolePlace struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type consolePreset struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

func (c *WebChat) consoleInfo(w http.ResponseWriter, r *http.Request) {
	if c.console == nil {
		writeJSON(w, http.StatusOK, consoleInfo{})
		return
	}
	info := consoleInfo{Enabled: true, Mirror: "/alerts"}
	for _, co := range c.console.cfg.Regions.Countries {
		cc := consoleCountry{Code: co.Code, Name: co.Names["en"], Regions: []consolePlace{}}
		for _, reg := range co.Regions {
			cc.Regions = append(cc.Regions, consolePlace{Code: reg.Code, Name: reg.Names["en"]})
		}
		info.Countries = append(info.Countries, cc)
	}
	for _, s := range []alerts.Severity{alerts.Information, alerts.Caution, alerts.Warning} {
		info.Severities = append(info.Severities, s.String())
	}
	for _, p := range alertPresets {
		info.Presets = append(info.Presets, consolePreset{ID: p.ID, Title: p.Title})
	}
	writeJSON(w, http.StatusOK, info)
}

// apiCall is one call the console made to Peerbot's API, shown on the page
// so a newcomer sees what a partner sends and gets. The token is not shown.
type apiCall struct {
	Method      string `json:"method"`
	Path        string `json:"path"`
	ContentType string `json:"content_type,omitempty"`
	Body        string `json:"body,omitempty"`
	Status      int    `json:"status"`
	StatusText  string `json:"status_text"`
	// Answer is the API's answer as it came: the stored alert or campaign,
	// or a problem.
	Answer json.RawMessage `json:"answer,omitempty"`
}

func (a *apiCall) ok() bool { return a.Status >= 200 && a.Status < 300 }

// consoleResult answers every console action. The action itself may have
// been refused by the API: OK says whether every call succeeded.
type consoleResult struct {
	OK bool `json:"ok"`
	// Alert is the identifier of the alert's first version, which names
	// it for an update or a withdrawal.
	Alert string `json:"alert,omitempty"`
	// Identifier is the identifier of the version just sent.
	Identifier string `json:"identifier,omitempty"`
	// ID is the id the API gave the alert version or the campaign.
	ID int64 `json:"id,omitempty"`
	// Links are the API's links: self, cap and mirror for an alert.
	Links map[string]string `json:"links,omitempty"`
	Calls []apiCall         `json:"calls"`
}

// publishRequest is the body of POST /demo/api/console/alerts.
type publishRequest struct {
	Preset   string `json:"preset"`
	Region   string `json:"region"`
	Severity string `json:"severity"`
	// CAP sends the alert as CAP 1.2 XML instead of JSON.
	CAP bool `json:"cap"`
}

// changeRequest is the body of POST /demo/api/console/alerts/{alert}/{update,withdraw}.
type changeRequest struct {
	CAP bool `json:"cap"`
}

// campaignRequest is the body of POST /demo/api/console/campaigns.
type campaignRequest struct {
	// Region is the segment: people who follow it (or its whole country).
	Region string `json:"region"`
}

// enabled answers 404 itself when the demo runs without a console.
func (c *WebChat) enabled(w http.ResponseWriter) bool {
	if c.console == nil {
		writeProblem(w, http.StatusNotFound, "", "this demo runs without the partner console")
		return false
	}
	return true
}

func (c *WebChat) publishAlert(w http.ResponseWriter, r *http.Request) {
	if !c.enabled(w) {
		return
	}
	var req publishRequest
	if !decode(w, r, &req) {
		return
	}
	k := c.console
	preset, ok := presetByID(req.Preset)
	if !ok {
		writeProblem(w, http.StatusBadRequest, "preset", fmt.Sprintf("there is no sample %q; the console offers %s", clipText(req.Preset), presetIDs()))
		return
	}
	country, ok := k.cfg.Regions.CountryOf(req.Region)
	if !ok {
		writeProblem(w, http.StatusBadRequest, "region", fmt.Sprintf("%q is not a region or country of this demo", clipText(req.Region)))
		return
	}
	var sev alerts.Severity
	if err := sev.UnmarshalText([]byte(req.Severity)); err != nil {
		writeProblem(w, http.StatusBadRequest, "severity", "the severity must be information, caution or warning")
		return
	}

	k.mu.Lock()
	defer k.mu.Unlock()
	now := time.Now().UTC().Truncate(time.Second)
	a := &alerts.Alert{
		Identifier: k.identifier(), Sender: alertSender, Sent: now, MsgType: alerts.MsgAlert,
		SoldAs: preset.SoldAs, Form: preset.Form, Appearance: preset.Appearance,
		Contents: preset.Contents, Severity: sev,
		Advice:  withEmergency(preset.Advice, country.Emergency),
		Regions: []string{req.Region}, Expires: now.Add(alertLifetime),
		SampleReference: "DEMO-" + k.run,
	}
	res, err := k.postAlert(r.Context(), a, req.CAP)
	if err != nil {
		c.apiUnreachable(w, r, err)
		return
	}
	res.Alert = a.Identifier
	if res.OK {
		k.chains[a.Identifier] = &chain{preset: preset, latest: a, latestID: res.ID, content: a}
	}
	writeJSON(w, http.StatusOK, res)
}

// changeAlert sends an update raising the alert to a warning, or a cancel
// withdrawing it.
func (c *WebChat) changeAlert(w http.ResponseWriter, r *http.Request) {
	if !c.enabled(w) {
		return
	}
	action := r.PathValue("action")
	if action != "update" && action != "withdraw" {
		writeProblem(w, http.StatusNotFound, "", "no such API endpoint: "+r.Method+" "+r.URL.Path)
		return
	}
	var req changeRequest
	if !decode(w, r, &req) {
		return
	}
	k := c.console
	k.mu.Lock()
	defer k.mu.Unlock()
	id := r.PathValue("alert")
	ch, ok := k.chains[id]
	if !ok {
		writeProblem(w, http.StatusNotFound, "alert", fmt.Sprintf("the console has published no alert %q", clipText(id)))
		return
	}
	prev := ch.latest
	now := time.Now().UTC().Truncate(time.Second)
	if !now.After(prev.Sent) {
		// One version per second at most keeps every version's sent time,
		// which CAP references carry, in order.
		now = prev.Sent.Add(time.Second)
	}
	country, _ := k.cfg.Regions.CountryOf(prev.Regions[0])
	ref := alerts.Reference{Identifier: prev.Identifier, Sender: prev.Sender, Sent: prev.Sent}
	var a *alerts.Alert
	if action == "update" {
		next := *ch.content
		a = &next
		a.MsgType, a.Severity, a.LinkedToOverdoses = alerts.MsgUpdate, alerts.Warning, true
		a.Advice = map[string]string{}
		for lang, text := range withEmergency(ch.preset.Advice, country.Emergency) {
			a.Advice[lang] = updateNote[lang] + "\n\n" + text
		}
	} else {
		a = &alerts.Alert{MsgType: alerts.MsgCancel, Sender: alertSender, Severity: prev.Severity,
			Advice: withdrawReason, Regions: prev.Regions, SampleReference: prev.SampleReference}
	}
	a.Identifier, a.Sent, a.References = k.identifier(), now, []alerts.Reference{ref}
	res, err := k.postAlert(r.Context(), a, req.CAP)
	if err != nil {
		c.apiUnreachable(w, r, err)
		return
	}
	res.Alert = id
	if res.OK {
		ch.latest, ch.latestID = a, res.ID
		if a.MsgType != alerts.MsgCancel {
			ch.content = a
		}
	}
	writeJSON(w, http.StatusOK, res)
}

// alertStatus answers the API's view of the alert's latest version: its
// versions and how far delivery has gone.
func (c *WebChat) alertStatus(w http.ResponseWriter, r *http.Request) {
	if !c.enabled(w) {
		return
	}
	k := c.console
	k.mu.Lock()
	defer k.mu.Unlock()
	id := r.PathValue("alert")
	ch, ok := k.chains[id]
	if !ok {
		writeProblem(w, http.StatusNotFound, "alert", fmt.Sprintf("the console has published no alert %q", clipText(id)))
		return
	}
	call, err := k.call(r.Context(), k.cfg.PartnerToken, http.MethodGet, fmt.Sprintf("/api/v1/alerts/%d", ch.latestID), "", "")
	if err != nil {
		c.apiUnreachable(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, consoleResult{OK: call.ok(), Alert: id, Identifier: ch.latest.Identifier, ID: ch.latestID, Calls: []apiCall{call}})
}

func (c *WebChat) sendCampaign(w http.ResponseWriter, r *http.Request) {
	if !c.enabled(w) {
		return
	}
	var req campaignRequest
	if !decode(w, r, &req) {
		return
	}
	k := c.console
	if !k.cfg.Regions.Valid(req.Region) {
		writeProblem(w, http.StatusBadRequest, "region", fmt.Sprintf("%q is not a region or country of this demo", clipText(req.Region)))
		return
	}
	// Equal quiet hours mean none: the demo's campaign goes out at once,
	// whatever the time of day.
	doc := map[string]any{
		"texts":        campaignTexts,
		"default_lang": "en",
		"segment":      map[string]any{"regions": []string{req.Region}},
		"quiet_start":  0,
		"quiet_end":    0,
	}
	body, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		c.apiUnreachable(w, r, err)
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	res := consoleResult{}
	created, err := k.call(r.Context(), k.cfg.OrgToken, http.MethodPost, "/api/v1/campaigns", "application/json", string(body))
	if err != nil {
		c.apiUnreachable(w, r, err)
		return
	}
	res.Calls = append(res.Calls, created)
	var campaign struct {
		ID int64 `json:"id"`
	}
	if created.ok() {
		if err := json.Unmarshal(created.Answer, &campaign); err != nil || campaign.ID == 0 {
			c.apiUnreachable(w, r, fmt.Errorf("reading the new campaign's id: %q", created.Answer))
			return
		}
		res.ID = campaign.ID
		sent, err := k.call(r.Context(), k.cfg.OrgToken, http.MethodPost, fmt.Sprintf("/api/v1/campaigns/%d/send", campaign.ID), "application/json", "{}")
		if err != nil {
			c.apiUnreachable(w, r, err)
			return
		}
		res.Calls = append(res.Calls, sent)
	}
	res.OK = res.Calls[len(res.Calls)-1].ok()
	writeJSON(w, http.StatusOK, res)
}

// apiUnreachable answers 502 when Peerbot's API could not be asked at all.
func (c *WebChat) apiUnreachable(w http.ResponseWriter, r *http.Request, err error) {
	c.log.WarnContext(r.Context(), "partner console calling the API", "err", err)
	writeProblem(w, http.StatusBadGateway, "", "Peerbot's API did not answer: "+err.Error())
}

// identifier returns the partner's identifier of a new alert version.
// Call with mu held.
func (k *console) identifier() string {
	k.next++
	return fmt.Sprintf("DDC-%s-%03d", k.run, k.next)
}

// postAlert sends one alert version to POST /api/v1/alerts as the partner.
func (k *console) postAlert(ctx context.Context, a *alerts.Alert, asCAP bool) (consoleResult, error) {
	var body bytes.Buffer
	contentType := "application/json"
	if asCAP {
		contentType = "application/cap+xml"
		// RenderCAP is the CAP the public export serves; ParseCAP, which the
		// API uses, reads it back.
		if err := alerts.RenderCAP(&body, a, func(code string) string { return k.cfg.Regions.Name(code, "en") }); err != nil {
			return consoleResult{}, err
		}
	} else if err := alerts.EncodeJSON(&body, a); err != nil {
		return consoleResult{}, err
	}
	call, err := k.call(ctx, k.cfg.PartnerToken, http.MethodPost, "/api/v1/alerts", contentType, body.String())
	if err != nil {
		return consoleResult{}, err
	}
	res := consoleResult{OK: call.ok(), Identifier: a.Identifier, Calls: []apiCall{call}}
	if call.ok() {
		var stored struct {
			ID    int64             `json:"id"`
			Links map[string]string `json:"links"`
		}
		if err := json.Unmarshal(call.Answer, &stored); err != nil {
			return consoleResult{}, fmt.Errorf("reading the API's answer: %w", err)
		}
		res.ID, res.Links = stored.ID, stored.Links
	}
	return res, nil
}

// maxAnswer bounds what the console reads of an API answer.
const maxAnswer = 1 << 20

// call sends a request to the API with a bearer token (and body, of
// contentType, unless it is empty) and records the exchange.
func (k *console) call(ctx context.Context, token, method, path, contentType, body string) (apiCall, error) {
	var rd io.Reader
	if contentType != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, k.cfg.APIURL+path, rd)
	if err != nil {
		return apiCall{}, fmt.Errorf("calling %s: %w", path, err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := k.client.Do(req)
	if err != nil {
		return apiCall{}, fmt.Errorf("calling %s: %w", path, err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return apiCall{}, fmt.Errorf("reading the answer of %s: %w", path, err)
	}
	if !json.Valid(answer) {
		// Not JSON (it always is): show it as text.
		answer, _ = json.Marshal(string(answer))
	}
	return apiCall{Method: method, Path: path, ContentType: contentType, Body: body,
		Status: resp.StatusCode, StatusText: http.StatusText(resp.StatusCode), Answer: answer}, nil
}

// presetIDs lists the presets for a problem's detail.
func presetIDs() string {
	ids := make([]string, len(alertPresets))
	for i, p := range alertPresets {
		ids[i] = p.ID
	}
	return strings.Join(ids, ", ")
}

// clipText shortens outside input quoted back in a problem.
func clipText(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
