package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/peerbot/peerbot/alerts"
)

// AlertService is what the partner API and the public mirror need from the
// alerts domain; *alerts.Service satisfies it.
type AlertService interface {
	Submit(ctx context.Context, p *alerts.Partner, a *alerts.Alert, format alerts.Format) (*alerts.Stored, bool, error)
	Get(ctx context.Context, id alerts.AlertID) (*alerts.Stored, error)
	Chain(ctx context.Context, chain alerts.AlertID) ([]*alerts.Stored, error)
	Active(ctx context.Context, now time.Time) ([]*alerts.Stored, error)
}

// PartnerTokens finds the partner holding a bearer token (an unauthorized
// error when none does); *postgres.PartnerStore satisfies it.
type PartnerTokens interface {
	PartnerByToken(ctx context.Context, token string) (*alerts.Partner, error)
}

// DeliveryStatsSource says how far the delivery of an alert version got;
// the broadcast engine's store implements it.
type DeliveryStatsSource interface {
	DeliveryStats(ctx context.Context, id alerts.AlertID) (alerts.DeliveryStats, error)
}

// alertAPI serves /api/v1/alerts.
type alertAPI struct {
	alerts   AlertService
	partners PartnerTokens
	delivery DeliveryStatsSource // nil: no stats shown
	log      *slog.Logger
}

// alertResource is an alert version as the API answers it.
type alertResource struct {
	ID          alerts.AlertID    `json:"id"`
	Identifier  string            `json:"identifier"`
	MsgType     alerts.MsgType    `json:"msg_type"`
	Status      alerts.Status     `json:"status"`
	ChainID     alerts.AlertID    `json:"chain_id"`
	Replaces    alerts.AlertID    `json:"replaces,omitzero"`
	Format      alerts.Format     `json:"format"`
	Partner     string            `json:"partner"`
	ReceivedAt  time.Time         `json:"received_at"`
	PublishedAt time.Time         `json:"published_at,omitzero"`
	Links       map[string]string `json:"links"`
	Alert       *alerts.Alert     `json:"alert"`
	// Versions and Delivery are in the answer to GET only.
	Versions []versionResource `json:"versions,omitempty"`
	Delivery *deliveryResource `json:"delivery,omitempty"`
}

// versionResource is one version of the alert's chain.
type versionResource struct {
	ID          alerts.AlertID    `json:"id"`
	Identifier  string            `json:"identifier"`
	MsgType     alerts.MsgType    `json:"msg_type"`
	Severity    alerts.Severity   `json:"severity"`
	Status      alerts.Status     `json:"status"`
	ReceivedAt  time.Time         `json:"received_at"`
	PublishedAt time.Time         `json:"published_at,omitzero"`
	Links       map[string]string `json:"links"`
}

// deliveryResource is alerts.DeliveryStats with times in milliseconds;
// the times are null before the first delivery.
type deliveryResource struct {
	Recipients    int    `json:"recipients"`
	Sent          int    `json:"sent"`
	Failed        int    `json:"failed"`
	Blocked       int    `json:"blocked"`
	Pending       int    `json:"pending"`
	Superseded    int    `json:"superseded"`
	Skipped       int    `json:"skipped"`
	TimeToFirstMS *int64 `json:"time_to_first_ms"`
	TimeToLastMS  *int64 `json:"time_to_last_ms"`
	P50MS         *int64 `json:"p50_ms"`
	P95MS         *int64 `json:"p95_ms"`
}

func newDeliveryResource(s alerts.DeliveryStats) *deliveryResource {
	d := &deliveryResource{Recipients: s.Recipients, Sent: s.Sent, Failed: s.Failed, Blocked: s.Blocked,
		Pending: s.Pending, Superseded: s.Superseded, Skipped: s.Skipped}
	if s.Sent > 0 {
		ms := func(d time.Duration) *int64 { v := d.Milliseconds(); return &v }
		d.TimeToFirstMS, d.TimeToLastMS, d.P50MS, d.P95MS = ms(s.FirstDelivery), ms(s.LastDelivery), ms(s.P50), ms(s.P95)
	}
	return d
}

func alertPath(id alerts.AlertID) string { return "/api/v1/alerts/" + strconv.FormatInt(int64(id), 10) }

func capPath(id alerts.AlertID) string { return "/alerts/" + strconv.FormatInt(int64(id), 10) + ".cap" }

func links(s *alerts.Stored) map[string]string {
	l := map[string]string{"self": alertPath(s.ID)}
	if s.Status == alerts.StatusPublished {
		l["cap"] = capPath(s.ID)
		l["mirror"] = "/alerts"
	}
	return l
}

func newAlertResource(s *alerts.Stored) *alertResource {
	a := s.Alert
	return &alertResource{ID: s.ID, Identifier: s.Identifier, MsgType: s.MsgType, Status: s.Status,
		ChainID: s.ChainID, Replaces: s.Replaces, Format: s.Format, Partner: s.PartnerName,
		ReceivedAt: s.ReceivedAt, PublishedAt: s.PublishedAt, Links: links(s), Alert: &a}
}

// authenticate returns the partner whose bearer token the request carries,
// or answers 401 and returns nil.
func (h *alertAPI) authenticate(w http.ResponseWriter, r *http.Request) *alerts.Partner {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		challenge(w, false)
		WriteProblem(w, Problem{Status: http.StatusUnauthorized, Type: problemType(alerts.ErrUnauthorized),
			Detail: "send the partner token as Authorization: Bearer <token>"})
		return nil
	}
	p, err := h.partners.PartnerByToken(r.Context(), strings.TrimSpace(token))
	if err != nil {
		writeError(w, r, h.log, err)
		return nil
	}
	return p
}

// acceptedTypes are the media types of alert bodies.
const acceptedTypes = "application/json, application/cap+xml, application/xml"

// post accepts an alert version: 201 when created and published, 202 when
// created and waiting for review, 200 when the identifier was already
// stored (nothing new is created).
func (h *alertAPI) post(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	p := h.authenticate(w, r)
	if p == nil {
		return
	}
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var format alerts.Format
	switch {
	case err != nil:
	case mediaType == "application/json":
		format = alerts.FormatJSON
	case mediaType == "application/cap+xml" || mediaType == "application/xml":
		format = alerts.FormatCAP
	}
	if format == "" {
		w.Header().Set("Accept-Post", acceptedTypes)
		WriteProblem(w, Problem{Status: http.StatusUnsupportedMediaType,
			Detail: "send the alert as application/json or as CAP 1.2 in application/cap+xml or application/xml"})
		return
	}
	if r.ContentLength > alerts.MaxBody {
		tooLarge(w)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, alerts.MaxBody))
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		tooLarge(w)
		return
	}
	if err != nil {
		WriteProblem(w, Problem{Status: http.StatusBadRequest, Detail: "the body could not be read"})
		return
	}
	var a *alerts.Alert
	if format == alerts.FormatJSON {
		a, err = alerts.DecodeJSON(bytes.NewReader(body))
	} else {
		a, err = alerts.ParseCAP(bytes.NewReader(body))
	}
	if err != nil {
		badBody(w, r, h.log, err)
		return
	}
	stored, created, err := h.alerts.Submit(r.Context(), p, a, format)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		if stored.Status == alerts.StatusReview {
			status = http.StatusAccepted
		}
		w.Header().Set("Location", alertPath(stored.ID))
	}
	writeJSON(w, status, newAlertResource(stored))
}

// badBody answers a body that cannot be read as an alert: 400 when the
// whole body is at fault (not JSON or XML, a DOCTYPE), 422 when it reads
// but a field has the wrong type or value.
func badBody(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var v *alerts.ValidationError
	if !errors.As(err, &v) {
		writeError(w, r, log, err)
		return
	}
	if v.Field == "" {
		WriteProblem(w, Problem{Status: http.StatusBadRequest, Type: "urn:peerbot:problem:malformed", Detail: v.Problem})
		return
	}
	WriteProblem(w, Problem{Status: http.StatusUnprocessableEntity, Type: problemType(alerts.ErrInvalid), Field: v.Field, Detail: v.Problem})
}

func tooLarge(w http.ResponseWriter) {
	WriteProblem(w, Problem{Status: http.StatusRequestEntityTooLarge,
		Detail: "the body is over " + strconv.Itoa(alerts.MaxBody) + " bytes"})
}

// get answers a version of the partner's own alert with its chain and its
// delivery stats. Another partner's alert is not found, as if it did not
// exist.
func (h *alertAPI) get(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	p := h.authenticate(w, r)
	if p == nil {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		WriteProblem(w, Problem{Status: http.StatusNotFound, Type: problemType(alerts.ErrNotFound), Detail: "no such alert"})
		return
	}
	stored, err := h.alerts.Get(r.Context(), alerts.AlertID(id))
	if err == nil && stored.PartnerID != p.ID {
		err = alerts.Errorf(alerts.ErrNotFound, "", "no alert %d", id)
	}
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	chain, err := h.alerts.Chain(r.Context(), stored.ChainID)
	if err != nil {
		writeError(w, r, h.log, err)
		return
	}
	res := newAlertResource(stored)
	for _, v := range chain {
		res.Versions = append(res.Versions, versionResource{ID: v.ID, Identifier: v.Identifier, MsgType: v.MsgType,
			Severity: v.Severity, Status: v.Status, ReceivedAt: v.ReceivedAt, PublishedAt: v.PublishedAt, Links: links(v)})
	}
	if h.delivery != nil && stored.Status == alerts.StatusPublished {
		stats, err := h.delivery.DeliveryStats(r.Context(), stored.ID)
		if err != nil {
			writeError(w, r, h.log, err)
			return
		}
		res.Delivery = newDeliveryResource(stats)
	}
	writeJSON(w, http.StatusOK, res)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
