package privacy

import (
	"encoding/json"
	"strconv"
)

// MinCount is the smallest count any report or stats shows as a number:
// fewer people than this could be told apart, so they show as
// "fewer than 5".
const MinCount = 5

// Count is a number of people (or of things people did) in a report. Under
// MinCount it is shown as "fewer than 5", never as its value.
type Count int

// Small reports whether the count must not be shown as a number.
func (c Count) Small() bool { return c < MinCount }

// String is the count, or "fewer than 5".
func (c Count) String() string {
	if c.Small() {
		return "fewer than " + strconv.Itoa(MinCount)
	}
	return strconv.Itoa(int(c))
}

// MarshalJSON writes the number, or the string "fewer than 5".
func (c Count) MarshalJSON() ([]byte, error) {
	if c.Small() {
		return json.Marshal(c.String())
	}
	return []byte(strconv.Itoa(int(c))), nil
}
