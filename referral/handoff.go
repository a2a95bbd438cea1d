package referral

import (
	"errors"
	"strings"
	"time"

	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
)

// ConversationID identifies a peer-worker conversation.
type ConversationID int64

// ConversationState is where a conversation is.
type ConversationState string

// The states of a conversation.
const (
	// Waiting: posted in an organisation's staff groups, not claimed yet.
	Waiting ConversationState = "waiting"
	// Claimed: a worker claimed it; the bot relays messages both ways.
	Claimed ConversationState = "claimed"
	// Closed: either side closed it.
	Closed ConversationState = "closed"
)

// Conversation is a request for a peer worker and, once claimed, the
// conversation relayed between the person and the worker.
type Conversation struct {
	ID          ConversationID
	Person      people.PersonID
	PersonChat  people.ChatID
	Worker      people.PersonID // 0 until claimed
	WorkerChat  people.ChatID
	WorkerAlias string
	Org         orgs.OrgID
	Need        Need
	Region      string
	Lang        string // the person's
	State       ConversationState
	Escalated   bool
	Reminded    bool
	CreatedAt   time.Time
	RoutedAt    time.Time
	ClaimedAt   time.Time
}

// Errors of the hand-off.
var (
	// ErrNotFound: no such conversation (it may have been forgotten).
	ErrNotFound = errors.New("conversation not found")
	// ErrTaken: another worker claimed it first, or it was closed.
	ErrTaken = errors.New("conversation already claimed or closed")
	// ErrNoRoute: no rule routes the request and there is no fallback.
	ErrNoRoute = errors.New("no organisation takes this request")
	// ErrOpenAlready: the person has an open conversation already.
	ErrOpenAlready = errors.New("an open conversation exists already")
)

// MaxAliasLen is the longest display name a worker may choose.
const MaxAliasLen = 32

// CleanAlias checks a worker's chosen display name: one line, 1 to
// MaxAliasLen characters.
func CleanAlias(s string) (string, bool) {
	s = strings.TrimSpace(s)
	n := len([]rune(s))
	if n == 0 || n > MaxAliasLen || strings.ContainsAny(s, "\n\r") || strings.HasPrefix(s, "/") {
		return "", false
	}
	return s, true
}

// pseudonymAlphabet leaves out letters and digits that are easy to mix up
// (0/O, 1/I/L, 5/S, 8/B, 2/Z).
const pseudonymAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

// Pseudonym turns a keyed digest of a conversation into the short name
// workers see, such as "K7Q": stable for the conversation, unlinkable to
// the person without the deployment secret, and different in each of
// their conversations.
func Pseudonym(digest []byte) string {
	var b strings.Builder
	for i := 0; i < 3 && i < len(digest); i++ {
		b.WriteByte(pseudonymAlphabet[int(digest[i])%len(pseudonymAlphabet)])
	}
	return b.String()
}

// Rule routes requests for a region and a need to an organisation. An
// empty Region or Need matches any; Fallback rules take what nothing else
// matches, and requests left unclaimed.
type Rule struct {
	ID       int64
	Region   string
	Need     Need
	Org      orgs.OrgID
	Fallback bool
}

// Route picks the organisation for a request: the most specific rule that
// matches (region and need, then region, then the region's country and
// need, then the country, then the need, then any), else the fallback.
// countryOf gives the country code of a region ("" when unknown).
func Route(rules []Rule, region string, need Need, countryOf func(string) string) (orgs.OrgID, bool) {
	country := countryOf(region)
	best, bestScore := orgs.OrgID(0), 0
	for _, r := range rules {
		if r.Fallback {
			continue
		}
		score := 0
		switch {
		case r.Region == "":
			score = 1
		case r.Region == region:
			score = 5
		case r.Region == country && country != "":
			score = 3
		default:
			continue
		}
		switch {
		case r.Need == "":
		case r.Need == need:
			score++
		default:
			continue
		}
		if score > bestScore {
			best, bestScore = r.Org, score
		}
	}
	if bestScore > 0 {
		return best, true
	}
	return Fallback(rules)
}

// Fallback is the fallback organisation, if a rule names one.
func Fallback(rules []Rule) (orgs.OrgID, bool) {
	for _, r := range rules {
		if r.Fallback {
			return r.Org, true
		}
	}
	return 0, false
}

// Timing of the worker loop.
type Timing struct {
	// Remind is how long a request waits unclaimed before the staff
	// groups are reminded; twice this, it goes to the fallback.
	Remind time.Duration
	// FollowUp is how long after closing the person is asked whether they
	// got what they needed.
	FollowUp time.Duration
	// Retention is how long after closing a conversation (and its sealed
	// chats) is kept; at least FollowUp.
	Retention time.Duration
}

// DefaultTiming are the defaults of the worker loop.
var DefaultTiming = Timing{Remind: 10 * time.Minute, FollowUp: 2 * time.Hour, Retention: 7 * 24 * time.Hour}

// Outcome is a person's answer to the follow-up question.
type Outcome string

// The follow-up answers.
const (
	GotYes    Outcome = "yes"
	GotPartly Outcome = "partly"
	GotNo     Outcome = "no"
)

// Valid reports whether o is one of the answers.
func (o Outcome) Valid() bool { return o == GotYes || o == GotPartly || o == GotNo }
