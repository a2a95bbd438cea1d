package referral

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Clock is a time of day in minutes after midnight, local time.
type Clock int

// String writes c as HH:MM.
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// ParseClock reads HSDS opens_at/closes_at: HH:MM or HH:MM:SS, 00:00 to
// 24:00.
func ParseClock(s string) (Clock, error) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("time %q is not HH:MM", s)
	}
	var v [3]int
	for i, p := range parts {
		if len(p) != 2 {
			return 0, fmt.Errorf("time %q is not HH:MM", s)
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("time %q is not HH:MM", s)
		}
		v[i] = n
	}
	if v[1] > 59 || v[2] > 59 || v[0] > 24 || (v[0] == 24 && (v[1] != 0 || v[2] != 0)) {
		return 0, fmt.Errorf("time %q is out of range", s)
	}
	return Clock(v[0]*60 + v[1]), nil
}

var weekdays = map[string]time.Weekday{
	"SU": time.Sunday, "MO": time.Monday, "TU": time.Tuesday, "WE": time.Wednesday,
	"TH": time.Thursday, "FR": time.Friday, "SA": time.Saturday,
}

// Hours is one weekly opening: on Days (a bit per time.Weekday) from Opens
// to Closes, local time. Closes at or before Opens means past midnight
// (22:00 to 02:00); Opens equal to Closes means the whole day.
type Hours struct {
	Days   uint8
	Opens  Clock
	Closes Clock
}

// ParseHours reads the weekly part of an HSDS schedule row: freq (WEEKLY or
// empty), byday (RFC 5545 weekdays such as "MO,TU,FR") and the opening
// times.
func ParseHours(freq, byday, opensAt, closesAt string) (Hours, error) {
	var h Hours
	if f := strings.ToUpper(strings.TrimSpace(freq)); f != "" && f != "WEEKLY" {
		return h, fmt.Errorf("freq %q: only WEEKLY schedules are read", freq)
	}
	if strings.TrimSpace(byday) == "" {
		return h, errors.New("byday is empty")
	}
	for d := range strings.SplitSeq(byday, ",") {
		d = strings.ToUpper(strings.TrimSpace(d))
		wd, ok := weekdays[d]
		if !ok {
			return h, fmt.Errorf("byday %q: %q is not a weekday (MO, TU, WE, TH, FR, SA, SU)", byday, d)
		}
		h.Days |= 1 << wd
	}
	var err error
	if h.Opens, err = ParseClock(opensAt); err != nil {
		return h, fmt.Errorf("opens_at: %w", err)
	}
	if h.Closes, err = ParseClock(closesAt); err != nil {
		return h, fmt.Errorf("closes_at: %w", err)
	}
	if h.Opens == 24*60 {
		return h, errors.New("opens_at 24:00: use 00:00")
	}
	return h, nil
}

// ByDay writes the days back as RFC 5545 weekdays, Monday first.
func (h Hours) ByDay() string {
	var out []string
	for _, d := range []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"} {
		if h.Days&(1<<weekdays[d]) != 0 {
			out = append(out, d)
		}
	}
	return strings.Join(out, ",")
}

// at returns the wall-clock time c on the day of day in loc. A time that
// does not exist on that day (a spring-forward gap) moves forward as
// time.Date normalises it, which is what a sign on the door means.
func at(day time.Time, c Clock, loc *time.Location) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, int(c)/60, int(c)%60, 0, 0, loc)
}

// Opening is one stretch of opening hours.
type Opening struct{ From, To time.Time }

// span is the opening that starts on day (local), if the hours open then.
func (h Hours) span(day time.Time, loc *time.Location) (Opening, bool) {
	if h.Days&(1<<day.Weekday()) == 0 {
		return Opening{}, false
	}
	from := at(day, h.Opens, loc)
	var to time.Time
	if h.Closes <= h.Opens {
		// Past midnight, or the whole day.
		to = at(day.AddDate(0, 0, 1), h.Closes, loc)
	} else {
		to = at(day, h.Closes, loc)
	}
	return Opening{From: from, To: to}, true
}

// Week is every weekly opening of a service at a location.
type Week []Hours

// Status says whether the week is open at t in loc, and if not when it
// next opens within eight days (ok false: never).
func (w Week) Status(t time.Time, loc *time.Location) (open bool, next time.Time, ok bool) {
	local := t.In(loc)
	// Calendar days by date, not by adding 24 hours: days are 23 or 25
	// hours long when the clocks change.
	y, m, d := local.Date()
	today := time.Date(y, m, d, 12, 0, 0, 0, loc)
	for off := -1; off <= 8; off++ {
		day := today.AddDate(0, 0, off)
		for _, h := range w {
			s, ok := h.span(day, loc)
			if !ok {
				continue
			}
			if !t.Before(s.From) && t.Before(s.To) {
				return true, time.Time{}, true
			}
			if s.From.After(t) && (next.IsZero() || s.From.Before(next)) {
				next = s.From
			}
		}
	}
	return false, next, !next.IsZero()
}

// ParseHoursSpec reads hours as the CLI takes them: "MO,TU,WE 09:00-17:00".
func ParseHoursSpec(s string) (Hours, error) {
	days, times, ok := strings.Cut(strings.TrimSpace(s), " ")
	opens, closes, ok2 := strings.Cut(strings.TrimSpace(times), "-")
	if !ok || !ok2 {
		return Hours{}, fmt.Errorf("hours %q: write them like MO,TU,WE 09:00-17:00", s)
	}
	return ParseHours("WEEKLY", days, opens, closes)
}
