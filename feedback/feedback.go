// Package feedback holds anonymous feedback, community reports of bad
// batches and surveys, and the reports organisations read about them.
//
// Anonymous by construction: nothing here carries a person id, a chat id or
// a pseudonym, and times are kept to the day. What must still be tied to a
// person for a while (at most a few feedback a day, one answer per survey)
// is an expiring keyed hash in Redis (see Keys), never a database column.
package feedback

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// SubjectKind says what feedback is about.
type SubjectKind string

// The kinds of subject.
const (
	SubjectService  SubjectKind = "service"
	SubjectBot      SubjectKind = "bot"
	SubjectModule   SubjectKind = "module"
	SubjectCampaign SubjectKind = "campaign"
)

// SubjectKinds lists the kinds in the order the bot offers them.
var SubjectKinds = []SubjectKind{SubjectService, SubjectBot, SubjectModule, SubjectCampaign}

// Valid reports whether k is one of SubjectKinds.
func (k SubjectKind) Valid() bool {
	for _, s := range SubjectKinds {
		if s == k {
			return true
		}
	}
	return false
}

// Subject is what feedback is about, kept generic so that later features
// (referral's services, training's modules) can point at their own things:
// a kind and that thing's id as text ("" for "other" or the bot).
type Subject struct {
	Kind SubjectKind
	ID   string
}

// MaxSubjectID bounds a subject id; it also travels in callback data.
const MaxSubjectID = 24

// MaxComment is the longest comment or typed survey answer, in characters.
const MaxComment = 1000

// MaxPerDay is how many feedback or bad-batch reports one person may give
// in a day: enough for anyone with something to say, too few to flood.
const MaxPerDay = 5

// Entry is one rating with an optional comment.
type Entry struct {
	Day     time.Time // the day it was given (UTC midnight)
	Subject Subject
	// Org is the organisation the subject belongs to (0 for none), which
	// may read the entry in its reports.
	Org     int64
	Rating  int
	Comment string
	Lang    string
	Region  string // the person's first region, or ""
}

// ValidationError names the field that is wrong.
type ValidationError struct {
	Field   string
	Problem string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Problem }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// Validate checks an entry before it is stored.
func (e *Entry) Validate() error {
	switch {
	case !e.Subject.Kind.Valid():
		return invalid("subject_kind", "must be one of service, bot, module, campaign")
	case len(e.Subject.ID) > MaxSubjectID:
		return invalid("subject_id", "at most %d bytes", MaxSubjectID)
	case e.Rating < 1 || e.Rating > 5:
		return invalid("rating", "must be from 1 to 5")
	case CommentTooLong(e.Comment):
		return invalid("comment", "at most %d characters", MaxComment)
	case e.Lang == "":
		return invalid("lang", "is required")
	}
	return nil
}

// CommentTooLong reports whether a typed text is over MaxComment characters.
func CommentTooLong(s string) bool { return utf8.RuneCountInString(s) > MaxComment }

// CleanText trims a typed text and drops control characters other than
// line breaks and tabs; it is stored and shown as data, never as markup.
func CleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// Day is t's day in UTC: the only time kept about anything a person says.
func Day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// EndOfDay is when t's UTC day ends: daily anti-spam keys expire then.
func EndOfDay(t time.Time) time.Time { return Day(t).AddDate(0, 0, 1) }

// ErrNotFound is returned for a survey or report that does not exist (or
// belongs to another organisation).
var ErrNotFound = errors.New("not found")

// ErrClosed is returned for an answer to a survey no longer open.
var ErrClosed = errors.New("survey closed")

// Option is one subject a person may give feedback about: a service
// (organisation), a campaign, a module.
type Option struct {
	ID    string
	Label string
	Org   int64
}
