// Package broadcast is the delivery engine shared by alerts, campaigns and
// surveys: it takes planned deliveries from a ledger (one row per recipient,
// kept in PostgreSQL), sends them through the one Telegram sender within the
// shared limits, and records each outcome in the ledger, so that a crash or a
// restart resumes where it stopped with nothing lost.
//
// Every replica runs an Engine. Engines claim batches of due deliveries
// (the store uses FOR UPDATE SKIP LOCKED, so no two claim the same row);
// a claim is a lease that lapses if its replica dies, and another replica
// then takes the row. Alerts go before campaigns at every step: in the
// order rows are claimed, in the engine's queues, and in the limiter's
// lanes.
//
// The package holds no infrastructure; the ledger (Store), what is sent
// (Content) and the sender are interfaces implemented elsewhere.
package broadcast

import (
	"context"
	"time"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/people"
)

// ID identifies one broadcast run.
type ID int64

// Kind says what a broadcast delivers.
type Kind string

// The kinds of broadcast.
const (
	KindAlert    Kind = "alert"
	KindCampaign Kind = "campaign"
	// KindExpiry edits the messages of an alert that has expired so they
	// say so; its subject is the alert's last version.
	KindExpiry Kind = "expiry"
	// KindSurvey sends an organisation's survey with an Answer button; its
	// subject is the survey's id.
	KindSurvey Kind = "survey"
)

// Action is what a delivery does in the person's chat.
type Action int

// The actions. Edits are how a corrected or withdrawn alert reaches the
// people who already have it.
const (
	// Send sends new messages.
	Send Action = iota
	// Edit edits the messages of an earlier delivery in place.
	Edit
	// EditFollowUp edits them and then sends a short follow-up, so the
	// change makes a notification (severity rose, alert withdrawn).
	EditFollowUp
	// FollowUp sends the follow-up only: the earlier messages are too old
	// to edit.
	FollowUp
)

// State is where a delivery stands in the ledger.
type State int

// The states. Only Pending deliveries are claimed.
const (
	Pending State = iota
	Sent
	Failed      // Telegram refused it for good, or it kept failing
	Unreachable // the person blocked the bot or left Telegram
	Superseded  // a newer version replaced it before it went out
	Skipped     // the person stopped broadcasts before it went out
)

var stateNames = [...]string{"pending", "sent", "failed", "unreachable", "superseded", "skipped"}

// String returns the state's name, as used in metrics.
func (s State) String() string {
	if s >= 0 && int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "unknown"
}

// Delivery is one claimed row of the ledger: a message (or an edit) for one
// person, with what the engine needs to send it.
type Delivery struct {
	Broadcast ID
	Kind      Kind
	// Subject is what the broadcast delivers: the alert version's id for
	// KindAlert, the campaign's for KindCampaign.
	Subject  int64
	Person   people.PersonID
	Chat     people.ChatID
	Lang     string
	Priority bot.Priority
	Action   Action
	// MessageIDs are the messages an edit changes: the photo (when the
	// alert had one) and the text, in that order.
	MessageIDs []int
	// Attempts counts claims, this one included.
	Attempts int
	// Region is the person's first region, for their time zone; QuietNights
	// and DeleteAfter are their discreet-mode settings.
	Region      string
	QuietNights bool
	DeleteAfter time.Duration
	// ClaimedAt is when this replica claimed it. A delivery that waited in
	// the queue for too long is dropped unsent: its lease may have lapsed
	// and another replica may be sending it.
	ClaimedAt time.Time
}

// Result is the outcome of one delivery, to record in the ledger.
type Result struct {
	Broadcast ID
	Person    people.PersonID
	State     State
	// MessageIDs are the messages a Send created (photo, text), to edit
	// later; nil keeps what the ledger has (edits, failures).
	MessageIDs []int
	// NextAt is when a delivery left Pending may be claimed again: later
	// for a retry, now for a delivery released unsent at shutdown.
	NextAt time.Time
}

// Store is the delivery ledger.
type Store interface {
	// Claim leases up to limit due pending deliveries of one priority,
	// oldest first, for lease. Rows of people who have since stopped
	// broadcasts or blocked the bot are settled as Skipped or Unreachable
	// by the claim itself and not returned.
	Claim(ctx context.Context, prio bot.Priority, limit int, lease time.Duration) ([]Delivery, error)
	// Record writes outcomes. A result for a row that is no longer Pending
	// (another replica got there first) changes nothing.
	Record(ctx context.Context, results []Result) error
}

// Planner turns published alerts (and due campaigns) into ledger rows.
type Planner interface {
	// PlanPending plans every broadcast that is due and not planned yet,
	// and returns how many it planned.
	PlanPending(ctx context.Context) (int, error)
}

// Messages are what a broadcast sends to people of one language. Texts use
// Telegram's HTML parse mode.
type Messages struct {
	// Photo, when set, goes first with Caption (at most 1,024 characters).
	Photo   string
	Caption string
	// Text is the message itself (at most 4,096 characters). With a photo
	// it may be empty: the photo and its caption are then the whole
	// message, and the keyboard goes under the photo.
	Text string
	// FollowUp is the short message sent after an edit that must make a
	// notification; empty when there is none.
	FollowUp string
	Keyboard bot.Keyboard
}

// Content renders what a broadcast sends, per language.
type Content interface {
	Messages(ctx context.Context, subject int64, lang string) (Messages, error)
}

// Sender sends messages to Telegram (the bot package's Sender).
type Sender interface {
	Send(ctx context.Context, out bot.Outgoing) (int, error)
}

// Planners plans with each planner in turn: alerts, then campaigns.
type Planners []Planner

// PlanPending implements Planner. It stops at the first error, with the
// count planned so far.
func (ps Planners) PlanPending(ctx context.Context) (int, error) {
	total := 0
	for _, p := range ps {
		n, err := p.PlanPending(ctx)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
