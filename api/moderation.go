package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/orgs"
)

// AlertDecider approves and rejects alert versions in review
// (*alerts.Service).
type AlertDecider interface {
	Approve(ctx context.Context, id alerts.AlertID, actor string) (*alerts.Stored, error)
	Reject(ctx context.Context, id alerts.AlertID, actor, reason string) (*alerts.Stored, error)
}

// ModerationAPI serves POST /api/v1/alerts/{id}/approve and .../reject to
// organisations that moderate alerts, authenticated by their bearer
// tokens. The decision is audited as "org:<id>"; the staff groups'
// messages are updated by the moderation worker, as after a decision in
// the bot.
type ModerationAPI struct {
	orgs    OrgTokens
	decider AlertDecider
	log     *slog.Logger
}

// NewModerationAPI returns the moderation API; log may be nil.
func NewModerationAPI(tokens OrgTokens, decider AlertDecider, log *slog.Logger) *ModerationAPI {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &ModerationAPI{orgs: tokens, decider: decider, log: log.With("component", "api.moderation")}
}

// maxDecisionBody bounds a decision's body: a reason of 1000 characters,
// escaped, with room to spare.
const maxDecisionBody = 16 << 10

func (a *ModerationAPI) register(rt *router) {
	rt.handle(http.MethodPost, "/api/v1/alerts/{id}/approve", "", a.decide(true))
	rt.handle(http.MethodPost, "/api/v1/alerts/{id}/reject", "", a.decide(false))
}

// decide answers an approval or a rejection: 200 with the version as it
// now stands; 401 without a valid organisation token; 403 for an
// organisation that does not moderate alerts; 404 for an unknown version;
// 409 for one not waiting for review; 422 for a missing or long reason.
func (a *ModerationAPI) decide(approve bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		org, ok := a.authenticate(w, r)
		if !ok {
			return
		}
		if !org.ModeratesAlerts {
			WriteProblem(w, Problem{Status: http.StatusForbidden, Type: problemType(alerts.ErrForbidden),
				Detail: "this organisation does not moderate alerts"})
			return
		}
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil || id <= 0 {
			WriteProblem(w, Problem{Status: http.StatusNotFound, Type: problemType(alerts.ErrNotFound), Detail: "no such alert"})
			return
		}
		var body struct {
			Reason *string `json:"reason"`
		}
		if !decodeDecision(w, r, &body, !approve) {
			return
		}
		actor := "org:" + strconv.FormatInt(int64(org.ID), 10)
		var st *alerts.Stored
		if approve {
			st, err = a.decider.Approve(r.Context(), alerts.AlertID(id), actor)
		} else {
			if body.Reason == nil {
				WriteProblem(w, Problem{Status: http.StatusUnprocessableEntity, Type: problemType(alerts.ErrInvalid),
					Field: "reason", Detail: "is required: say why, for the partner"})
				return
			}
			st, err = a.decider.Reject(r.Context(), alerts.AlertID(id), actor, *body.Reason)
		}
		if err != nil {
			writeError(w, r, a.log, err)
			return
		}
		a.log.Info("alert decided through the API", "alert", id, "approved", approve, "org", int64(org.ID))
		writeJSON(w, http.StatusOK, newAlertResource(st))
	}
}

// authenticate finds the organisation of the request's bearer token, or
// answers 401.
func (a *ModerationAPI) authenticate(w http.ResponseWriter, r *http.Request) (orgs.Org, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		challenge(w, false)
		WriteProblem(w, Problem{Status: http.StatusUnauthorized, Type: problemType(alerts.ErrUnauthorized),
			Detail: "send the organisation's API token as Authorization: Bearer po_..."})
		return orgs.Org{}, false
	}
	org, err := a.orgs.OrgByToken(r.Context(), strings.TrimSpace(token))
	if errors.Is(err, orgs.ErrTokenUnknown) {
		challenge(w, true)
		WriteProblem(w, Problem{Status: http.StatusUnauthorized, Type: problemType(alerts.ErrUnauthorized),
			Detail: "unknown or revoked API token"})
		return orgs.Org{}, false
	}
	if err != nil {
		a.log.Error("finding the token's organisation", "err", err)
		WriteProblem(w, Problem{Status: http.StatusInternalServerError, Detail: "something went wrong on our side; try again later"})
		return orgs.Org{}, false
	}
	return org, true
}

// decodeDecision reads a decision's JSON body into v. An approval may come
// without a body; a rejection needs one.
func decodeDecision(w http.ResponseWriter, r *http.Request, v any, required bool) bool {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			WriteProblem(w, Problem{Status: http.StatusUnsupportedMediaType, Detail: "send the body as application/json"})
			return false
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxDecisionBody))
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr):
		WriteProblem(w, Problem{Status: http.StatusRequestEntityTooLarge, Detail: "the body is over " + strconv.Itoa(maxDecisionBody) + " bytes"})
		return false
	case err != nil:
		WriteProblem(w, Problem{Status: http.StatusBadRequest, Detail: "the body could not be read"})
		return false
	case len(strings.TrimSpace(string(body))) == 0 && !required:
		return true
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		WriteProblem(w, Problem{Status: http.StatusBadRequest, Type: "urn:peerbot:problem:malformed",
			Detail: `send a JSON object such as {"reason": "..."}`})
		return false
	}
	if dec.More() {
		WriteProblem(w, Problem{Status: http.StatusBadRequest, Type: "urn:peerbot:problem:malformed", Detail: "send one JSON object"})
		return false
	}
	return true
}
