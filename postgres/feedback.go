package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/feedback"
	"github.com/peerbot/peerbot/stats"
)

// FeedbackStore keeps anonymous feedback, community reports of bad
// batches, surveys and their answers, and aggregates them for reports.
// No query here reads or writes anything about a person: rows carry the
// day, the language and the region, never who.
type FeedbackStore struct {
	db      *DB
	regions interface{ Overlapping([]string) []string }
}

// NewFeedbackStore returns the store. regions widens a survey's regions to
// those overlapping them (*content.Regions), as for campaigns.
func NewFeedbackStore(db *DB, regions interface{ Overlapping([]string) []string }) *FeedbackStore {
	return &FeedbackStore{db: db, regions: regions}
}

func nullText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// AddFeedback stores one rating, to the day.
func (s *FeedbackStore) AddFeedback(ctx context.Context, e *feedback.Entry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	var org *int64
	if e.Org != 0 {
		org = &e.Org
	}
	_, err := s.db.pool.Exec(ctx, `
		INSERT INTO feedback (day, subject_kind, subject_id, org_id, rating, comment, lang, region)
		VALUES ($1, $2, $3, (SELECT id FROM organisations WHERE id = $4), $5, $6, $7, $8)`,
		feedback.Day(e.Day), string(e.Subject.Kind), e.Subject.ID, org, e.Rating, nullText(e.Comment), e.Lang, e.Region)
	if err != nil {
		return fmt.Errorf("storing feedback: %w", err)
	}
	return nil
}

// Options lists what a person may give feedback about: organisations
// (services) serving their regions, or every organisation when none does,
// and campaigns sent in the last 60 days; at most 8, labelled in lang.
func (s *FeedbackStore) Options(ctx context.Context, kind feedback.SubjectKind, regions []string, lang string) ([]feedback.Option, error) {
	var rows pgx.Rows
	var err error
	switch kind {
	case feedback.SubjectService:
		rows, err = s.db.pool.Query(ctx, `
			SELECT 'org-' || id, name, id FROM organisations
			ORDER BY (regions && $1::text[]) DESC, lower(name) LIMIT 8`, nonNil(s.regions.Overlapping(regions)))
	case feedback.SubjectCampaign:
		rows, err = s.db.pool.Query(ctx, `
			SELECT id::text, coalesce(texts->>$1, texts->>default_lang), org_id FROM campaigns
			WHERE status IN ('sending', 'sent') AND send_at > now() - interval '60 days'
			ORDER BY send_at DESC LIMIT 8`, lang)
	default:
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing feedback subjects: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (feedback.Option, error) {
		var o feedback.Option
		err := r.Scan(&o.ID, &o.Label, &o.Org)
		return o, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing feedback subjects: %w", err)
	}
	return out, nil
}

// OrgOfSubject returns the organisation a subject belongs to (0 for none):
// an organisation's service, or the organisation that sent a campaign.
func (s *FeedbackStore) OrgOfSubject(ctx context.Context, sub feedback.Subject) (int64, error) {
	var q string
	var id int64
	switch {
	case sub.Kind == feedback.SubjectService && len(sub.ID) > 4 && sub.ID[:4] == "org-":
		n, err := strconv.ParseInt(sub.ID[4:], 10, 64)
		if err != nil {
			return 0, nil
		}
		q, id = `SELECT id FROM organisations WHERE id = $1`, n
	case sub.Kind == feedback.SubjectCampaign && sub.ID != "":
		n, err := strconv.ParseInt(sub.ID, 10, 64)
		if err != nil {
			return 0, nil
		}
		q, id = `SELECT org_id FROM campaigns WHERE id = $1`, n
	default:
		return 0, nil
	}
	var org int64
	err := s.db.pool.QueryRow(ctx, q, id).Scan(&org)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("finding the subject's organisation: %w", err)
	}
	return org, nil
}

// AddBatchReport stores a community report and returns its number.
func (s *FeedbackStore) AddBatchReport(ctx context.Context, r *feedback.BatchReport) (feedback.ReportID, error) {
	if err := r.Validate(); err != nil {
		return 0, err
	}
	effects := make([]string, len(r.Effects))
	for i, e := range r.Effects {
		effects[i] = string(e)
	}
	var id int64
	err := s.db.pool.QueryRow(ctx, `
		INSERT INTO batch_reports (day, sold_as, effects, region, happened, lang, photo)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		feedback.Day(r.Day), r.SoldAs, effects, r.Region, string(r.Happened), r.Lang, r.Photo).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("storing batch report: %w", err)
	}
	return feedback.ReportID(id), nil
}

const batchColumns = `id, day, sold_as, effects, region, happened, lang, photo_file_id, status`

func scanBatch(r pgx.Row, photo *[]byte) (*feedback.BatchReport, error) {
	var b feedback.BatchReport
	var effects []string
	var happened, status string
	dest := []any{&b.ID, &b.Day, &b.SoldAs, &effects, &b.Region, &happened, &b.Lang, &b.PhotoFileID, &status}
	if photo != nil {
		dest = append(dest, photo)
	}
	if err := r.Scan(dest...); err != nil {
		return nil, err
	}
	for _, e := range effects {
		b.Effects = append(b.Effects, feedback.Effect(e))
	}
	b.Happened, b.Status = feedback.When(happened), feedback.Status(status)
	return &b, nil
}

// BatchReport returns a report with its photo.
func (s *FeedbackStore) BatchReport(ctx context.Context, id feedback.ReportID) (*feedback.BatchReport, error) {
	var photo []byte
	b, err := scanBatch(s.db.pool.QueryRow(ctx, `SELECT `+batchColumns+`, photo FROM batch_reports WHERE id = $1`, id), &photo)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, feedback.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("loading batch report: %w", err)
	}
	b.Photo = photo
	return b, nil
}

// RecentBatchReports is the review queue: the latest reports, newest
// first, without their photos.
func (s *FeedbackStore) RecentBatchReports(ctx context.Context, limit int) ([]*feedback.BatchReport, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT `+batchColumns+`, photo IS NOT NULL FROM batch_reports ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("listing batch reports: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*feedback.BatchReport, error) {
		var has bool
		var b feedback.BatchReport
		var effects []string
		var happened, status string
		if err := r.Scan(&b.ID, &b.Day, &b.SoldAs, &effects, &b.Region, &happened, &b.Lang, &b.PhotoFileID, &status, &has); err != nil {
			return nil, err
		}
		for _, e := range effects {
			b.Effects = append(b.Effects, feedback.Effect(e))
		}
		b.Happened, b.Status = feedback.When(happened), feedback.Status(status)
		if has {
			b.Photo = []byte{} // non-nil: there is a photo
		}
		return &b, nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing batch reports: %w", err)
	}
	return out, nil
}

// MarkPosted records that a report was posted to the staff groups, with
// the file id Telegram gave its photo ("" for none).
func (s *FeedbackStore) MarkPosted(ctx context.Context, id feedback.ReportID, photoFileID string) error {
	_, err := s.db.pool.Exec(ctx, `UPDATE batch_reports SET posted = true, photo_file_id = $2 WHERE id = $1`, id, photoFileID)
	if err != nil {
		return fmt.Errorf("marking batch report posted: %w", err)
	}
	return nil
}

// MarkDrafted records that staff turned a report into an alert draft.
func (s *FeedbackStore) MarkDrafted(ctx context.Context, id feedback.ReportID) error {
	_, err := s.db.pool.Exec(ctx, `UPDATE batch_reports SET status = 'drafted' WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("marking batch report drafted: %w", err)
	}
	return nil
}

// CreateSurvey stores a validated survey as a draft of org.
func (s *FeedbackStore) CreateSurvey(ctx context.Context, sv *feedback.Survey) (*feedback.Survey, error) {
	title, err := json.Marshal(sv.Title)
	if err != nil {
		return nil, fmt.Errorf("encoding survey title: %w", err)
	}
	questions, err := json.Marshal(sv.Questions)
	if err != nil {
		return nil, fmt.Errorf("encoding survey questions: %w", err)
	}
	var id int64
	err = s.db.pool.QueryRow(ctx, `
		INSERT INTO surveys (org_id, title, questions, regions, langs, created_by) VALUES ($1, $2, $3, $4, $5, $6)
		RETURNING id`, sv.Org, title, questions, nonNil(sv.Regions), nonNil(sv.Langs), sv.CreatedBy).Scan(&id)
	if err != nil {
		return nil, fmt.Errorf("storing survey: %w", err)
	}
	out := *sv
	out.ID, out.Status = feedback.SurveyID(id), feedback.SurveyDraft
	return &out, nil
}

const surveyColumns = `id, org_id, title, questions, regions, langs, status, created_by, coalesce(closes_at, 'epoch')`

func scanSurvey(r pgx.Row) (*feedback.Survey, error) {
	var sv feedback.Survey
	var title, questions []byte
	var status string
	if err := r.Scan(&sv.ID, &sv.Org, &title, &questions, &sv.Regions, &sv.Langs, &status, &sv.CreatedBy, &sv.ClosesAt); err != nil {
		return nil, err
	}
	if sv.ClosesAt.Equal(time.Unix(0, 0)) {
		sv.ClosesAt = time.Time{}
	}
	sv.Status = feedback.SurveyStatus(status)
	if err := json.Unmarshal(title, &sv.Title); err != nil {
		return nil, fmt.Errorf("decoding survey title: %w", err)
	}
	if err := json.Unmarshal(questions, &sv.Questions); err != nil {
		return nil, fmt.Errorf("decoding survey questions: %w", err)
	}
	return &sv, nil
}

// Survey returns a survey by id, whatever its organisation.
func (s *FeedbackStore) Survey(ctx context.Context, id feedback.SurveyID) (*feedback.Survey, error) {
	sv, err := scanSurvey(s.db.pool.QueryRow(ctx, `SELECT `+surveyColumns+` FROM surveys WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, feedback.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("loading survey: %w", err)
	}
	return sv, nil
}

// SurveyOf returns org's survey; another organisation's is not found.
func (s *FeedbackStore) SurveyOf(ctx context.Context, org int64, id feedback.SurveyID) (*feedback.Survey, error) {
	sv, err := s.Survey(ctx, id)
	if err == nil && sv.Org != org {
		return nil, feedback.ErrNotFound
	}
	return sv, err
}

// LatestSurvey returns org's most recently sent survey, nil when none.
func (s *FeedbackStore) LatestSurvey(ctx context.Context, org int64) (*feedback.Survey, error) {
	sv, err := scanSurvey(s.db.pool.QueryRow(ctx, `SELECT `+surveyColumns+` FROM surveys
		WHERE org_id = $1 AND status <> 'draft' ORDER BY id DESC LIMIT 1`, org))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("loading latest survey: %w", err)
	}
	return sv, nil
}

// SendSurvey opens a draft survey for answers until now + openFor; the
// planner then sends it to its segment. Sending one already sent is a
// no-op that returns it as it is.
func (s *FeedbackStore) SendSurvey(ctx context.Context, org int64, id feedback.SurveyID, openFor time.Duration) (*feedback.Survey, error) {
	tag, err := s.db.pool.Exec(ctx, `
		UPDATE surveys SET status = 'sending', closes_at = now() + $3 * interval '1 second'
		WHERE id = $1 AND org_id = $2 AND status = 'draft'`, id, org, int64(openFor.Seconds()))
	if err != nil {
		return nil, fmt.Errorf("sending survey: %w", err)
	}
	if tag.RowsAffected() > 0 {
		if _, err := s.db.pool.Exec(ctx, `SELECT pg_notify($1, 'survey')`, AlertsChannel); err != nil {
			return nil, fmt.Errorf("announcing survey: %w", err)
		}
	}
	return s.SurveyOf(ctx, org, id)
}

// CloseSurvey stops a survey taking answers.
func (s *FeedbackStore) CloseSurvey(ctx context.Context, org int64, id feedback.SurveyID) (*feedback.Survey, error) {
	if _, err := s.db.pool.Exec(ctx, `UPDATE surveys SET status = 'closed' WHERE id = $1 AND org_id = $2 AND status <> 'closed'`, id, org); err != nil {
		return nil, fmt.Errorf("closing survey: %w", err)
	}
	return s.SurveyOf(ctx, org, id)
}

// CloseDueSurveys closes the surveys whose time is up and returns every
// closed survey closed in the last two days, so that their answer keys
// can be deleted (again: deleting is idempotent).
func (s *FeedbackStore) CloseDueSurveys(ctx context.Context) ([]feedback.SurveyID, error) {
	if _, err := s.db.pool.Exec(ctx, `UPDATE surveys SET status = 'closed' WHERE status = 'sending' AND closes_at <= now()`); err != nil {
		return nil, fmt.Errorf("closing due surveys: %w", err)
	}
	rows, err := s.db.pool.Query(ctx, `SELECT id FROM surveys WHERE status = 'closed' AND coalesce(closes_at, now()) > now() - interval '2 days'`)
	if err != nil {
		return nil, fmt.Errorf("listing closed surveys: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[feedback.SurveyID])
	if err != nil {
		return nil, fmt.Errorf("listing closed surveys: %w", err)
	}
	return ids, nil
}

// PlanPending plans the deliveries of surveys sent and not planned yet:
// everyone in the segment (its regions, else the organisation's; its
// languages) who gets campaigns. It implements broadcast.Planner.
func (s *FeedbackStore) PlanPending(ctx context.Context) (int, error) {
	return planEach(ctx, s.db, "surveys", `
		SELECT id FROM surveys WHERE status = 'sending' AND planned_at IS NULL ORDER BY id LIMIT 100`,
		s.planSurvey)
}

func (s *FeedbackStore) planSurvey(ctx context.Context, id int64) (bool, error) {
	planned := false
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		var org int64
		var regions, langs, orgRegions []string
		err := tx.QueryRow(ctx, `
			SELECT s.org_id, s.regions, s.langs, o.regions FROM surveys s JOIN organisations o ON o.id = s.org_id
			WHERE s.id = $1 AND s.status = 'sending' AND s.planned_at IS NULL FOR UPDATE OF s`, id).
			Scan(&org, &regions, &langs, &orgRegions)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("loading survey: %w", err)
		}
		if len(regions) == 0 {
			regions = orgRegions
		}
		var bid int64
		if err := tx.QueryRow(ctx, `INSERT INTO broadcasts (kind, survey_id, priority) VALUES ('survey', $1, $2) RETURNING id`,
			id, int(bot.PriorityCampaign)).Scan(&bid); err != nil {
			return fmt.Errorf("creating broadcast: %w", err)
		}
		tag, err := tx.Exec(ctx, `
			INSERT INTO deliveries (broadcast_id, person_id, priority, action)
			SELECT $1, p.id, $2, 0 FROM people p
			WHERE p.active AND NOT p.broadcasts_stopped AND NOT p.campaigns_muted AND p.onboarded_at IS NOT NULL
				AND (cardinality($3::text[]) = 0 OR p.regions && $3::text[])
				AND (cardinality($4::text[]) = 0 OR p.lang = ANY ($4::text[]))`,
			bid, int(bot.PriorityCampaign), nonNil(s.regions.Overlapping(regions)), nonNil(langs))
		if err != nil {
			return fmt.Errorf("planning recipients: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE broadcasts SET recipients = $2 WHERE id = $1`, bid, tag.RowsAffected()); err != nil {
			return fmt.Errorf("counting recipients: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE surveys SET planned_at = now() WHERE id = $1`, id); err != nil {
			return fmt.Errorf("marking survey planned: %w", err)
		}
		if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, DeliveriesChannel, fmt.Sprint(bid)); err != nil {
			return fmt.Errorf("announcing deliveries: %w", err)
		}
		planned = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("planning survey %d: %w", id, err)
	}
	return planned, nil
}

// AddResponse stores one person's answers, one row per choice or text,
// none linked to another. A survey no longer open gets ErrClosed.
func (s *FeedbackStore) AddResponse(ctx context.Context, r *feedback.Response) error {
	var questions, choices []*int32
	var texts []*string
	for _, a := range r.Answers {
		q := int32(a.Question)
		switch {
		case a.Text != "":
			t := a.Text
			questions, choices, texts = append(questions, &q), append(choices, nil), append(texts, &t)
		case len(a.Choices) > 0:
			for _, c := range a.Choices {
				c := int32(c)
				questions, choices, texts = append(questions, &q), append(choices, &c), append(texts, nil)
			}
		default:
			v := int32(a.Value)
			questions, choices, texts = append(questions, &q), append(choices, &v), append(texts, nil)
		}
	}
	tag, err := s.db.pool.Exec(ctx, `
		INSERT INTO survey_answers (survey_id, day, question, choice, text, lang, region)
		SELECT s.id, $2, a.q, a.c, a.t, $3, $4
		FROM surveys s, unnest($5::int[], $6::int[], $7::text[]) AS a(q, c, t)
		WHERE s.id = $1 AND s.status = 'sending' AND s.closes_at > now()`,
		r.Survey, feedback.Day(r.Day), r.Lang, r.Region, questions, choices, texts)
	if err != nil {
		return fmt.Errorf("storing survey answers: %w", err)
	}
	if tag.RowsAffected() == 0 && len(questions) > 0 {
		return feedback.ErrClosed
	}
	return nil
}

// DeleteOldTexts removes the free text (comments and typed answers) of
// days before before, keeping the ratings and choices. Running it again
// changes nothing.
func (s *FeedbackStore) DeleteOldTexts(ctx context.Context, before time.Time) (int64, error) {
	day := feedback.Day(before)
	a, err := s.db.pool.Exec(ctx, `UPDATE feedback SET comment = NULL WHERE comment IS NOT NULL AND day < $1`, day)
	if err != nil {
		return 0, fmt.Errorf("deleting old comments: %w", err)
	}
	b, err := s.db.pool.Exec(ctx, `DELETE FROM survey_answers WHERE text IS NOT NULL AND day < $1`, day)
	if err != nil {
		return 0, fmt.Errorf("deleting old survey texts: %w", err)
	}
	return a.RowsAffected() + b.RowsAffected(), nil
}

// FeedbackReport aggregates the feedback an organisation may read (about
// its services and campaigns, and about the bot and modules) by period,
// subject, region and language. It reads the daily counts.
func (s *FeedbackStore) FeedbackReport(ctx context.Context, q feedback.Query) ([]feedback.FeedbackRow, error) {
	rows, err := s.db.pool.Query(ctx, `
		SELECT date_trunc($2, day::timestamp)::date AS period, subject_kind, subject_id, region, lang,
			sum(r1), sum(r2), sum(r3), sum(r4), sum(r5)
		FROM feedback_counts
		WHERE org_id IN ($1, 0) AND day BETWEEN $3 AND $4
		GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`, q.Org, string(q.Period), q.From, q.To)
	if err != nil {
		return nil, fmt.Errorf("reporting feedback: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (feedback.FeedbackRow, error) {
		var f feedback.FeedbackRow
		var kind string
		var rt [5]int64
		err := r.Scan(&f.Period, &kind, &f.Subject, &f.Region, &f.Lang, &rt[0], &rt[1], &rt[2], &rt[3], &rt[4])
		f.Kind = feedback.SubjectKind(kind)
		for i := range rt {
			f.Ratings[i] = stats.Count(rt[i])
			f.Count += stats.Count(rt[i])
		}
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("reporting feedback: %w", err)
	}
	return out, nil
}

// RatingTotals counts an organisation's ratings by value over the query's
// days, for the chart.
func (s *FeedbackStore) RatingTotals(ctx context.Context, q feedback.Query) ([5]stats.Count, error) {
	var out [5]stats.Count
	var rt [5]int64
	err := s.db.pool.QueryRow(ctx, `SELECT coalesce(sum(r1), 0), coalesce(sum(r2), 0), coalesce(sum(r3), 0),
			coalesce(sum(r4), 0), coalesce(sum(r5), 0)
		FROM feedback_counts WHERE org_id IN ($1, 0) AND day BETWEEN $2 AND $3`, q.Org, q.From, q.To).
		Scan(&rt[0], &rt[1], &rt[2], &rt[3], &rt[4])
	if err != nil {
		return out, fmt.Errorf("counting ratings: %w", err)
	}
	for i := range rt {
		out[i] = stats.Count(rt[i])
	}
	return out, nil
}

// SurveyReport aggregates a survey's answers by period, question, answer,
// region and language. Labels are in lang.
func (s *FeedbackStore) SurveyReport(ctx context.Context, q feedback.Query, sv *feedback.Survey, lang string) ([]feedback.SurveyRow, error) {
	rows, err := s.db.pool.Query(ctx, `
		SELECT date_trunc($2, day::timestamp)::date, question, coalesce(choice::text, 'text'), region, lang, count(*)
		FROM survey_answers WHERE survey_id = $1 AND day BETWEEN $3 AND $4
		GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`, sv.ID, string(q.Period), q.From, q.To)
	if err != nil {
		return nil, fmt.Errorf("reporting survey: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (feedback.SurveyRow, error) {
		var row feedback.SurveyRow
		var n int64
		err := r.Scan(&row.Period, &row.Question, &row.Answer, &row.Region, &row.Lang, &n)
		row.Count = stats.Count(n)
		row.Label = answerLabel(sv, row.Question, row.Answer, lang)
		return row, err
	})
	if err != nil {
		return nil, fmt.Errorf("reporting survey: %w", err)
	}
	return out, nil
}

// answerLabel names an answer: the choice's text, or the scale value.
func answerLabel(sv *feedback.Survey, question int, answer, lang string) string {
	if question < 0 || question >= len(sv.Questions) {
		return answer
	}
	q := sv.Questions[question]
	if q.Kind == feedback.Single || q.Kind == feedback.Multiple {
		if i, err := strconv.Atoi(answer); err == nil && i >= 0 && i < len(q.Choices) {
			return feedback.Localized(q.Choices[i], lang)
		}
	}
	return answer
}

// BatchReportRows aggregates community reports by period, what it was
// sold as, effect, region and language. A report without effects counts
// under the effect "".
func (s *FeedbackStore) BatchReportRows(ctx context.Context, q feedback.Query) ([]feedback.BatchRow, error) {
	rows, err := s.db.pool.Query(ctx, `
		SELECT date_trunc($1, b.day::timestamp)::date, b.sold_as, coalesce(e.effect, ''), b.region, b.lang, count(*)
		FROM batch_reports b LEFT JOIN LATERAL unnest(b.effects) AS e(effect) ON true
		WHERE b.day BETWEEN $2 AND $3
		GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`, string(q.Period), q.From, q.To)
	if err != nil {
		return nil, fmt.Errorf("reporting batch reports: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (feedback.BatchRow, error) {
		var row feedback.BatchRow
		var n int64
		err := r.Scan(&row.Period, &row.SoldAs, &row.Effect, &row.Region, &row.Lang, &n)
		row.Count = stats.Count(n)
		return row, err
	})
	if err != nil {
		return nil, fmt.Errorf("reporting batch reports: %w", err)
	}
	return out, nil
}

// SurveyAnswersOverTime counts the answers to one question of a survey by
// period and answer, for the chart.
func (s *FeedbackStore) SurveyAnswersOverTime(ctx context.Context, q feedback.Query, id feedback.SurveyID, question int) (map[time.Time]map[string]stats.Count, error) {
	rows, err := s.db.pool.Query(ctx, `
		SELECT date_trunc($2, day::timestamp)::date, coalesce(choice::text, 'text'), count(*)
		FROM survey_answers WHERE survey_id = $1 AND question = $3 AND day BETWEEN $4 AND $5 GROUP BY 1, 2`,
		id, string(q.Period), question, q.From, q.To)
	if err != nil {
		return nil, fmt.Errorf("counting survey answers: %w", err)
	}
	defer rows.Close()
	out := map[time.Time]map[string]stats.Count{}
	for rows.Next() {
		var p time.Time
		var a string
		var n int64
		if err := rows.Scan(&p, &a, &n); err != nil {
			return nil, fmt.Errorf("counting survey answers: %w", err)
		}
		if out[p] == nil {
			out[p] = map[string]stats.Count{}
		}
		out[p][a] = stats.Count(n)
	}
	return out, rows.Err()
}
