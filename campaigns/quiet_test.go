package campaigns

import (
	"testing"
	"time"
)

func TestQuiet(t *testing.T) {
	tests := []struct {
		hour, start, end int
		want             bool
	}{
		{20, 21, 9, false}, {21, 21, 9, true}, {23, 21, 9, true}, {0, 21, 9, true}, {8, 21, 9, true}, {9, 21, 9, false},
		{12, 13, 15, false}, {13, 13, 15, true}, {14, 13, 15, true}, {15, 13, 15, false},
		{0, 0, 0, false}, {12, 7, 7, false},
		{23, 23, 0, true}, {0, 23, 0, false},
		{0, 0, 1, true}, {1, 0, 1, false},
	}
	for _, tt := range tests {
		if got := Quiet(tt.hour, tt.start, tt.end); got != tt.want {
			t.Errorf("Quiet(%d, %d, %d) = %v, want %v", tt.hour, tt.start, tt.end, got, tt.want)
		}
	}
}

func TestNextSendTime(t *testing.T) {
	load := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	warsaw, lisbon, kolkata := load("Europe/Warsaw"), load("Europe/Lisbon"), load("Asia/Kolkata")
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name       string
		loc        *time.Location
		now        string // UTC
		start, end int
		want       string // UTC
	}{
		// Warsaw is UTC+1 in winter, UTC+2 in summer.
		{"midday is not quiet", warsaw, "2026-06-10T10:00:00Z", 21, 9, "2026-06-10T10:00:00Z"},
		{"a second before quiet hours", warsaw, "2026-06-10T18:59:59Z", 21, 9, "2026-06-10T18:59:59Z"},
		{"quiet hours start: next morning", warsaw, "2026-06-10T19:00:00Z", 21, 9, "2026-06-11T07:00:00Z"},
		{"late evening: next morning", warsaw, "2026-06-10T20:30:15.5Z", 21, 9, "2026-06-11T07:00:00Z"},
		{"after midnight: this morning", warsaw, "2026-01-10T02:00:00Z", 21, 9, "2026-01-10T08:00:00Z"},
		{"the end hour is not quiet", warsaw, "2026-01-10T08:00:00Z", 21, 9, "2026-01-10T08:00:00Z"},
		{"no quiet hours", warsaw, "2026-01-10T02:00:00Z", 5, 5, "2026-01-10T02:00:00Z"},
		{"a span within the day", warsaw, "2026-01-10T13:10:00Z", 13, 16, "2026-01-10T15:00:00Z"},
		{"the same moment elsewhere is not quiet", lisbon, "2026-06-10T19:30:00Z", 21, 9, "2026-06-10T19:30:00Z"},
		{"Lisbon's evening", lisbon, "2026-06-10T20:30:00Z", 21, 9, "2026-06-11T08:00:00Z"},
		{"half-hour offset", kolkata, "2026-06-10T16:45:00Z", 21, 9, "2026-06-11T03:30:00Z"},
		// 29 March 2026: Warsaw's clocks go from 02:00 CET to 03:00 CEST.
		{"spring forward: the night is an hour shorter", warsaw, "2026-03-28T22:00:00Z", 21, 9, "2026-03-29T07:00:00Z"},
		{"spring forward: a skipped end hour ends at the next", warsaw, "2026-03-29T00:30:00Z", 0, 2, "2026-03-29T01:00:00Z"},
		{"spring forward: hours after the jump", warsaw, "2026-03-29T00:30:00Z", 1, 4, "2026-03-29T02:00:00Z"},
		// 25 October 2026: from 03:00 CEST back to 02:00 CET; 02:xx happens twice.
		{"fall back: the night is an hour longer", warsaw, "2026-10-24T21:00:00Z", 21, 9, "2026-10-25T08:00:00Z"},
		{"fall back: a repeated end hour ends the first time", warsaw, "2026-10-24T23:30:00Z", 22, 2, "2026-10-25T00:00:00Z"},
		{"fall back: quiet through both 02:00s", warsaw, "2026-10-25T00:10:00Z", 2, 3, "2026-10-25T02:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NextSendTime(tt.loc, utc(tt.now), tt.start, tt.end)
			if want := utc(tt.want); !got.Equal(want) {
				t.Errorf("NextSendTime(%s, %s, %d, %d) = %s (%s there), want %s (%s there)", tt.loc, tt.now, tt.start, tt.end,
					got.UTC().Format(time.RFC3339), got.In(tt.loc).Format(time.RFC3339),
					tt.want, want.In(tt.loc).Format(time.RFC3339))
			}
			if h := got.In(tt.loc).Hour(); Quiet(h, tt.start, tt.end) {
				t.Errorf("result %s is at %d o'clock there, inside the quiet hours", got, h)
			}
		})
	}
}

// TestNextSendTimeIsTheFirstMoment checks the defining property on every
// quarter hour of a year, for every quiet span: the result is not quiet,
// and no earlier quarter hour from now on is.
func TestNextSendTimeIsTheFirstMoment(t *testing.T) {
	warsaw, err := time.LoadLocation("Europe/Warsaw")
	if err != nil {
		t.Fatal(err)
	}
	spans := [][2]int{{21, 9}, {0, 2}, {2, 3}, {22, 2}, {13, 15}, {23, 0}, {0, 23}}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, span := range spans {
		for now := start; now.Year() == 2026; now = now.Add(97 * time.Minute) {
			got := NextSendTime(warsaw, now, span[0], span[1])
			if got.Before(now) || Quiet(got.In(warsaw).Hour(), span[0], span[1]) {
				t.Fatalf("span %v, now %s: got %s", span, now, got.In(warsaw))
			}
			for q := now.Truncate(15 * time.Minute).Add(15 * time.Minute); q.Before(got); q = q.Add(15 * time.Minute) {
				if !Quiet(q.In(warsaw).Hour(), span[0], span[1]) {
					t.Fatalf("span %v, now %s: got %s, but %s is already outside quiet hours", span, now, got.In(warsaw), q.In(warsaw))
				}
			}
		}
	}
}
