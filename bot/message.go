// Package bot is the Telegram adapter: it takes updates in (long polling or
// webhook), keeps one chat's updates in order across replicas, and sends
// everything out through one Sender that honours Telegram's limits.
//
// The rest of the program talks to it in the terms defined here (Incoming,
// Outgoing, Keyboard) and never sees the Bot API's wire format.
package bot

import (
	"time"

	"github.com/peerbot/peerbot/people"
)

// Kind says what an incoming update is.
type Kind int

// The kinds of incoming update the flows distinguish.
const (
	KindOther     Kind = iota // anything the bot does not handle (sticker, voice, file...)
	KindText                  // a text message that is not a command
	KindCommand               // a /command, with Command and Payload set
	KindCallback              // a button press, with CallbackData set
	KindBlocked               // the person blocked the bot (my_chat_member)
	KindUnblocked             // the person unblocked the bot (my_chat_member)
	KindPhoto                 // a photo, with Photo set (its caption is dropped)
	KindLocation              // a shared location, with Location set
)

// Location is a point a person shared. Flows use it at once and never
// store or log it.
type Location struct {
	Lat, Lon float64
}

// Incoming is one update from a private chat, reduced to what flows need.
// It deliberately carries no name, username or phone.
type Incoming struct {
	UpdateID int64
	Chat     people.ChatID
	// From is the private chat of the person who wrote the message or
	// pressed the button: in a group, who it was (to look their profile
	// up); in a private chat, the same as Chat. Like Chat, never stored or
	// logged in clear.
	From    people.ChatID
	Kind    Kind
	Text    string // message text (KindText)
	Command string // command without slash and bot name, lower case (KindCommand)
	Payload string // text after the command, e.g. the /start deep-link payload
	// Photo is the file_id of a photo's largest size (KindPhoto): only the
	// alert composer keeps it, as the photo of a drug sample.
	Photo string
	// Location is set for KindLocation.
	Location *Location `json:",omitempty"`
	// CallbackID and CallbackData are set for KindCallback.
	CallbackID   string
	CallbackData string
	// MessageID is the message the update is about: the message pressed for a
	// callback, the person's own message otherwise.
	MessageID int
	// LanguageCode is Telegram's IETF language tag of the person's app.
	LanguageCode string
	// Private is false for groups and channels.
	Private bool
}

// ParseMode is how Telegram parses message text.
type ParseMode string

// Parse modes. Plain text needs no escaping at all.
const (
	Plain      ParseMode = ""
	HTML       ParseMode = "HTML"
	MarkdownV2 ParseMode = "MarkdownV2"
)

// Button is one inline keyboard button: a callback button when Data is set,
// a link button when URL is set.
type Button struct {
	Text string
	Data string
	URL  string
}

// Keyboard is an inline keyboard, row by row.
type Keyboard [][]Button

// Outgoing is a message to send or, with EditMessageID, an edit of one.
type Outgoing struct {
	Chat people.ChatID
	// Photo, a Telegram file_id or an http(s) URL, sends a photo with Text
	// as its caption (at most MaxCaption characters). With EditMessageID it
	// says the message is a photo: its caption is edited, the photo stays.
	Photo string
	// PhotoData, instead of Photo, uploads these bytes (a JPEG or PNG) as the
	// photo: reports' photos stripped of metadata, staff charts.
	PhotoData []byte
	Text      string
	ParseMode ParseMode
	Keyboard  Keyboard
	// Silent sends without sound (discreet mode at night).
	Silent bool
	// EditMessageID edits that message in place instead of sending a new one.
	EditMessageID int
	// Priority orders sends when the limiter is busy.
	Priority Priority
	// PaidBroadcast lets Telegram charge Stars to exceed the free broadcast
	// rate (allow_paid_broadcast); only broadcasts set it.
	PaidBroadcast bool
	// AskLocation, when set, replaces the inline Keyboard with a keyboard
	// under the text field: a button with this text that shares the
	// location once, and a second one with CancelText, if set.
	AskLocation string
	CancelText  string
	// RemoveKeyboard removes such a keyboard (when there is no inline
	// Keyboard to send).
	RemoveKeyboard bool
	// DeleteAfter, when set, schedules the sent message for deletion
	// (discreet mode). It must stay under 48 hours, Telegram's limit.
	DeleteAfter time.Duration
}

// Priority orders outgoing traffic: replies to people first, then alerts,
// then campaigns.
type Priority int

// Priorities, highest first.
const (
	PriorityReply Priority = iota
	PriorityAlert
	PriorityCampaign
)
