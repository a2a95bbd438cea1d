package alerts

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Status is where a stored alert version stands.
type Status string

// The statuses of a stored version.
const (
	// StatusReview: waiting for a moderator (partners added with review).
	StatusReview Status = "review"
	// StatusPublished: sent, or being sent, to people.
	StatusPublished Status = "published"
	// StatusRejected: a moderator refused it; it is never sent.
	StatusRejected Status = "rejected"
)

// Format says how a partner sent a version.
type Format string

// The formats an alert arrives in.
const (
	FormatJSON Format = "json" // the JSON of docs/alerts.md
	FormatCAP  Format = "cap"  // OASIS CAP 1.2 XML
	FormatBot  Format = "bot"  // composed in the Telegram bot
)

// Stored is one stored version of an alert with what Peerbot knows about
// it beyond the partner's content.
type Stored struct {
	Alert
	// ChainID is the id of the alert's first version; every version of one
	// alert shares it.
	ChainID AlertID
	// Replaces is the version an Update or a Cancel replaces; 0 for a new
	// alert.
	Replaces    AlertID
	Status      Status
	Format      Format
	PartnerName string
	ReceivedAt  time.Time
	// PublishedAt is when it was published; zero unless published.
	PublishedAt time.Time
}

// NewVersion is a validated version for the store to insert, with
// everything the store needs decided.
type NewVersion struct {
	// Alert is the content; its PartnerID is set and its ID is 0.
	Alert *Alert
	// ChainID is the chain an Update or a Cancel joins; 0 for a new alert,
	// whose chain is its own id.
	ChainID  AlertID
	Replaces AlertID
	Status   Status
	Format   Format
	// SubstanceGroups are the groups of the alert's substances, for
	// targeting.
	SubstanceGroups []string
	// Actor is who submitted it, for the audit log ("api:3").
	Actor string
	// At is when it was received, and published when Status is published.
	At time.Time
}

// Decision is a moderator's approval or rejection of a version in review.
type Decision struct {
	ID      AlertID
	Approve bool
	Actor   string // "staff:12"
	Note    string // the reason of a rejection
	At      time.Time
}

// Store keeps alert versions. Implementations report a missing alert as a
// not_found *Error and a state that forbids the change as a conflict.
type Store interface {
	// AlertByIdentifier returns a partner's version by its identifier.
	AlertByIdentifier(ctx context.Context, partner PartnerID, identifier string) (*Stored, error)
	// Alert returns a version by id.
	Alert(ctx context.Context, id AlertID) (*Stored, error)
	// Chain returns every version of a chain, oldest first.
	Chain(ctx context.Context, chain AlertID) ([]*Stored, error)
	// InsertAlert stores a version with its audit entries, and announces it
	// when published, all at once. When the partner already has a version
	// with the same identifier it returns that one and created false,
	// writing nothing. A chain that has been cancelled meanwhile is a
	// conflict.
	InsertAlert(ctx context.Context, v *NewVersion) (stored *Stored, created bool, err error)
	// Decide applies a moderator's decision to a version in review.
	Decide(ctx context.Context, d Decision) (*Stored, error)
	// ActiveAlerts returns the latest published version of every chain
	// that is live at now: not cancelled and not expired.
	ActiveAlerts(ctx context.Context, now time.Time) ([]*Stored, error)
}

// Service applies the rules of accepting, moderating and listing alerts.
type Service struct {
	store      Store
	vocabulary Vocabulary
	regions    RegionSet
	// Now is the clock; tests set it.
	Now func() time.Time
}

// NewService returns a service on store that validates alerts against the
// deployment's vocabulary and regions.
func NewService(store Store, vocabulary Vocabulary, regions RegionSet) *Service {
	return &Service{store: store, vocabulary: vocabulary, regions: regions, Now: time.Now}
}

// Submit accepts a version from a partner: it fills Sent when missing,
// validates the alert, checks that every region is within the partner's,
// resolves the references of an Update or Cancel to the partner's earlier
// versions (filling their sender and sent time from them), and stores it:
// published at once, or waiting for review when the partner is reviewed.
// The same identifier sent again returns the stored version with created
// false and changes nothing.
func (s *Service) Submit(ctx context.Context, p *Partner, a *Alert, format Format) (stored *Stored, created bool, err error) {
	if p == nil || p.Revoked() {
		return nil, false, Errorf(ErrUnauthorized, "", "the partner's token has been revoked")
	}
	now := normalTime(s.Now())
	a.ID, a.PartnerID = 0, p.ID
	if a.Sent.IsZero() {
		a.Sent = now
	}
	// A retry gets the same answer whatever changed since (a cancelled
	// chain, new partner regions): look the identifier up first.
	if a.Identifier != "" {
		existing, err := s.store.AlertByIdentifier(ctx, p.ID, a.Identifier)
		if err == nil {
			return existing, false, nil
		}
		if !IsNotFound(err) {
			return nil, false, fmt.Errorf("looking up alert %q: %w", a.Identifier, err)
		}
	}
	if err := a.Validate(s.vocabulary, s.regions); err != nil {
		return nil, false, err
	}
	for i, code := range a.Regions {
		if !p.Covers(code) {
			return nil, false, Errorf(ErrForbidden, "regions["+strconv.Itoa(i)+"]",
				"%s is outside the regions this partner may publish for (%s)", code, strings.Join(p.Regions, ", "))
		}
	}
	v := &NewVersion{Alert: a, Status: StatusPublished, Format: format, At: now,
		SubstanceGroups: s.groups(a), Actor: "api:" + strconv.FormatInt(int64(p.ID), 10)}
	if format == FormatBot {
		v.Actor = "partner:" + strconv.FormatInt(int64(p.ID), 10)
	}
	if p.Review {
		v.Status = StatusReview
	}
	if a.MsgType != MsgAlert {
		if err := s.resolve(ctx, v); err != nil {
			return nil, false, err
		}
	}
	stored, created, err = s.store.InsertAlert(ctx, v)
	if err != nil {
		return nil, false, fmt.Errorf("storing alert %q: %w", a.Identifier, err)
	}
	return stored, created, nil
}

// resolve finds the versions an Update or a Cancel references: all the
// partner's, all of one chain, none rejected, the chain not cancelled.
func (s *Service) resolve(ctx context.Context, v *NewVersion) error {
	a := v.Alert
	for i := range a.References {
		r := &a.References[i]
		field := "references[" + strconv.Itoa(i) + "].identifier"
		ref, err := s.store.AlertByIdentifier(ctx, a.PartnerID, r.Identifier)
		if IsNotFound(err) {
			return invalid(field, "you have sent no alert with the identifier %q", clip(r.Identifier))
		}
		if err != nil {
			return fmt.Errorf("looking up referenced alert %q: %w", r.Identifier, err)
		}
		switch {
		case ref.Status == StatusRejected:
			return Errorf(ErrConflict, field, "alert %q was rejected by a moderator; send a new alert instead", clip(r.Identifier))
		case v.ChainID != 0 && ref.ChainID != v.ChainID:
			return invalid(field, "%q belongs to a different alert than references[0]", clip(r.Identifier))
		}
		v.ChainID = ref.ChainID
		v.Replaces = max(v.Replaces, ref.ID)
		// The stored version is the truth about the triple CAP exports.
		r.Sender, r.Sent = ref.Sender, ref.Sent
	}
	chain, err := s.store.Chain(ctx, v.ChainID)
	if err != nil {
		return fmt.Errorf("loading alert chain %d: %w", v.ChainID, err)
	}
	if c := cancelOf(chain); c != nil {
		return Errorf(ErrConflict, "references[0].identifier", "the alert was already withdrawn by %q", clip(c.Identifier))
	}
	return nil
}

// cancelOf returns the version that cancelled a chain, nil if none did.
// A cancel waiting for review counts: two withdrawals of one alert make no
// sense, and an update after a withdrawal would undo it.
func cancelOf(chain []*Stored) *Stored {
	for _, v := range chain {
		if v.MsgType == MsgCancel && v.Status != StatusRejected {
			return v
		}
	}
	return nil
}

// groups returns the sorted substance groups of an alert's contents.
func (s *Service) groups(a *Alert) []string {
	groups := []string{}
	for _, c := range a.Contents {
		if g, ok := s.vocabulary.Group(c.Substance); ok && !slices.Contains(groups, g) {
			groups = append(groups, g)
		}
	}
	slices.Sort(groups)
	return groups
}

// MaxReasonRunes bounds a rejection reason.
const MaxReasonRunes = 1000

// Approve publishes a version waiting for review. actor says who decided
// ("staff:12"). A version not in review, or of a chain withdrawn meanwhile,
// is a conflict.
func (s *Service) Approve(ctx context.Context, id AlertID, actor string) (*Stored, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	st, err := s.store.Decide(ctx, Decision{ID: id, Approve: true, Actor: actor, At: normalTime(s.Now())})
	if err != nil {
		return nil, fmt.Errorf("approving alert %d: %w", id, err)
	}
	return st, nil
}

// Reject refuses a version waiting for review, with a reason for the
// partner. A version not in review is a conflict.
func (s *Service) Reject(ctx context.Context, id AlertID, actor, reason string) (*Stored, error) {
	if err := checkActor(actor); err != nil {
		return nil, err
	}
	if err := checkText("reason", reason, MaxReasonRunes, true); err != nil {
		return nil, err
	}
	st, err := s.store.Decide(ctx, Decision{ID: id, Actor: actor, Note: reason, At: normalTime(s.Now())})
	if err != nil {
		return nil, fmt.Errorf("rejecting alert %d: %w", id, err)
	}
	return st, nil
}

func checkActor(actor string) error {
	if actor == "" || utf8.RuneCountInString(actor) > 100 {
		return invalid("actor", "must be 1 to 100 characters")
	}
	return nil
}

// Get returns a stored version by id.
func (s *Service) Get(ctx context.Context, id AlertID) (*Stored, error) {
	st, err := s.store.Alert(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("loading alert %d: %w", id, err)
	}
	return st, nil
}

// Chain returns every version of an alert, oldest first.
func (s *Service) Chain(ctx context.Context, chain AlertID) ([]*Stored, error) {
	versions, err := s.store.Chain(ctx, chain)
	if err != nil {
		return nil, fmt.Errorf("loading alert chain %d: %w", chain, err)
	}
	return versions, nil
}

// Active returns the alerts live at now, for the public mirror: of every
// chain, its latest published version, unless that is a cancel or has
// expired. Newest first.
func (s *Service) Active(ctx context.Context, now time.Time) ([]*Stored, error) {
	active, err := s.store.ActiveAlerts(ctx, now)
	if err != nil {
		return nil, fmt.Errorf("loading active alerts: %w", err)
	}
	return active, nil
}
