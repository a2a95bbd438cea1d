package feedback

import (
	"slices"
	"time"
)

// ReportID identifies a community report of a bad batch.
type ReportID int64

// Effect is something that happened after taking a bad batch.
type Effect string

// The effects people can report, in the order the bot offers them.
const (
	EffectDrowsiness Effect = "drowsiness"
	EffectOverdose   Effect = "overdose"
	EffectNaloxone   Effect = "naloxone"
	EffectWounds     Effect = "wounds"
	EffectUnusual    Effect = "unusual"
	EffectOther      Effect = "other"
)

// Effects lists every effect.
var Effects = []Effect{EffectDrowsiness, EffectOverdose, EffectNaloxone, EffectWounds, EffectUnusual, EffectOther}

// When says when it happened, relative to the report's day.
type When string

// The choices of when.
const (
	WhenToday     When = "today"
	WhenYesterday When = "yesterday"
	WhenWeek      When = "week"
)

// Whens lists the choices in order.
var Whens = []When{WhenToday, WhenYesterday, WhenWeek}

// SoldAsOther is what a batch was sold as when none of the offered
// substances fits.
const SoldAsOther = "other"

// SoldAsChoices are the substance ids (content/substances.yaml) offered as
// "what it was sold as": what street drugs are sold as, not what labs find.
var SoldAsChoices = []string{"heroin", "fentanyl", "cocaine", "amphetamine", "methamphetamine", "mdma",
	"ketamine", "cathinones", "benzodiazepines", "synthetic-cannabinoids"}

// Status is where a report stands in the review queue.
type Status string

// The statuses.
const (
	StatusNew     Status = "new"
	StatusDrafted Status = "drafted" // staff turned it into an alert draft
)

// BatchReport is one community report of a bad batch.
type BatchReport struct {
	ID       ReportID
	Day      time.Time
	SoldAs   string
	Effects  []Effect
	Region   string
	Happened When
	Lang     string
	// Photo is the re-encoded JPEG (see StripPhoto), nil for none.
	Photo []byte
	// PhotoFileID is the Telegram file id of the photo once posted.
	PhotoFileID string
	Status      Status
}

// Validate checks a report before it is stored.
func (r *BatchReport) Validate() error {
	if r.SoldAs == "" || len(r.SoldAs) > 64 {
		return invalid("sold_as", "is required, at most 64 bytes")
	}
	for _, e := range r.Effects {
		if !slices.Contains(Effects, e) {
			return invalid("effects", "unknown effect %q", e)
		}
	}
	if !slices.Contains(Whens, r.Happened) {
		return invalid("happened", "must be today, yesterday or week")
	}
	if r.Lang == "" {
		return invalid("lang", "is required")
	}
	return nil
}
