package campaigns

import "time"

// Quiet reports whether hour (0–23, local time) falls in the quiet hours
// from quietStart (inclusive) to quietEnd (exclusive). The span may cross
// midnight (21 to 9); equal hours mean no quiet hours.
func Quiet(hour, quietStart, quietEnd int) bool {
	switch {
	case quietStart == quietEnd:
		return false
	case quietStart < quietEnd:
		return hour >= quietStart && hour < quietEnd
	default:
		return hour >= quietStart || hour < quietEnd
	}
}

// NextSendTime returns the first moment at or after now that is outside
// the quiet hours in loc: now itself when it is not quiet there, else the
// moment the quiet hours end. Days when the clocks change are handled by
// stepping through local hours as they happen: when the end hour is skipped
// (clocks go forward past it), the first hour after it is used; when it
// happens twice, the first time.
func NextSendTime(loc *time.Location, now time.Time, quietStart, quietEnd int) time.Time {
	local := now.In(loc)
	if !Quiet(local.Hour(), quietStart, quietEnd) {
		return now
	}
	// From the start of the current local hour, one real hour at a time:
	// clocks change by whole hours, so every step lands on the start of a
	// local hour, and a quiet span lasts at most 23 of them (24 on the day
	// the clocks go back).
	t := local.Add(-time.Duration(local.Minute())*time.Minute - time.Duration(local.Second())*time.Second -
		time.Duration(local.Nanosecond()))
	for range 26 {
		t = t.Add(time.Hour)
		if !Quiet(t.In(loc).Hour(), quietStart, quietEnd) {
			return t.In(now.Location())
		}
	}
	return now // unreachable with hours in 0..23; never hold a message forever
}
