package api

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/referral"
)

// ReferralStats gives an organisation's referral statistics
// (*postgres.ReferralStore).
type ReferralStats interface {
	Stats(ctx context.Context, org orgs.OrgID, since time.Time) (referral.Stats, error)
}

// ReferralAPI serves GET /api/v1/referrals/stats to organisations: their
// peer-worker requests by need, region and outcome, the time to claim, and
// the follow-up answers, with counts under 5 as "fewer than 5". Nothing in
// it identifies a person.
type ReferralAPI struct {
	auth  *ModerationAPI // for its bearer-token check
	stats ReferralStats
	log   *slog.Logger
	now   func() time.Time
}

// NewReferralAPI returns the referral statistics API; log may be nil.
func NewReferralAPI(tokens OrgTokens, stats ReferralStats, log *slog.Logger) *ReferralAPI {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("component", "api.referrals")
	return &ReferralAPI{auth: &ModerationAPI{orgs: tokens, log: log}, stats: stats, log: log, now: time.Now}
}

func (a *ReferralAPI) register(rt *router) {
	rt.handle(http.MethodGet, "/api/v1/referrals/stats", "", a.get)
}

// maxStatsDays bounds the period of the statistics.
const maxStatsDays = 366

// get answers 200 with the statistics of the last `days` days (default
// 30); 401 without a valid organisation token; 400 for a bad `days`.
func (a *ReferralAPI) get(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	org, ok := a.auth.authenticate(w, r)
	if !ok {
		return
	}
	days := 30
	if v := r.URL.Query().Get("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxStatsDays {
			WriteProblem(w, Problem{Status: http.StatusBadRequest, Type: problemType(alerts.ErrInvalid),
				Field: "days", Detail: "must be a whole number of days from 1 to 366"})
			return
		}
		days = n
	}
	st, err := a.stats.Stats(r.Context(), org.ID, a.now().AddDate(0, 0, -days))
	if err != nil {
		a.log.Error("loading referral stats", "org", int64(org.ID), "err", err)
		WriteProblem(w, Problem{Status: http.StatusInternalServerError, Detail: "something went wrong on our side; try again later"})
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Days int `json:"days"`
		referral.Stats
	}{days, st})
}
