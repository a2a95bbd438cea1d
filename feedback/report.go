package feedback

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/peerbot/peerbot/stats"
)

// Period is how a report groups days.
type Period string

// The periods.
const (
	PeriodDay   Period = "day"
	PeriodWeek  Period = "week"
	PeriodMonth Period = "month"
)

// Valid reports whether p is a known period.
func (p Period) Valid() bool { return p == PeriodDay || p == PeriodWeek || p == PeriodMonth }

// Query is what a report covers: days From to To (inclusive), grouped by
// Period.
type Query struct {
	Org    int64
	Period Period
	From   time.Time
	To     time.Time
}

// FeedbackRow is one cell of the feedback report: the ratings given in a
// period about one subject, from one region, in one language. Counts under
// 5 are never shown (stats.Count).
type FeedbackRow struct {
	Period  time.Time      `json:"period"`
	Kind    SubjectKind    `json:"subject_kind"`
	Subject string         `json:"subject_id"`
	Region  string         `json:"region"`
	Lang    string         `json:"lang"`
	Count   stats.Count    `json:"count"`
	Ratings [5]stats.Count `json:"ratings"` // how many gave 1, 2, 3, 4, 5
}

// Average is the mean rating, hidden (false) when the count is.
func (r FeedbackRow) Average() (float64, bool) {
	if r.Count <= 0 || r.Count.Hidden() {
		return 0, false
	}
	sum := 0
	total := 0
	for i, c := range r.Ratings {
		sum += (i + 1) * int(c)
		total += int(c)
	}
	if total == 0 {
		return 0, false
	}
	return float64(sum) / float64(total), true
}

// SurveyRow is one cell of a survey report: how many gave one answer to
// one question in a period, region and language. Answer is the choice
// number (from 0), the scale value, or "text" for typed answers.
type SurveyRow struct {
	Period   time.Time   `json:"period"`
	Question int         `json:"question"`
	Answer   string      `json:"answer"`
	Label    string      `json:"label"`
	Region   string      `json:"region"`
	Lang     string      `json:"lang"`
	Count    stats.Count `json:"count"`
}

// BatchRow is one cell of the community reports: how many reports of a
// batch sold as one thing, with one effect, in a period and region.
type BatchRow struct {
	Period time.Time   `json:"period"`
	SoldAs string      `json:"sold_as"`
	Effect string      `json:"effect"`
	Region string      `json:"region"`
	Lang   string      `json:"lang"`
	Count  stats.Count `json:"count"`
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

// WriteFeedbackCSV writes the feedback report as CSV, small counts as "<5".
func WriteFeedbackCSV(w io.Writer, rows []FeedbackRow) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"period", "subject_kind", "subject_id", "region", "lang", "count",
		"rating_1", "rating_2", "rating_3", "rating_4", "rating_5", "average"})
	for _, r := range rows {
		avg := ""
		if a, ok := r.Average(); ok {
			avg = strconv.FormatFloat(a, 'f', 2, 64)
		}
		rec := []string{day(r.Period), string(r.Kind), r.Subject, r.Region, r.Lang, r.Count.String()}
		for _, c := range r.Ratings {
			rec = append(rec, c.String())
		}
		if err := cw.Write(append(rec, avg)); err != nil {
			return fmt.Errorf("writing CSV: %w", err)
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteSurveyCSV writes a survey report as CSV.
func WriteSurveyCSV(w io.Writer, rows []SurveyRow) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"period", "question", "answer", "label", "region", "lang", "count"})
	for _, r := range rows {
		if err := cw.Write([]string{day(r.Period), strconv.Itoa(r.Question), r.Answer, r.Label, r.Region, r.Lang, r.Count.String()}); err != nil {
			return fmt.Errorf("writing CSV: %w", err)
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteBatchCSV writes the community reports as CSV.
func WriteBatchCSV(w io.Writer, rows []BatchRow) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"period", "sold_as", "effect", "region", "lang", "count"})
	for _, r := range rows {
		if err := cw.Write([]string{day(r.Period), r.SoldAs, r.Effect, r.Region, r.Lang, r.Count.String()}); err != nil {
			return fmt.Errorf("writing CSV: %w", err)
		}
	}
	cw.Flush()
	return cw.Error()
}
