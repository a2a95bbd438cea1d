// Package people holds the domain model of a person who uses the bot: their
// language, consent, regions, alert preferences and discreet-mode settings.
//
// Nothing here identifies anyone: there is no name, username or phone, and
// the chat id only ever appears as the typed ChatID that adapters encrypt at
// rest and look up by a keyed hash.
package people

import (
	"errors"
	"time"
)

// PersonID is the internal, meaningless identifier of a person.
type PersonID int64

// ChatID is a Telegram chat id. It is needed to deliver messages and must
// never be logged or stored in clear text.
type ChatID int64

// MaxDeleteAfterHours is the longest discreet-mode delay: Telegram lets a bot
// delete its own messages only while they are younger than 48 hours.
const MaxDeleteAfterHours = 47

// Discreet holds the discreet-mode settings.
type Discreet struct {
	// DeleteAfterHours deletes every message the bot sends after this many
	// hours; 0 means off.
	DeleteAfterHours int
	// QuietNights sends broadcasts without sound at night in the person's
	// first region's time zone.
	QuietNights bool
}

// Person is one person's profile.
type Person struct {
	ID   PersonID
	Lang string // chosen language, "" until chosen
	// ConsentedAt is when the person agreed to the privacy notice.
	ConsentedAt *time.Time
	Regions     []string // ISO 3166-2 codes (or country codes)
	// SubstanceGroups the person wants information and caution alerts about;
	// warnings reach everyone in the region regardless.
	SubstanceGroups []string
	OnboardedAt     *time.Time
	Discreet        Discreet
	// BroadcastsStopped is set by /stop: no alerts or campaigns.
	BroadcastsStopped bool
	// CampaignsMuted: no campaigns from organisations; alerts still come.
	CampaignsMuted bool
	// Active is false while the person has blocked the bot.
	Active bool
}

// Consented reports whether the person agreed to the privacy notice.
func (p *Person) Consented() bool { return p.ConsentedAt != nil }

// Onboarded reports whether the person finished onboarding.
func (p *Person) Onboarded() bool { return p.OnboardedAt != nil }

// Forgotten says what /forget deleted, so the bot can tell the person.
type Forgotten struct {
	Profile         bool // language, consent, settings
	Regions         int
	SubstanceGroups int
	// PendingDeletions is the number of discreet-mode deletions cancelled.
	PendingDeletions int
	// Memberships is the number of organisations the person belonged to.
	Memberships int
	// PartnerLink is true when the person composed alerts for a
	// drug-checking partner, and that link was deleted.
	PartnerLink bool
	// TrainingModules is the number of training modules whose progress
	// (and completion code) was deleted.
	TrainingModules int
	// OutreachShifts is the number of outreach shifts the person logged
	// that were unlinked from them, their notes deleted; the organisation
	// keeps the numbers.
	OutreachShifts int
	// Referrals is the number of peer-worker conversations deleted (the
	// person's own) or left (as the worker, who is taken off them).
	Referrals int
	// ConversationState is true when an unfinished conversation step was dropped.
	ConversationState bool
}

// ErrNotFound is returned when no person matches.
var ErrNotFound = errors.New("person not found")

// SubstanceGroups are the groups a person can follow for information and
// caution alerts, in the order menus show them. Alerts name substances; the
// alert vocabulary maps each substance to one of these groups.
var SubstanceGroups = []string{"opioids", "stimulants", "mdma", "sedatives", "dissociatives", "psychedelics", "cannabinoids"}

// Night is when quiet nights apply, in the person's local time: from
// NightStarts (inclusive) to NightEnds (exclusive).
const (
	NightStarts = 22
	NightEnds   = 7
)

// SilentAt reports whether a broadcast should arrive without sound when it
// is localHour o'clock where the person is.
func (p *Person) SilentAt(localHour int) bool {
	return p.Discreet.QuietNights && IsNight(localHour)
}

// IsNight reports whether localHour o'clock is night, when quiet nights
// apply.
func IsNight(localHour int) bool { return localHour >= NightStarts || localHour < NightEnds }
