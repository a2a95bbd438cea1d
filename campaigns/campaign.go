// Package campaigns is the domain of campaigns: messages an organisation
// broadcasts to the segment of people it chooses (regions, languages, roles
// in the organisation, substance groups), in several languages, with an
// optional photo and link buttons, now or at a time, outside quiet hours in
// each person's time zone.
//
// Nothing here talks to a database, to HTTP or to Telegram: the postgres
// package stores campaigns and plans their deliveries, the broadcast engine
// sends them, the api package and the flows offer them to organisations.
package campaigns

import (
	"errors"
	"time"

	"github.com/peerbot/peerbot/orgs"
)

// CampaignID is the internal identifier of a campaign.
type CampaignID int64

// Status is where a campaign stands.
type Status string

// The statuses, in the order a campaign goes through them.
const (
	// Draft: being prepared; nothing is sent.
	Draft Status = "draft"
	// Scheduled: waiting for its send time.
	Scheduled Status = "scheduled"
	// Sending: its deliveries are planned and going out.
	Sending Status = "sending"
	// Sent: nothing is left pending.
	Sent Status = "sent"
	// Cancelled: stopped before or while sending; what was pending is
	// skipped.
	Cancelled Status = "cancelled"
)

// Default quiet hours, in each person's local time: nobody gets a campaign
// from 21:00 until 9:00.
const (
	DefaultQuietStart = 21
	DefaultQuietEnd   = 9
)

// Button is a link button under the message.
type Button struct {
	// Text is the label per language; a person whose language has none
	// gets the default language's.
	Text map[string]string `json:"text"`
	URL  string            `json:"url"`
}

// Segment says whom a campaign reaches: people who match every non-empty
// part. Empty parts select everyone.
type Segment struct {
	// Regions are ISO 3166-2 region or country codes; a country reaches its
	// regions and a region reaches people who follow its whole country.
	// Empty: the organisation's regions, or everyone when it has none.
	Regions []string `json:"regions"`
	// Langs are the languages of the people reached.
	Langs []string `json:"langs"`
	// Roles selects members of the sending organisation with one of these
	// roles, exactly as listed (list staff and admin to reach both).
	Roles []orgs.Role `json:"roles"`
	// Groups selects people who follow at least one of these substance
	// groups (people.SubstanceGroups).
	Groups []string `json:"groups"`
}

// Campaign is one campaign.
type Campaign struct {
	ID     CampaignID
	Org    orgs.OrgID
	Status Status
	// Texts is the message per language, plain text (escaped when sent).
	Texts map[string]string
	// DefaultLang is what people get whose language has no text.
	DefaultLang string
	// PhotoURL, an https URL, sends a photo with the text as its caption.
	PhotoURL string
	// PhotoFileID, a Telegram file id, is a photo sent to the bot by the
	// staff member who wrote the campaign there; at most one of PhotoURL
	// and PhotoFileID is set.
	PhotoFileID string
	Buttons     []Button
	Segment     Segment
	// SendAt is when it goes out; nil while a draft.
	SendAt *time.Time
	// QuietStart and QuietEnd are hours (0–23) in each person's time zone
	// when nobody gets it: deliveries then wait until QuietEnd. Equal
	// hours mean no quiet hours.
	QuietStart, QuietEnd int
	// CreatedBy is who made it ("api:org:7", "member:42"): never a name or
	// a Telegram id.
	CreatedBy string
	CreatedAt time.Time
	// PlannedAt is when its deliveries were planned; nil until then.
	PlannedAt *time.Time
}

// Photo is the photo sent with the campaign, as Telegram takes it (a URL
// or a file id), or "".
func (c *Campaign) Photo() string {
	if c.PhotoURL != "" {
		return c.PhotoURL
	}
	return c.PhotoFileID
}

// Text returns the text a person with language lang gets, and the language
// it is in: theirs when the campaign has it, else the default language.
func (c *Campaign) Text(lang string) (text, in string) {
	if t, ok := c.Texts[lang]; ok && t != "" {
		return t, lang
	}
	return c.Texts[c.DefaultLang], c.DefaultLang
}

// Label returns a button's label for language lang: the label in that
// language, else in the default language.
func (c *Campaign) Label(b Button, lang string) string {
	if t := b.Text[lang]; t != "" {
		return t
	}
	return b.Text[c.DefaultLang]
}

// Editable reports whether the campaign can still be changed, sent or
// scheduled: only drafts and scheduled campaigns that have not gone out.
func (c *Campaign) Editable() bool {
	return c.Status == Draft || c.Status == Scheduled
}

// Stats says how far a campaign's delivery has got, counted in people. A
// campaign not planned yet has zero stats.
type Stats struct {
	Recipients int `json:"recipients"` // people it was planned for
	Sent       int `json:"sent"`       // delivered
	Failed     int `json:"failed"`     // Telegram refused for good
	Blocked    int `json:"blocked"`    // the person blocked the bot or left Telegram
	Pending    int `json:"pending"`    // not yet delivered (waiting for quiet hours to end, or queued)
	Skipped    int `json:"skipped"`    // the person stopped broadcasts, or the campaign was cancelled, before it went out
}

// Errors. Adapters return these (wrapped) so callers can tell them apart.
var (
	// ErrNotFound: no campaign of that organisation matches.
	ErrNotFound = errors.New("campaign not found")
	// ErrNotEditable: the campaign has gone out or was cancelled.
	ErrNotEditable = errors.New("the campaign has already been sent or cancelled")
)
