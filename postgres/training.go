package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/stats"
	"github.com/peerbot/peerbot/training"
)

// TrainingStore keeps people's progress through training modules and the
// anonymous counters behind organisations' training stats.
type TrainingStore struct {
	db *DB
}

// NewTrainingStore returns the training store on db.
func NewTrainingStore(db *DB) *TrainingStore { return &TrainingStore{db: db} }

// quizJSON is the stored form of a quiz round.
type quizJSON struct {
	Round    []int               `json:"round,omitempty"`
	Pos      int                 `json:"pos,omitempty"`
	Right    []int               `json:"right,omitempty"`
	Missed   []int               `json:"missed,omitempty"`
	Selected []training.OptionID `json:"selected,omitempty"`
	Answered bool                `json:"answered,omitempty"`
	Last     []training.OptionID `json:"last,omitempty"`
}

const progressColumns = `module, version, lesson, in_quiz, quiz, attempts, taken, passed_on, passed_version, passed_lang, code`

func scanProgress(row pgx.Row) (*training.Progress, error) {
	var (
		p                training.Progress
		quiz             []byte
		passedOn         *time.Time
		passedVersion    *int
		passedLang, code *string
	)
	if err := row.Scan(&p.Module, &p.Version, &p.Lesson, &p.InQuiz, &quiz, &p.Attempts, &p.Taken,
		&passedOn, &passedVersion, &passedLang, &code); err != nil {
		return nil, err
	}
	var q quizJSON
	if err := json.Unmarshal(quiz, &q); err != nil {
		return nil, fmt.Errorf("reading quiz state: %w", err)
	}
	p.Quiz = training.QuizState(q)
	if passedOn != nil {
		p.PassedOn = passedOn.UTC()
	}
	if passedVersion != nil {
		p.PassedVersion = *passedVersion
	}
	if passedLang != nil {
		p.PassedLang = *passedLang
	}
	if code != nil {
		p.Code = *code
	}
	return &p, nil
}

// Progress returns the person's progress in a module, or nil when they
// have not opened it.
func (s *TrainingStore) Progress(ctx context.Context, person people.PersonID, module training.ModuleID) (*training.Progress, error) {
	p, err := scanProgress(s.db.pool.QueryRow(ctx, `SELECT `+progressColumns+`
		FROM training_progress WHERE person_id = $1 AND module = $2`, person, module))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("loading training progress: %w", err)
	}
	return p, nil
}

// AllProgress returns the person's progress in every module they opened.
func (s *TrainingStore) AllProgress(ctx context.Context, person people.PersonID) (map[training.ModuleID]*training.Progress, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT `+progressColumns+` FROM training_progress WHERE person_id = $1`, person)
	if err != nil {
		return nil, fmt.Errorf("loading training progress: %w", err)
	}
	defer rows.Close()
	out := make(map[training.ModuleID]*training.Progress)
	for rows.Next() {
		p, err := scanProgress(rows)
		if err != nil {
			return nil, fmt.Errorf("loading training progress: %w", err)
		}
		out[p.Module] = p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("loading training progress: %w", err)
	}
	return out, nil
}

// SaveProgress stores the person's progress and adds the events to the
// day's counters, atomically: a step is counted exactly when it is saved. The counters keep no person id.
func (s *TrainingStore) SaveProgress(ctx context.Context, person people.PersonID, p *training.Progress, events []training.Event, now time.Time) error {
	quiz, err := json.Marshal(quizJSON(p.Quiz))
	if err != nil {
		return fmt.Errorf("saving training progress: %w", err)
	}
	day := training.Day(now)
	var passedOn *time.Time
	var passedVersion *int
	var passedLang, code *string
	if p.Passed() {
		passedOn, passedVersion, passedLang, code = &p.PassedOn, &p.PassedVersion, &p.PassedLang, &p.Code
	}
	n := len(events)
	modules, versions, langs, kinds, questions := make([]string, n), make([]int32, n), make([]string, n), make([]string, n), make([]string, n)
	for i, e := range events {
		modules[i], versions[i], langs[i], kinds[i], questions[i] = string(e.Module), int32(e.Version), e.Lang, string(e.Kind), string(e.Question)
	}
	// One round trip, one implicit transaction: the progress, and the
	// events added to the day's counters (grouped, as one row may be hit
	// twice). The commit does not wait for the WAL to reach the disk: a
	// quiz step is worth less than its latency, and only a crash of the
	// database server itself (not of a replica) could lose the last
	// fraction of a second of steps, which the person then simply repeats.
	// Without this, every learner who misses the same question that day
	// queues on one counter row for a disk flush each.
	b := &pgx.Batch{}
	b.Queue(`SELECT set_config('synchronous_commit', 'off', true)`)
	b.Queue(`
		WITH progress AS (
			INSERT INTO training_progress (person_id, `+progressColumns+`, updated_on)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT (person_id, module) DO UPDATE SET
				version = excluded.version, lesson = excluded.lesson, in_quiz = excluded.in_quiz,
				quiz = excluded.quiz, attempts = excluded.attempts, taken = excluded.taken,
				passed_on = excluded.passed_on, passed_version = excluded.passed_version,
				passed_lang = excluded.passed_lang, code = excluded.code, updated_on = excluded.updated_on
		)
		INSERT INTO training_counts (day, module, version, lang, event, question, count)
		SELECT $13, e.module, e.version, e.lang, e.event, e.question, count(*)
		FROM unnest($14::text[], $15::int[], $16::text[], $17::text[], $18::text[]) AS e(module, version, lang, event, question)
		GROUP BY e.module, e.version, e.lang, e.event, e.question
		ON CONFLICT (day, module, version, lang, event, question) DO UPDATE SET count = training_counts.count + excluded.count`,
		person, p.Module, p.Version, p.Lesson, p.InQuiz, quiz, p.Attempts, p.Taken,
		passedOn, passedVersion, passedLang, code, day, modules, versions, langs, kinds, questions)
	if err := s.db.pool.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("saving training progress: %w", err)
	}
	return nil
}

// TrainingStats sums the counters since a day, per module and language,
// and the most missed questions (at most topMissed). Small counts are the
// caller's to hide: stats.Count says which.
func (s *TrainingStore) TrainingStats(ctx context.Context, since time.Time, topMissed int) (training.Stats, error) {
	st := training.Stats{Since: training.Day(since)}
	rows, err := s.db.pool.Query(ctx, `
		SELECT module, lang,
			coalesce(sum(count) FILTER (WHERE event = 'start'), 0),
			coalesce(sum(count) FILTER (WHERE event = 'taken'), 0),
			coalesce(sum(count) FILTER (WHERE event = 'passed'), 0)
		FROM training_counts WHERE day >= $1 AND event <> 'missed'
		GROUP BY module, lang ORDER BY module, lang`, st.Since)
	if err != nil {
		return st, fmt.Errorf("loading training stats: %w", err)
	}
	for rows.Next() {
		var r training.ModuleStats
		var starts, taken, passed int64
		if err := rows.Scan(&r.Module, &r.Lang, &starts, &taken, &passed); err != nil {
			rows.Close()
			return st, fmt.Errorf("loading training stats: %w", err)
		}
		r.Starts, r.Taken, r.Passed = stats.Count(starts), stats.Count(taken), stats.Count(passed)
		st.Rows = append(st.Rows, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("loading training stats: %w", err)
	}
	rows, err = s.db.pool.Query(ctx, `
		SELECT module, question, sum(count) AS n FROM training_counts
		WHERE day >= $1 AND event = 'missed'
		GROUP BY module, question ORDER BY n DESC, module, question LIMIT $2`, st.Since, topMissed)
	if err != nil {
		return st, fmt.Errorf("loading missed questions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m training.Missed
		var n int64
		if err := rows.Scan(&m.Module, &m.Question, &n); err != nil {
			return st, fmt.Errorf("loading missed questions: %w", err)
		}
		m.Count = stats.Count(n)
		st.Missed = append(st.Missed, m)
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("loading missed questions: %w", err)
	}
	return st, nil
}
