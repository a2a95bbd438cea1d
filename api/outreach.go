package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/outreach"
)

// OutreachReports sums an organisation's outreach shifts by month
// (*postgres.OutreachStore).
type OutreachReports interface {
	Monthly(ctx context.Context, org orgs.OrgID, from, to outreach.Month) (outreach.Report, error)
}

// OutreachAPI serves GET /api/v1/outreach/monthly to organisations: their
// peers' shifts summed by month and place, as JSON or as CSV for funders.
// Counts from 1 to 4 are written "<5".
type OutreachAPI struct {
	orgs    OrgTokens
	reports OutreachReports
	now     func() time.Time
	log     *slog.Logger
}

// NewOutreachAPI returns the outreach API; log may be nil.
func NewOutreachAPI(tokens OrgTokens, reports OutreachReports, log *slog.Logger) *OutreachAPI {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &OutreachAPI{orgs: tokens, reports: reports, now: time.Now, log: log.With("component", "api.outreach")}
}

func (a *OutreachAPI) register(rt *router) {
	const path = "/api/v1/outreach/monthly"
	rt.handle(http.MethodGet, path, "", a.monthly)
	rt.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", http.MethodGet)
		WriteProblem(w, Problem{Status: http.StatusMethodNotAllowed, Detail: "use GET"})
	})
}

// invalid answers 422 naming the query parameter at fault.
func invalidParam(w http.ResponseWriter, field, detail string) {
	WriteProblem(w, Problem{Status: http.StatusUnprocessableEntity, Type: "urn:peerbot:problem:invalid", Field: field, Detail: detail})
}

// monthly answers ?from=YYYY-MM&to=YYYY-MM[&format=csv]; both months
// default to the current one (UTC).
func (a *OutreachAPI) monthly(w http.ResponseWriter, r *http.Request) {
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

	q := r.URL.Query()
	now := outreach.MonthOf(a.now().UTC())
	months := map[string]outreach.Month{"from": now, "to": now}
	for _, field := range []string{"from", "to"} {
		if v := q.Get(field); v != "" {
			m, err := outreach.ParseMonth(v)
			if err != nil {
				invalidParam(w, field, "a month written YYYY-MM, such as 2026-01")
				return
			}
			months[field] = m
		}
	}
	from, to := months["from"], months["to"]
	if q.Get("from") == "" && q.Get("to") != "" {
		from = to
	}
	switch {
	case to.Index() < from.Index():
		invalidParam(w, "to", "to is before from")
		return
	case to.Index()-from.Index() >= outreach.MaxReportMonths:
		invalidParam(w, "from", "a report covers at most 36 months")
		return
	}
	format := q.Get("format")
	if format != "" && format != "json" && format != "csv" {
		invalidParam(w, "format", "json (the default) or csv")
		return
	}

	report, err := a.reports.Monthly(r.Context(), org.ID, from, to)
	if err != nil {
		a.internal(w, "summing outreach", err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if format == "csv" {
		var buf bytes.Buffer
		if err := outreach.WriteCSV(&buf, report); err != nil {
			a.internal(w, "writing outreach csv", err)
			return
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="outreach-`+from.String()+`-`+to.String()+`.csv"`)
		_, _ = w.Write(buf.Bytes())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(report)
}

// internal answers 500 and logs what went wrong; the client learns nothing
// of it.
func (a *OutreachAPI) internal(w http.ResponseWriter, what string, err error) {
	a.log.Error(what, "err", err)
	WriteProblem(w, Problem{Status: http.StatusInternalServerError, Detail: "something went wrong on our side; try again"})
}
