package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/stats"
	"github.com/peerbot/peerbot/training"
)

// TrainingStats is what the training API needs of the store
// (*postgres.TrainingStore).
type TrainingStats interface {
	TrainingStats(ctx context.Context, since time.Time, topMissed int) (training.Stats, error)
}

// CodeVerifier checks completion codes (training.Codes).
type CodeVerifier interface {
	Verify(code string) (training.Completion, error)
}

// TrainingAPI serves /api/v1/training to organisations: verifying a
// completion code, and training stats with counts under 5 hidden.
type TrainingAPI struct {
	orgs    OrgTokens
	stats   TrainingStats
	codes   CodeVerifier
	modules *training.Catalog
	now     func() time.Time
	log     *slog.Logger
}

// NewTrainingAPI returns the training API; log may be nil.
func NewTrainingAPI(tokens OrgTokens, stats TrainingStats, codes CodeVerifier, modules *training.Catalog, log *slog.Logger) *TrainingAPI {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &TrainingAPI{orgs: tokens, stats: stats, codes: codes, modules: modules, now: time.Now, log: log.With("component", "api.training")}
}

func (a *TrainingAPI) register(rt *router) {
	// The same bearer-token check as the campaign API's.
	auth := (&CampaignAPI{orgs: a.orgs, log: a.log}).authenticated
	for path, h := range map[string]func(http.ResponseWriter, *http.Request, orgs.Org){
		"/api/v1/training/verify/{code}": a.verify,
		"/api/v1/training/stats":         a.statsHandler,
	} {
		rt.handle(http.MethodGet, path, "", auth(h).ServeHTTP)
		// Other methods get a problem document rather than the mux's plain 405.
		rt.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", http.MethodGet)
			WriteProblem(w, Problem{Status: http.StatusMethodNotAllowed, Detail: "use GET"})
		})
	}
}

// completionDoc is a verified code.
type completionDoc struct {
	Valid          bool    `json:"valid"`
	Module         *string `json:"module"`
	Title          *string `json:"title"`
	Version        int     `json:"version"`
	CurrentVersion *int    `json:"current_version"`
	Language       string  `json:"language"`
	Date           string  `json:"date"`
}

func (a *TrainingAPI) verify(w http.ResponseWriter, r *http.Request, _ orgs.Org) {
	done, err := a.codes.Verify(r.PathValue("code"))
	if errors.Is(err, training.ErrCodeInvalid) {
		WriteProblem(w, Problem{Status: http.StatusNotFound, Field: "code",
			Detail: "not a valid completion code of this deployment (12 characters such as ABCD-EFGH-JKMN)"})
		return
	}
	if err != nil && !errors.Is(err, training.ErrCodeModule) {
		a.log.Error("verifying a completion code", "err", err)
		WriteProblem(w, Problem{Status: http.StatusInternalServerError, Detail: "something went wrong on our side; try again"})
		return
	}
	doc := completionDoc{Valid: true, Version: done.Version, Language: done.Lang, Date: done.Date.Format(time.DateOnly)}
	if m := a.modules.Module(done.Module); m != nil {
		id, texts := string(m.ID), m.Texts[training.Fallback]
		doc.Module, doc.Title, doc.CurrentVersion = &id, &texts.Title, &m.Version
	}
	writeCampaignJSON(w, http.StatusOK, doc)
}

type statsRowDoc struct {
	Module   string      `json:"module"`
	Title    string      `json:"title"`
	Language string      `json:"language"`
	Starts   stats.Count `json:"starts"`
	Taken    stats.Count `json:"took_quiz"`
	Passed   stats.Count `json:"passed"`
	PassRate *int        `json:"pass_rate"`
}

type missedDoc struct {
	Module   string      `json:"module"`
	Question string      `json:"question"`
	Text     string      `json:"text"`
	Count    stats.Count `json:"misses"`
}

type statsDoc struct {
	Since      string        `json:"since"`
	Modules    []statsRowDoc `json:"modules"`
	MostMissed []missedDoc   `json:"most_missed"`
}

func (a *TrainingAPI) statsHandler(w http.ResponseWriter, r *http.Request, _ orgs.Org) {
	since := a.now().AddDate(-1, 0, 0)
	if s := r.URL.Query().Get("since"); s != "" {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			WriteProblem(w, Problem{Status: http.StatusBadRequest, Field: "since", Detail: "since must be a date such as 2026-01-31"})
			return
		}
		since = d
	}
	st, err := a.stats.TrainingStats(r.Context(), since, 10)
	if err != nil {
		a.log.Error("loading training stats", "err", err)
		WriteProblem(w, Problem{Status: http.StatusInternalServerError, Detail: "something went wrong on our side; try again"})
		return
	}
	doc := statsDoc{Since: st.Since.Format(time.DateOnly), Modules: []statsRowDoc{}, MostMissed: []missedDoc{}}
	for _, row := range st.Rows {
		d := statsRowDoc{Module: string(row.Module), Language: row.Lang, Starts: row.Starts, Taken: row.Taken, Passed: row.Passed}
		if m := a.modules.Module(row.Module); m != nil {
			d.Title = m.Texts[training.Fallback].Title
		}
		if pct, ok := row.PassRate(); ok {
			d.PassRate = &pct
		}
		doc.Modules = append(doc.Modules, d)
	}
	for _, ms := range st.Missed {
		d := missedDoc{Module: string(ms.Module), Question: string(ms.Question), Count: ms.Count}
		if m := a.modules.Module(ms.Module); m != nil {
			if i := m.QuestionIndex(ms.Question); i >= 0 {
				d.Text = m.Texts[training.Fallback].Questions[i].Text
			}
		}
		doc.MostMissed = append(doc.MostMissed, d)
	}
	writeCampaignJSON(w, http.StatusOK, doc)
}
