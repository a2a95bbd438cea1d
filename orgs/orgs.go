// Package orgs is the domain of organisations: harm-reduction NGOs and PWUD
// associations that run the bot, the people who belong to them (peer workers,
// staff, admins), the invite codes that make someone a member, the Telegram
// groups their staff work in, and the API tokens they call the API with.
//
// Nothing here talks to a database or to Telegram; the postgres package
// stores it and the flows package offers it in the chat.
package orgs

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/peerbot/peerbot/people"
)

// OrgID is the internal identifier of an organisation.
type OrgID int64

// Org is an organisation.
type Org struct {
	ID   OrgID
	Name string
	// Regions are the ISO 3166-2 region or country codes it works in.
	Regions []string
	// ModeratesAlerts: its staff groups review alerts from partners that
	// need review before they are sent.
	ModeratesAlerts bool
	CreatedAt       time.Time
}

// MaxNameLen is the longest organisation name, in characters.
const MaxNameLen = 200

// regionCode is the shape of an ISO 3166-2 code or a bare country code.
var regionCode = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,3})?$`)

// Validate checks the name and the shape of the region codes. Whether a
// region is one the bot knows is the caller's to check (content.Regions).
func (o *Org) Validate() error {
	name := strings.TrimSpace(o.Name)
	switch {
	case name == "":
		return fmt.Errorf("%w: the name is empty", ErrInvalid)
	case utf8.RuneCountInString(name) > MaxNameLen:
		return fmt.Errorf("%w: the name is longer than %d characters", ErrInvalid, MaxNameLen)
	case name != o.Name:
		return fmt.Errorf("%w: the name starts or ends with spaces", ErrInvalid)
	}
	for _, r := range o.Regions {
		if !regionCode.MatchString(r) {
			return fmt.Errorf("%w: region %q is not an ISO 3166-2 code such as PL-14 or PL", ErrInvalid, r)
		}
	}
	sorted := slices.Sorted(slices.Values(o.Regions))
	if len(slices.Compact(sorted)) != len(o.Regions) {
		return fmt.Errorf("%w: a region is listed twice", ErrInvalid)
	}
	return nil
}

// Role is what a member may do in their organisation. Roles are ordered:
// an admin has every right of staff, and staff every right of a peer worker.
type Role string

// The roles, from fewest rights to most.
const (
	// RolePeer is a peer worker: takes training, answers referrals.
	RolePeer Role = "peer"
	// RoleStaff reads feedback, sends campaigns, moderates.
	RoleStaff Role = "staff"
	// RoleAdmin also manages the organisation's people and settings.
	RoleAdmin Role = "admin"
)

// Roles lists the roles from fewest rights to most.
var Roles = []Role{RolePeer, RoleStaff, RoleAdmin}

// ParseRole reads a role name as the CLI and the database write it.
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !slices.Contains(Roles, r) {
		return "", fmt.Errorf("%w: role %q is not one of peer, staff, admin", ErrInvalid, s)
	}
	return r, nil
}

// rank orders roles; 0 is no role at all.
func (r Role) rank() int { return slices.Index(Roles, r) + 1 }

// Includes reports whether r has every right of other: an admin includes
// staff and peer, staff includes peer. No role includes an unknown one.
func (r Role) Includes(other Role) bool {
	return r.rank() > 0 && other.rank() > 0 && r.rank() >= other.rank()
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return r.rank() > 0 }

// Membership is one person's role in one organisation.
type Membership struct {
	Org      OrgID
	OrgName  string
	Person   people.PersonID
	Role     Role
	JoinedAt time.Time
}

// StaffGroup is a Telegram group linked to an organisation: its staff
// receive referral requests and alert reviews there.
type StaffGroup struct {
	Org  OrgID
	Chat people.ChatID
}

// Summary is an organisation with counts, for `peerbot orgs list`.
type Summary struct {
	Org
	Members      map[Role]int
	StaffGroups  int
	ActiveTokens int
}

// Errors. Adapters return these (wrapped) so callers can tell them apart.
var (
	// ErrNotFound: no organisation matches.
	ErrNotFound = errors.New("organisation not found")
	// ErrNameTaken: another organisation has that name.
	ErrNameTaken = errors.New("an organisation with that name exists already")
	// ErrInvalid: a value breaks a rule; the wrapping error says which.
	ErrInvalid = errors.New("invalid")
	// ErrNotMember: the person is not a member of the organisation.
	ErrNotMember = errors.New("not a member of the organisation")
	// ErrCodeUnknown: no invite or link code matches.
	ErrCodeUnknown = errors.New("unknown code")
	// ErrCodeExpired: the code matched but is past its expiry.
	ErrCodeExpired = errors.New("the code has expired")
	// ErrCodeUsedUp: the code matched but has no uses left.
	ErrCodeUsedUp = errors.New("the code has been used up")
	// ErrGroupTaken: the group is linked to another organisation already.
	ErrGroupTaken = errors.New("the group is linked to another organisation")
	// ErrTokenUnknown: no valid API token matches.
	ErrTokenUnknown = errors.New("unknown or revoked API token")
)
