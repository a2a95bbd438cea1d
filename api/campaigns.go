package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/peerbot/peerbot/campaigns"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
)

// CampaignStore is what the campaign API needs of the store
// (*postgres.CampaignStore).
type CampaignStore interface {
	Create(ctx context.Context, c *campaigns.Campaign) (*campaigns.Campaign, error)
	Get(ctx context.Context, org orgs.OrgID, id campaigns.CampaignID) (*campaigns.Campaign, error)
	ListByOrg(ctx context.Context, org orgs.OrgID, limit int) ([]*campaigns.Campaign, error)
	Schedule(ctx context.Context, org orgs.OrgID, id campaigns.CampaignID, at time.Time) (*campaigns.Campaign, error)
	Cancel(ctx context.Context, org orgs.OrgID, id campaigns.CampaignID) (*campaigns.Campaign, error)
	Stats(ctx context.Context, id campaigns.CampaignID) (campaigns.Stats, error)
}

// OrgTokens finds the organisation an API token acts for
// (*postgres.OrgStore).
type OrgTokens interface {
	OrgByToken(ctx context.Context, token string) (orgs.Org, error)
}

// MaxScheduleAhead is how far ahead a campaign may be scheduled.
const MaxScheduleAhead = 366 * 24 * time.Hour

// CampaignAPI serves /api/v1/campaigns to organisations, authenticated by
// their bearer tokens. Every campaign belongs to the token's organisation;
// another organisation's is not found.
type CampaignAPI struct {
	orgs      OrgTokens
	campaigns CampaignStore
	regions   campaigns.RegionSet
	log       *slog.Logger
}

// NewCampaignAPI returns the campaign API. regions is the deployment's
// region list (*content.Regions); log may be nil.
func NewCampaignAPI(tokens OrgTokens, store CampaignStore, regions campaigns.RegionSet, log *slog.Logger) *CampaignAPI {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &CampaignAPI{orgs: tokens, campaigns: store, regions: regions, log: log.With("component", "api.campaigns")}
}

// register mounts the routes on mux.
func (a *CampaignAPI) register(rt *router) {
	routes := []struct {
		method, path string
		h            func(w http.ResponseWriter, r *http.Request, org orgs.Org)
	}{
		{http.MethodPost, "/api/v1/campaigns", a.create},
		{http.MethodGet, "/api/v1/campaigns", a.list},
		{http.MethodGet, "/api/v1/campaigns/{id}", a.get},
		{http.MethodGet, "/api/v1/campaigns/{id}/preview", a.preview},
		{http.MethodPost, "/api/v1/campaigns/{id}/send", a.send},
		{http.MethodPost, "/api/v1/campaigns/{id}/cancel", a.cancel},
	}
	allowed := map[string][]string{}
	for _, r := range routes {
		rt.handle(r.method, r.path, "", a.authenticated(r.h).ServeHTTP)
		allowed[r.path] = append(allowed[r.path], r.method)
	}
	// Other methods get a problem document rather than the mux's plain 405.
	for path, methods := range allowed {
		allow := strings.Join(methods, ", ")
		rt.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			WriteProblem(w, Problem{Status: http.StatusMethodNotAllowed, Detail: "use " + allow})
		})
	}
}

// authenticated finds the organisation of the request's bearer token, or
// answers 401.
func (a *CampaignAPI) authenticated(h func(http.ResponseWriter, *http.Request, orgs.Org)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			campaignUnauthorized(w, "send the organisation's API token as Authorization: Bearer po_...")
			return
		}
		org, err := a.orgs.OrgByToken(r.Context(), strings.TrimSpace(token))
		if errors.Is(err, orgs.ErrTokenUnknown) {
			campaignUnauthorized(w, "unknown or revoked API token")
			return
		}
		if err != nil {
			a.internal(w, "finding the token's organisation", err)
			return
		}
		h(w, r, org)
	})
}

func campaignUnauthorized(w http.ResponseWriter, detail string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="peerbot"`)
	WriteProblem(w, Problem{Status: http.StatusUnauthorized, Detail: detail})
}

// internal answers 500 and logs what went wrong; the client learns nothing
// of it.
func (a *CampaignAPI) internal(w http.ResponseWriter, what string, err error) {
	a.log.Error(what, "err", err)
	WriteProblem(w, Problem{Status: http.StatusInternalServerError, Detail: "something went wrong on our side; try again"})
}

func (a *CampaignAPI) create(w http.ResponseWriter, r *http.Request, org orgs.Org) {
	if !campaignJSONBody(w, r) {
		return
	}
	c, err := campaigns.DecodeJSON(r.Body)
	if err == nil {
		err = c.Validate(a.regions, org.Regions)
	}
	var ve *campaigns.ValidationError
	switch {
	case errors.As(err, &ve):
		status := http.StatusUnprocessableEntity
		if ve.Field == "" {
			status = http.StatusBadRequest // not a campaign document at all
		}
		WriteProblem(w, Problem{Status: status, Detail: ve.Problem, Field: ve.Field})
		return
	case err != nil:
		a.internal(w, "reading a campaign", err)
		return
	}
	c.Org, c.CreatedBy = org.ID, fmt.Sprintf("api:org:%d", org.ID)
	created, err := a.campaigns.Create(r.Context(), c)
	if err != nil {
		a.internal(w, "creating a campaign", err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/campaigns/%d", created.ID))
	writeCampaignJSON(w, http.StatusCreated, campaignView(created, campaigns.Stats{}))
}

func (a *CampaignAPI) list(w http.ResponseWriter, r *http.Request, org orgs.Org) {
	list, err := a.campaigns.ListByOrg(r.Context(), org.ID, 100)
	if err != nil {
		a.internal(w, "listing campaigns", err)
		return
	}
	out := make([]campaignDoc, 0, len(list))
	for _, c := range list {
		st, err := a.stats(r.Context(), c)
		if err != nil {
			a.internal(w, "loading campaign stats", err)
			return
		}
		out = append(out, campaignView(c, st))
	}
	writeCampaignJSON(w, http.StatusOK, map[string]any{"campaigns": out})
}

func (a *CampaignAPI) get(w http.ResponseWriter, r *http.Request, org orgs.Org) {
	c, ok := a.load(w, r, org)
	if !ok {
		return
	}
	st, err := a.stats(r.Context(), c)
	if err != nil {
		a.internal(w, "loading campaign stats", err)
		return
	}
	writeCampaignJSON(w, http.StatusOK, campaignView(c, st))
}

// campaignPreviewDoc is what one language gets.
type campaignPreviewDoc struct {
	Lang string `json:"lang"`
	// TextLang is the language of the text they get: theirs, or the
	// default language when the campaign has no text in theirs.
	TextLang string `json:"text_lang"`
	Fallback bool   `json:"fallback"`
	// HTML is the text as sent, escaped for Telegram's HTML parse mode
	// (the caption when there is a photo).
	HTML    string              `json:"html"`
	Photo   string              `json:"photo_url,omitempty"`
	Buttons []campaignButtonDoc `json:"buttons,omitempty"`
}

type campaignButtonDoc struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

func (a *CampaignAPI) preview(w http.ResponseWriter, r *http.Request, org orgs.Org) {
	c, ok := a.load(w, r, org)
	if !ok {
		return
	}
	out := make([]campaignPreviewDoc, 0, len(locales.Languages))
	for _, lang := range locales.Languages {
		_, in := c.Text(lang)
		m := c.Render(lang)
		p := campaignPreviewDoc{Lang: lang, TextLang: in, Fallback: in != lang, HTML: m.Text, Photo: m.Photo}
		if m.Photo != "" {
			p.HTML = m.Caption
		}
		for _, row := range m.Keyboard {
			for _, b := range row {
				p.Buttons = append(p.Buttons, campaignButtonDoc{Text: b.Text, URL: b.URL})
			}
		}
		out = append(out, p)
	}
	writeCampaignJSON(w, http.StatusOK, map[string]any{"id": c.ID, "previews": out})
}

func (a *CampaignAPI) send(w http.ResponseWriter, r *http.Request, org orgs.Org) {
	id, ok := campaignID(w, r)
	if !ok {
		return
	}
	var body struct {
		At *time.Time `json:"at"`
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 4096))
	if err != nil {
		WriteProblem(w, Problem{Status: http.StatusBadRequest, Detail: "could not read the body"})
		return
	}
	if len(strings.TrimSpace(string(raw))) > 0 {
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&body); err != nil {
			WriteProblem(w, Problem{Status: http.StatusUnprocessableEntity, Field: "at",
				Detail: `the body is {"at": "2026-11-20T10:00:00Z"} (RFC 3339), or empty to send now`})
			return
		}
	}
	var at time.Time
	if body.At != nil {
		at = *body.At
		if time.Until(at) > MaxScheduleAhead {
			WriteProblem(w, Problem{Status: http.StatusUnprocessableEntity, Field: "at",
				Detail: "a campaign can be scheduled at most a year ahead"})
			return
		}
	}
	c, err := a.campaigns.Schedule(r.Context(), org.ID, id, at)
	if !a.changed(w, err, "scheduling a campaign") {
		return
	}
	writeCampaignJSON(w, http.StatusAccepted, campaignView(c, campaigns.Stats{}))
}

func (a *CampaignAPI) cancel(w http.ResponseWriter, r *http.Request, org orgs.Org) {
	id, ok := campaignID(w, r)
	if !ok {
		return
	}
	c, err := a.campaigns.Cancel(r.Context(), org.ID, id)
	if !a.changed(w, err, "cancelling a campaign") {
		return
	}
	st, err := a.stats(r.Context(), c)
	if err != nil {
		a.internal(w, "loading campaign stats", err)
		return
	}
	writeCampaignJSON(w, http.StatusOK, campaignView(c, st))
}

// changed answers the errors of Schedule and Cancel, and reports whether
// there was none.
func (a *CampaignAPI) changed(w http.ResponseWriter, err error, what string) bool {
	switch {
	case err == nil:
		return true
	case errors.Is(err, campaigns.ErrNotFound):
		WriteProblem(w, Problem{Status: http.StatusNotFound, Detail: "no such campaign"})
	case errors.Is(err, campaigns.ErrNotEditable):
		WriteProblem(w, Problem{Status: http.StatusConflict, Detail: campaigns.ErrNotEditable.Error()})
	default:
		a.internal(w, what, err)
	}
	return false
}

// load finds the campaign named in the path, or answers 404.
func (a *CampaignAPI) load(w http.ResponseWriter, r *http.Request, org orgs.Org) (*campaigns.Campaign, bool) {
	id, ok := campaignID(w, r)
	if !ok {
		return nil, false
	}
	c, err := a.campaigns.Get(r.Context(), org.ID, id)
	if errors.Is(err, campaigns.ErrNotFound) {
		WriteProblem(w, Problem{Status: http.StatusNotFound, Detail: "no such campaign"})
		return nil, false
	}
	if err != nil {
		a.internal(w, "loading a campaign", err)
		return nil, false
	}
	return c, true
}

func (a *CampaignAPI) stats(ctx context.Context, c *campaigns.Campaign) (campaigns.Stats, error) {
	if c.PlannedAt == nil {
		return campaigns.Stats{}, nil
	}
	return a.campaigns.Stats(ctx, c.ID)
}

func campaignID(w http.ResponseWriter, r *http.Request) (campaigns.CampaignID, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		WriteProblem(w, Problem{Status: http.StatusNotFound, Detail: "no such campaign"})
		return 0, false
	}
	return campaigns.CampaignID(id), true
}

// campaignJSONBody checks the request says it sends JSON (or says nothing).
func campaignJSONBody(w http.ResponseWriter, r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		WriteProblem(w, Problem{Status: http.StatusUnsupportedMediaType, Detail: "send the campaign as application/json"})
		return false
	}
	return true
}

// campaignDoc is a campaign as the API shows it.
type campaignDoc struct {
	ID          campaigns.CampaignID `json:"id"`
	Status      campaigns.Status     `json:"status"`
	Texts       map[string]string    `json:"texts"`
	DefaultLang string               `json:"default_lang"`
	PhotoURL    string               `json:"photo_url,omitempty"`
	Buttons     []campaigns.Button   `json:"buttons"`
	Segment     campaignSegmentDoc   `json:"segment"`
	QuietStart  int                  `json:"quiet_start"`
	QuietEnd    int                  `json:"quiet_end"`
	SendAt      *time.Time           `json:"send_at"`
	CreatedAt   time.Time            `json:"created_at"`
	PlannedAt   *time.Time           `json:"planned_at"`
	Stats       campaigns.Stats      `json:"stats"`
}

// campaignSegmentDoc shows empty parts as [] rather than null.
type campaignSegmentDoc struct {
	Regions []string    `json:"regions"`
	Langs   []string    `json:"langs"`
	Roles   []orgs.Role `json:"roles"`
	Groups  []string    `json:"groups"`
}

func campaignView(c *campaigns.Campaign, st campaigns.Stats) campaignDoc {
	orEmpty := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	roles := c.Segment.Roles
	if roles == nil {
		roles = []orgs.Role{}
	}
	buttons := c.Buttons
	if buttons == nil {
		buttons = []campaigns.Button{}
	}
	return campaignDoc{
		ID: c.ID, Status: c.Status, Texts: c.Texts, DefaultLang: c.DefaultLang, PhotoURL: c.PhotoURL,
		Buttons: buttons,
		Segment: campaignSegmentDoc{Regions: orEmpty(c.Segment.Regions), Langs: orEmpty(c.Segment.Langs), Roles: roles,
			Groups: orEmpty(c.Segment.Groups)},
		QuietStart: c.QuietStart, QuietEnd: c.QuietEnd, SendAt: c.SendAt, CreatedAt: c.CreatedAt,
		PlannedAt: c.PlannedAt, Stats: st,
	}
}

func writeCampaignJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
