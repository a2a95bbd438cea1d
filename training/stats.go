package training

import (
	"time"

	"github.com/peerbot/peerbot/privacy"
)

// Stats is how training goes, for organisations' staff. It is built from
// day-coarsened counters that hold no person ids, and every count under
// privacy.MinCount shows as "fewer than 5".
type Stats struct {
	Since  time.Time     // the first day counted
	Rows   []ModuleStats // per module and language, in catalog order then language
	Missed []Missed      // the most missed questions, most first
}

// ModuleStats counts one module in one language.
type ModuleStats struct {
	Module ModuleID
	Lang   string
	Starts privacy.Count // people who opened the module
	Taken  privacy.Count // people who finished a quiz round
	Passed privacy.Count // people who passed (completions)
}

// PassRate is the percent of people who took the quiz and passed it; ok is
// false when either count is too small to show.
func (s ModuleStats) PassRate() (pct int, ok bool) {
	if s.Taken.Small() || s.Passed.Small() {
		return 0, false
	}
	// A pass counted inside the window may follow a first round before
	// it, so the rate is capped.
	return min(100, int(s.Passed)*100/int(s.Taken)), true
}

// Missed is how often one question was answered wrongly, in any language.
type Missed struct {
	Module   ModuleID
	Question QuestionID
	Count    privacy.Count
}
