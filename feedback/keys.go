package feedback

import (
	"encoding/hex"
	"strconv"
	"time"
)

// Keyed is an HMAC under a key derived from the deployment secret
// (privacy.Sealer.Keyed).
type Keyed func(purpose string, parts ...string) []byte

// Keys derives the Redis keys that hold a person to a few feedback a day
// and one answer per survey. Each is a keyed hash of the person's chat key
// with the day or the survey: without the deployment secret it cannot be
// matched to anyone, and it expires (end of the day, close of the survey).
type Keys struct{ Keyed Keyed }

// Daily is the anti-spam counter key of a person (their chat key) for the
// day of now.
func (k Keys) Daily(chatKey string, now time.Time) string {
	day := Day(now).Format(time.DateOnly)
	return "fbday:" + day + ":" + hex.EncodeToString(k.Keyed("feedback/daily", day, chatKey)[:16])
}

// SurveyPrefix starts every answer key of a survey, so they can all be
// deleted when it closes.
func SurveyPrefix(id SurveyID) string { return "svans:" + strconv.FormatInt(int64(id), 10) + ":" }

// Answered is the key saying that a person answered a survey.
func (k Keys) Answered(id SurveyID, chatKey string) string {
	sid := strconv.FormatInt(int64(id), 10)
	return SurveyPrefix(id) + hex.EncodeToString(k.Keyed("feedback/survey-answer", sid, chatKey)[:16])
}
