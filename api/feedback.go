package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/peerbot/peerbot/feedback"
	"github.com/peerbot/peerbot/orgs"
)

// FeedbackStore is what the feedback API needs (*postgres.FeedbackStore).
type FeedbackStore interface {
	CreateSurvey(ctx context.Context, s *feedback.Survey) (*feedback.Survey, error)
	SurveyOf(ctx context.Context, org int64, id feedback.SurveyID) (*feedback.Survey, error)
	SendSurvey(ctx context.Context, org int64, id feedback.SurveyID, openFor time.Duration) (*feedback.Survey, error)
	CloseSurvey(ctx context.Context, org int64, id feedback.SurveyID) (*feedback.Survey, error)
	FeedbackReport(ctx context.Context, q feedback.Query) ([]feedback.FeedbackRow, error)
	SurveyReport(ctx context.Context, q feedback.Query, sv *feedback.Survey, lang string) ([]feedback.SurveyRow, error)
	BatchReportRows(ctx context.Context, q feedback.Query) ([]feedback.BatchRow, error)
	RecentBatchReports(ctx context.Context, limit int) ([]*feedback.BatchReport, error)
}

// FeedbackAPI serves organisations their surveys and the reports on
// anonymous feedback, survey answers and community reports of bad batches,
// authenticated by their bearer tokens. Every count under 5 is "<5".
type FeedbackAPI struct {
	orgs    OrgTokens
	store   FeedbackStore
	keys    feedback.KeyDeleter
	langs   []string
	regions func(string) bool
	log     *slog.Logger
}

// NewFeedbackAPI returns the API. keys deletes a closed survey's answer
// keys; langs are the supported languages a survey must be written in;
// validRegion checks region codes; log may be nil.
func NewFeedbackAPI(tokens OrgTokens, store FeedbackStore, keys feedback.KeyDeleter, langs []string, validRegion func(string) bool, log *slog.Logger) *FeedbackAPI {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &FeedbackAPI{orgs: tokens, store: store, keys: keys, langs: langs, regions: validRegion, log: log.With("component", "api.feedback")}
}

func (a *FeedbackAPI) register(rt *router) {
	auth := &CampaignAPI{orgs: a.orgs, log: a.log}
	for _, r := range []struct {
		method, path string
		h            func(w http.ResponseWriter, r *http.Request, org orgs.Org)
	}{
		{http.MethodPost, "/api/v1/surveys", a.createSurvey},
		{http.MethodGet, "/api/v1/surveys/{id}", a.getSurvey},
		{http.MethodPost, "/api/v1/surveys/{id}/send", a.sendSurvey},
		{http.MethodPost, "/api/v1/surveys/{id}/close", a.closeSurvey},
		{http.MethodGet, "/api/v1/reports/feedback", a.feedbackReport},
		{http.MethodGet, "/api/v1/reports/surveys/{id}", a.surveyReport},
		{http.MethodGet, "/api/v1/reports/batches", a.batchReport},
		{http.MethodGet, "/api/v1/batch-reports", a.batchQueue},
	} {
		rt.handle(r.method, r.path, "", auth.authenticated(r.h).ServeHTTP)
	}
}

func (a *FeedbackAPI) internal(w http.ResponseWriter, what string, err error) {
	a.log.Error(what, "err", err)
	WriteProblem(w, Problem{Status: http.StatusInternalServerError, Detail: "something went wrong on our side; try again"})
}

func invalidField(w http.ResponseWriter, field, detail string) {
	WriteProblem(w, Problem{Status: http.StatusUnprocessableEntity, Type: "urn:peerbot:problem:invalid", Field: field, Detail: detail})
}

func writeJSONBody(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // "<5" reads as it is
	_ = enc.Encode(v)
}

// surveyError answers a store error about a survey.
func (a *FeedbackAPI) surveyError(w http.ResponseWriter, err error) {
	var v *feedback.ValidationError
	switch {
	case errors.Is(err, feedback.ErrNotFound):
		WriteProblem(w, Problem{Status: http.StatusNotFound, Field: "id", Detail: "no such survey"})
	case errors.As(err, &v):
		invalidField(w, v.Field, v.Problem)
	default:
		a.internal(w, "surveys", err)
	}
}

func (a *FeedbackAPI) createSurvey(w http.ResponseWriter, r *http.Request, org orgs.Org) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		invalidField(w, "body", "could not read the body")
		return
	}
	sv, err := feedback.ParseSurveyJSON(body)
	if err == nil {
		err = sv.Validate(a.langs, a.regions)
	}
	if err != nil {
		a.surveyError(w, err)
		return
	}
	sv.Org, sv.CreatedBy = int64(org.ID), "api:org:"+strconv.FormatInt(int64(org.ID), 10)
	out, err := a.store.CreateSurvey(r.Context(), sv)
	if err != nil {
		a.internal(w, "creating survey", err)
		return
	}
	writeJSONBody(w, http.StatusCreated, out)
}

func surveyID(w http.ResponseWriter, r *http.Request) (feedback.SurveyID, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		WriteProblem(w, Problem{Status: http.StatusNotFound, Field: "id", Detail: "no such survey"})
		return 0, false
	}
	return feedback.SurveyID(id), true
}

func (a *FeedbackAPI) getSurvey(w http.ResponseWriter, r *http.Request, org orgs.Org) {
	id, ok := surveyID(w, r)
	if !ok {
		return
	}
	sv, err := a.store.SurveyOf(r.Context(), int64(org.ID), id)
	if err != nil {
		a.surveyError(w, err)
		return
	}
	writeJSONBody(w, http.StatusOK, sv)
}

func (a *FeedbackAPI) sendSurvey(w http.ResponseWriter, r *http.Request, org orgs.Org) {
	id, ok := surveyID(w, r)
	if !ok {
		return
	}
	sv, err := a.store.SurveyOf(r.Context(), int64(org.ID), id)
	if err == nil {
		sv, err = a.store.SendSurvey(r.Context(), int64(org.ID), id, sv.OpenFor())
	}
	if err != nil {
		a.surveyError(w, err)
		return
	}
	writeJSONBody(w, http.StatusOK, sv)
}

func (a *FeedbackAPI) closeSurvey(w http.ResponseWriter, r *http.Request, org orgs.Org) {
	id, ok := surveyID(w, r)
	if !ok {
		return
	}
	sv, err := a.store.CloseSurvey(r.Context(), int64(org.ID), id)
	if err != nil {
		a.surveyError(w, err)
		return
	}
	// Nobody can answer any more: the one-answer keys have done their job.
	if _, err := a.keys.DeletePrefix(r.Context(), feedback.SurveyPrefix(id)); err != nil {
		a.log.Error("deleting a closed survey's answer keys", "survey", int64(id), "err", err)
	}
	writeJSONBody(w, http.StatusOK, sv)
}

// reportQuery reads period, from and to: by week over the last 90 days
// unless said otherwise.
func reportQuery(w http.ResponseWriter, r *http.Request, org orgs.Org) (feedback.Query, bool) {
	today := feedback.Day(time.Now())
	q := feedback.Query{Org: int64(org.ID), Period: feedback.PeriodWeek, From: today.AddDate(0, 0, -90), To: today}
	v := r.URL.Query()
	if p := v.Get("period"); p != "" {
		q.Period = feedback.Period(p)
		if !q.Period.Valid() {
			invalidField(w, "period", "must be day, week or month")
			return q, false
		}
	}
	for _, f := range []struct {
		name string
		dst  *time.Time
	}{{"from", &q.From}, {"to", &q.To}} {
		if s := v.Get(f.name); s != "" {
			d, err := time.Parse(time.DateOnly, s)
			if err != nil {
				invalidField(w, f.name, "must be a date, YYYY-MM-DD")
				return q, false
			}
			*f.dst = d
		}
	}
	if q.To.Before(q.From) || q.To.Sub(q.From) > 3*366*24*time.Hour {
		invalidField(w, "from", "from must be before to, at most three years apart")
		return q, false
	}
	switch v.Get("format") {
	case "", "json", "csv":
	default:
		invalidField(w, "format", "must be json or csv")
		return q, false
	}
	return q, true
}

// answer writes rows as JSON, or as CSV with ?format=csv.
func answer[T any](w http.ResponseWriter, r *http.Request, name string, rows []T, csv func(io.Writer, []T) error) {
	if r.URL.Query().Get("format") == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		_ = csv(w, rows)
		return
	}
	if rows == nil {
		rows = []T{}
	}
	writeJSONBody(w, http.StatusOK, map[string]any{"rows": rows, "suppressed_below": 5})
}

func (a *FeedbackAPI) feedbackReport(w http.ResponseWriter, r *http.Request, org orgs.Org) {
	q, ok := reportQuery(w, r, org)
	if !ok {
		return
	}
	rows, err := a.store.FeedbackReport(r.Context(), q)
	if err != nil {
		a.internal(w, "feedback report", err)
		return
	}
	answer(w, r, "feedback", rows, feedback.WriteFeedbackCSV)
}

func (a *FeedbackAPI) surveyReport(w http.ResponseWriter, r *http.Request, org orgs.Org) {
	id, ok := surveyID(w, r)
	if !ok {
		return
	}
	q, ok := reportQuery(w, r, org)
	if !ok {
		return
	}
	sv, err := a.store.SurveyOf(r.Context(), int64(org.ID), id)
	if err != nil {
		a.surveyError(w, err)
		return
	}
	lang := r.URL.Query().Get("lang")
	if lang == "" {
		lang = "en"
	}
	rows, err := a.store.SurveyReport(r.Context(), q, sv, lang)
	if err != nil {
		a.internal(w, "survey report", err)
		return
	}
	answer(w, r, "survey-"+strconv.FormatInt(int64(id), 10), rows, feedback.WriteSurveyCSV)
}

func (a *FeedbackAPI) batchReport(w http.ResponseWriter, r *http.Request, org orgs.Org) {
	q, ok := reportQuery(w, r, org)
	if !ok {
		return
	}
	rows, err := a.store.BatchReportRows(r.Context(), q)
	if err != nil {
		a.internal(w, "batch report", err)
		return
	}
	answer(w, r, "batches", rows, feedback.WriteBatchCSV)
}

// batchItem is one report of the review queue. Each is one anonymous
// report, not a count, so it carries nothing but what the person chose.
type batchItem struct {
	ID       int64    `json:"id"`
	Day      string   `json:"day"`
	SoldAs   string   `json:"sold_as"`
	Effects  []string `json:"effects"`
	Region   string   `json:"region"`
	Happened string   `json:"happened"`
	HasPhoto bool     `json:"has_photo"`
	Status   string   `json:"status"`
}

func (a *FeedbackAPI) batchQueue(w http.ResponseWriter, r *http.Request, _ orgs.Org) {
	list, err := a.store.RecentBatchReports(r.Context(), 100)
	if err != nil {
		a.internal(w, "batch queue", err)
		return
	}
	items := make([]batchItem, 0, len(list))
	for _, b := range list {
		it := batchItem{ID: int64(b.ID), Day: b.Day.Format(time.DateOnly), SoldAs: b.SoldAs, Effects: []string{},
			Region: b.Region, Happened: string(b.Happened), HasPhoto: b.Photo != nil, Status: string(b.Status)}
		for _, e := range b.Effects {
			it.Effects = append(it.Effects, string(e))
		}
		items = append(items, it)
	}
	writeJSONBody(w, http.StatusOK, map[string]any{"reports": items})
}
