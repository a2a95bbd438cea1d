// Package stats holds the rule every report follows so that no one can be
// singled out: a count from 1 to 4 is never shown, only "fewer than 5".
package stats

import (
	"encoding/json"
	"strconv"
)

// MinShown is the smallest count shown as a number; 1 to MinShown-1 are
// suppressed. Zero is shown: it says nothing about any one person.
const MinShown = 5

// Suppressed is how a suppressed count appears in JSON and CSV.
const Suppressed = "<5"

// Count is a number of people, answers or events in one cell of a report.
type Count int

// Hidden reports whether the count is too small to show.
func (c Count) Hidden() bool { return c > 0 && c < MinShown }

// String is the count for CSV and logs: the number, or "<5".
func (c Count) String() string {
	if c.Hidden() {
		return Suppressed
	}
	return strconv.Itoa(int(c))
}

// Text is the count for people to read: the number, or fewer (a localized
// "fewer than 5") when it is hidden.
func (c Count) Text(fewer string) string {
	if c.Hidden() {
		return fewer
	}
	return strconv.Itoa(int(c))
}

// Plot is the value to draw in a chart: hidden counts are drawn as zero, and
// the chart's caption says so.
func (c Count) Plot() float64 {
	if c.Hidden() {
		return 0
	}
	return float64(c)
}

// MarshalJSON writes the number, or the string "<5" when it is hidden.
func (c Count) MarshalJSON() ([]byte, error) {
	if c.Hidden() {
		return json.Marshal(Suppressed)
	}
	return []byte(strconv.Itoa(int(c))), nil
}

// Rate is a share (0 to 1) of Of that is only shown when Of is not hidden,
// so a pass rate over 3 people does not give away who failed.
func Rate(n, of Count) (float64, bool) {
	if of <= 0 || of.Hidden() {
		return 0, false
	}
	return float64(n) / float64(of), true
}
