package postgres

import (
	"errors"
	"maps"
	"strings"
	"testing"
	"time"
)

func TestCountSourceValidation(t *testing.T) {
	_, s := newStore(t)
	ctx := testContext(t)
	now := time.Now()
	tests := []struct {
		source string
		valid  bool
	}{
		{"a", true},
		{"poster_Kyiv-2025", true},
		{strings.Repeat("x", 64), true},
		{"", false},
		{strings.Repeat("x", 65), false},
		{"has space", false},
		{"semi;colon", false},
		{"кирилиця", false},
		{"new\nline", false},
		{"x'; DROP TABLE attribution; --", false},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			err := s.CountSource(ctx, tt.source, now)
			if tt.valid && err != nil {
				t.Fatalf("CountSource: %v", err)
			}
			if !tt.valid && !errors.Is(err, ErrInvalidSource) {
				t.Fatalf("CountSource error = %v, want ErrInvalidSource", err)
			}
		})
	}
	var rows int
	if err := s.db.pool.QueryRow(ctx, `SELECT count(*) FROM attribution`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 3 {
		t.Errorf("%d attribution rows, want 3 (only the valid sources)", rows)
	}
}

func TestSourceCounts(t *testing.T) {
	_, s := newStore(t)
	ctx := testContext(t)
	day := func(d int, hour int) time.Time { return time.Date(2025, 6, d, hour, 30, 0, 0, time.UTC) }
	kyiv := time.FixedZone("UTC+3", 3*3600)
	counts := []struct {
		source string
		at     time.Time
		times  int
	}{
		{"poster", day(1, 0), 2},
		{"poster", day(1, 23), 1},
		{"poster", day(2, 12), 4},
		{"partner_site", day(2, 1), 1},
		{"partner_site", day(3, 12), 5},
		// 01:30 on the 4th in Kyiv is the 3rd in UTC.
		{"radio", time.Date(2025, 6, 4, 1, 30, 0, 0, kyiv), 1},
	}
	for _, c := range counts {
		for range c.times {
			if err := s.CountSource(ctx, c.source, c.at); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name     string
		from, to time.Time
		want     map[string]int64
	}{
		{"first day", day(1, 12), day(1, 12), map[string]int64{"poster": 3}},
		{"bounds are whole days", day(1, 23), day(2, 0), map[string]int64{"poster": 7, "partner_site": 1}},
		{"everything", day(1, 0), day(30, 0), map[string]int64{"poster": 7, "partner_site": 6, "radio": 1}},
		{"UTC day of the third", day(3, 0), day(3, 0), map[string]int64{"partner_site": 5, "radio": 1}},
		{"nothing yet", day(5, 0), day(9, 0), map[string]int64{}},
		{"reversed range", day(3, 0), day(1, 0), map[string]int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.SourceCounts(ctx, tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("SourceCounts = %v, want %v", got, tt.want)
			}
		})
	}
}
