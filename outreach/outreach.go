// Package outreach is the domain of the outreach log: the shifts peer
// workers record (contacts, materials given, referrals, overdoses
// responded to), the named hotspots of their organisation, and the monthly
// aggregates organisations report to funders.
//
// Entries belong to the organisation. A shift is linked to the peer who
// logged it only so they can see their own totals; /forget removes that
// link and the note, and keeps the numbers the organisation relies on.
// Nothing here talks to a database, Telegram or HTTP.
package outreach

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
)

// EntryID is the internal identifier of a logged shift.
type EntryID int64

// HotspotID is the internal identifier of a hotspot.
type HotspotID int64

// Material is a kind of harm-reduction material given out.
type Material string

// The materials a shift records, in the order menus, charts and the CSV
// show them.
const (
	Syringes     Material = "syringes" // syringes and needles
	Foil         Material = "foil"
	Pipes        Material = "pipes"
	NaloxoneKits Material = "naloxone_kits"
	Condoms      Material = "condoms"
	TestStrips   Material = "test_strips"
)

// Materials lists every material in display order.
var Materials = []Material{Syringes, Foil, Pipes, NaloxoneKits, Condoms, TestStrips}

// Valid reports whether m is one of Materials.
func (m Material) Valid() bool {
	for _, x := range Materials {
		if x == m {
			return true
		}
	}
	return false
}

// Need is what a person was referred for. The list is the one referral
// requests use; it lives here until a shared package holds it.
type Need string

// The needs, in display order.
const (
	NeedNaloxone     Need = "naloxone"
	NeedNSP          Need = "nsp" // needle and syringe programme
	NeedOST          Need = "ost" // opioid substitution
	NeedDrugChecking Need = "drug_checking"
	NeedTesting      Need = "testing" // HIV and hepatitis testing and treatment
	NeedDCR          Need = "dcr"     // drug consumption room
	NeedShelter      Need = "shelter" // shelter and housing
	NeedFood         Need = "food"
	NeedLegal        Need = "legal"
	NeedMentalHealth Need = "mental_health"
	NeedTreatment    Need = "treatment" // detox and treatment
	NeedEmergency    Need = "emergency"
)

// Needs lists every need in display order.
var Needs = []Need{NeedNaloxone, NeedNSP, NeedOST, NeedDrugChecking, NeedTesting, NeedDCR,
	NeedShelter, NeedFood, NeedLegal, NeedMentalHealth, NeedTreatment, NeedEmergency}

// Valid reports whether n is one of Needs.
func (n Need) Valid() bool {
	for _, x := range Needs {
		if x == n {
			return true
		}
	}
	return false
}

// Limits of one shift's entry. They catch typos ("2000" for "20"), not
// busy shifts.
const (
	MaxCount   = 10000 // any one number
	MaxNoteLen = 500   // characters
	// MaxAge is how far back a shift may be dated.
	MaxAge = 62 * 24 * time.Hour
)

// Entry is one logged shift.
type Entry struct {
	ID  EntryID
	Org orgs.OrgID
	// Peer logged the shift. The store keeps only a keyed hash of it, for
	// the peer's own totals, and drops even that on /forget.
	Peer people.PersonID
	// Date is the day of the shift (midnight UTC of that calendar day).
	Date time.Time
	// Where: a hotspot of the organisation, or else a region code.
	Hotspot   HotspotID
	Region    string
	Contacts  int
	Materials map[Material]int
	Referrals map[Need]int
	// Overdoses responded to, and times naloxone was given.
	Overdoses int
	Naloxone  int
	// Note is free text without names or phone numbers (see CheckNote).
	Note string
}

// Errors. Adapters return these (wrapped) so callers can tell them apart.
var (
	// ErrInvalid: a value breaks a rule; the wrapping error says which.
	ErrInvalid = errors.New("invalid")
	// ErrNotFound: no hotspot of the organisation matches.
	ErrNotFound = errors.New("hotspot not found")
	// ErrHotspotTaken: the organisation has a hotspot with that label.
	ErrHotspotTaken = errors.New("the organisation has a hotspot with that label already")
)

// regionCode is the shape of an ISO 3166-2 code or a bare country code.
var regionCode = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,3})?$`)

// Day returns midnight UTC of t's calendar day in t's location.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Validate checks an entry about to be saved at now. Whether the region
// is one the bot knows and the hotspot the organisation's is the caller's
// to check.
func (e *Entry) Validate(now time.Time) error {
	if e.Org == 0 {
		return fmt.Errorf("%w: no organisation", ErrInvalid)
	}
	today := Day(now)
	switch {
	case e.Date.IsZero() || !e.Date.Equal(Day(e.Date)):
		return fmt.Errorf("%w: date must be a calendar day", ErrInvalid)
	case e.Date.After(today.Add(24 * time.Hour)): // a day of slack for time zones
		return fmt.Errorf("%w: date is in the future", ErrInvalid)
	case e.Date.Before(today.Add(-MaxAge)):
		return fmt.Errorf("%w: date is more than %d days ago", ErrInvalid, int(MaxAge/(24*time.Hour)))
	}
	if (e.Hotspot == 0) == (e.Region == "") {
		return fmt.Errorf("%w: give a hotspot or a region, not both or neither", ErrInvalid)
	}
	if e.Region != "" && !regionCode.MatchString(e.Region) {
		return fmt.Errorf("%w: region %q is not an ISO 3166-2 code", ErrInvalid, e.Region)
	}
	for what, n := range map[string]int{"contacts": e.Contacts, "overdoses": e.Overdoses, "naloxone": e.Naloxone} {
		if n < 0 || n > MaxCount {
			return fmt.Errorf("%w: %s must be between 0 and %d", ErrInvalid, what, MaxCount)
		}
	}
	for m, n := range e.Materials {
		if !m.Valid() {
			return fmt.Errorf("%w: unknown material %q", ErrInvalid, m)
		}
		if n < 0 || n > MaxCount {
			return fmt.Errorf("%w: %s must be between 0 and %d", ErrInvalid, m, MaxCount)
		}
	}
	for need, n := range e.Referrals {
		if !need.Valid() {
			return fmt.Errorf("%w: unknown need %q", ErrInvalid, need)
		}
		if n < 0 || n > MaxCount {
			return fmt.Errorf("%w: referrals for %s must be between 0 and %d", ErrInvalid, need, MaxCount)
		}
	}
	if utf8.RuneCountInString(e.Note) > MaxNoteLen {
		return fmt.Errorf("%w: the note is longer than %d characters", ErrInvalid, MaxNoteLen)
	}
	// The context-free half of CheckNote: which capitalised words are
	// places (hotspots, regions) is the caller's to know, and it checks
	// the whole note with them before it gets here.
	return checkNoteShape(e.Note)
}

// Hotspot is a named place where an organisation's peers work: a square,
// a station, a park. Its label names a place, never a person.
type Hotspot struct {
	ID     HotspotID
	Org    orgs.OrgID
	Label  string
	Region string // ISO 3166-2 code, may be ""
}

// MaxLabelLen is the longest hotspot label, in characters: it must fit a
// button.
const MaxLabelLen = 40

// Validate checks the label and the shape of the region.
func (h *Hotspot) Validate() error {
	label := strings.TrimSpace(h.Label)
	switch {
	case label == "":
		return fmt.Errorf("%w: the label is empty", ErrInvalid)
	case label != h.Label:
		return fmt.Errorf("%w: the label starts or ends with spaces", ErrInvalid)
	case utf8.RuneCountInString(label) > MaxLabelLen:
		return fmt.Errorf("%w: the label is longer than %d characters", ErrInvalid, MaxLabelLen)
	case strings.ContainsAny(label, "\n\r\t"):
		return fmt.Errorf("%w: the label is one line", ErrInvalid)
	}
	if findPhone(label) {
		return fmt.Errorf("%w: the label looks like a phone number", ErrInvalid)
	}
	if h.Region != "" && !regionCode.MatchString(h.Region) {
		return fmt.Errorf("%w: region %q is not an ISO 3166-2 code such as PT-11", ErrInvalid, h.Region)
	}
	return nil
}
