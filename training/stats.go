package training

import (
	"time"

	"github.com/peerbot/peerbot/stats"
)

// Stats is how training goes, for organisations' staff. It is built from
// day-coarsened counters that hold no person ids; every count from 1 to 4
// shows as "fewer than 5" (stats.Count).
type Stats struct {
	Since  time.Time     // the first day counted
	Rows   []ModuleStats // per module and language, in catalog order then language
	Missed []Missed      // the most missed questions, most first
}

// ModuleStats counts one module in one language.
type ModuleStats struct {
	Module ModuleID
	Lang   string
	Starts stats.Count // people who opened the module
	Taken  stats.Count // people who finished a quiz round
	Passed stats.Count // people who passed (completions)
}

// PassRate is the percent of people who took the quiz and passed it; ok is
// false when either count is hidden (stricter than stats.Rate: a rate
// over a shown number of takers would give away a hidden number of
// passes).
func (s ModuleStats) PassRate() (pct int, ok bool) {
	rate, ok := stats.Rate(s.Passed, s.Taken)
	if !ok || s.Passed.Hidden() {
		return 0, false
	}
	// A pass counted inside the window may follow a first round before
	// it, so the rate is capped.
	return min(100, int(rate*100)), true
}

// Missed is how often one question was answered wrongly, in any language.
type Missed struct {
	Module   ModuleID
	Question QuestionID
	Count    stats.Count
}
