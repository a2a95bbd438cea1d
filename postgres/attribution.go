package postgres

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// ErrInvalidSource is returned for an attribution source that is not 1 to 64
// characters of A-Z, a-z, 0-9, '_' and '-' (what a Telegram deep link allows).
var ErrInvalidSource = errors.New("invalid attribution source: want 1-64 characters of A-Z a-z 0-9 _ -")

var sourceRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// utcDay is the UTC calendar day of t, as a SQL date.
func utcDay(t time.Time) pgtype.Date {
	y, m, d := t.UTC().Date()
	return pgtype.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Valid: true}
}

// CountSource counts one arrival through the deep-link source on the UTC day
// of day. The count is never tied to a person.
func (s *PeopleStore) CountSource(ctx context.Context, source string, day time.Time) error {
	if !sourceRE.MatchString(source) {
		return ErrInvalidSource
	}
	_, err := s.db.pool.Exec(ctx, `
		INSERT INTO attribution (source, day, count) VALUES ($1, $2, 1)
		ON CONFLICT (source, day) DO UPDATE SET count = attribution.count + 1`,
		source, utcDay(day))
	if err != nil {
		return fmt.Errorf("counting source: %w", err)
	}
	return nil
}

// SourceCounts returns the arrivals per source over the UTC days from the day
// of from to the day of to, both included. Sources with no arrivals in the
// range are absent.
func (s *PeopleStore) SourceCounts(ctx context.Context, from, to time.Time) (map[string]int64, error) {
	rows, err := s.db.pool.Query(ctx, `
		SELECT source, sum(count)::bigint FROM attribution
		WHERE day BETWEEN $1 AND $2
		GROUP BY source`, utcDay(from), utcDay(to))
	if err != nil {
		return nil, fmt.Errorf("loading source counts: %w", err)
	}
	defer rows.Close()
	counts := map[string]int64{}
	for rows.Next() {
		var source string
		var n int64
		if err := rows.Scan(&source, &n); err != nil {
			return nil, fmt.Errorf("loading source counts: %w", err)
		}
		counts[source] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("loading source counts: %w", err)
	}
	return counts, nil
}
