package orgs

import (
	"crypto/rand"
	"fmt"
	"strings"
	"time"
)

// An invite code is CodeLen characters of Crockford's base32: digits and
// capitals without I, L, O and U, so a code read aloud or copied by hand
// comes through. 50 random bits, and codes expire.
const (
	CodeLen      = 10
	codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
)

// JoinPrefix starts a /start deep-link payload that carries an invite code.
// Telegram allows A-Z a-z 0-9 _ - in start payloads, up to 64 characters.
const JoinPrefix = "join_"

// Purpose says what a code is for.
type Purpose string

// Code purposes. A code is only ever looked up for its own purpose.
const (
	// PurposeJoin codes make the person who opens them a member.
	PurposeJoin Purpose = "join"
	// PurposeLinkGroup codes link the group they are sent in to the
	// organisation as a staff group.
	PurposeLinkGroup Purpose = "link_group"
)

// Defaults and limits of invites and link codes.
const (
	DefaultInviteUses = 1
	MaxInviteUses     = 10000
	DefaultInviteTTL  = 14 * 24 * time.Hour
	MaxInviteTTL      = 365 * 24 * time.Hour
	// LinkCodeTTL is how long a /linkgroup code works; it is used once.
	LinkCodeTTL = 24 * time.Hour
)

// Invite is a code's stored side: never the code itself, only what it
// grants and how often.
type Invite struct {
	Org     OrgID
	OrgName string
	Purpose Purpose
	// Role is what a join code grants; empty for link codes.
	Role      Role
	UsesLeft  int
	ExpiresAt time.Time
	CreatedAt time.Time
}

// Validate checks an invite about to be created at now.
func (inv *Invite) Validate(now time.Time) error {
	switch inv.Purpose {
	case PurposeJoin:
		if !inv.Role.Valid() {
			return fmt.Errorf("%w: role %q is not one of peer, staff, admin", ErrInvalid, inv.Role)
		}
	case PurposeLinkGroup:
		if inv.Role != "" {
			return fmt.Errorf("%w: a group link code grants no role", ErrInvalid)
		}
	default:
		return fmt.Errorf("%w: unknown code purpose %q", ErrInvalid, inv.Purpose)
	}
	if inv.UsesLeft < 1 || inv.UsesLeft > MaxInviteUses {
		return fmt.Errorf("%w: uses must be between 1 and %d", ErrInvalid, MaxInviteUses)
	}
	if !inv.ExpiresAt.After(now) || inv.ExpiresAt.Sub(now) > MaxInviteTTL {
		return fmt.Errorf("%w: an invite must expire within %d days from now", ErrInvalid, int(MaxInviteTTL/(24*time.Hour)))
	}
	return nil
}

// Usable reports why the invite cannot be used at now, or nil.
func (inv *Invite) Usable(now time.Time) error {
	switch {
	case !now.Before(inv.ExpiresAt):
		return ErrCodeExpired
	case inv.UsesLeft <= 0:
		return ErrCodeUsedUp
	}
	return nil
}

// NewCode returns a fresh random code.
func NewCode() (string, error) {
	var b [CodeLen]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("making a code: %w", err)
	}
	// 32 symbols: the low 5 bits of each byte are uniform.
	for i := range b {
		b[i] = codeAlphabet[b[i]&31]
	}
	return string(b[:]), nil
}

// NormalizeCode reads a code as a person may have typed it: any case, with
// spaces or dashes, O for 0 and I or L for 1. It reports false when what is
// left is not a code.
func NormalizeCode(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch r {
		case ' ', '-':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if !strings.ContainsRune(codeAlphabet, r) {
			return "", false
		}
		b.WriteRune(r)
		if b.Len() > CodeLen {
			return "", false
		}
	}
	if b.Len() != CodeLen {
		return "", false
	}
	return b.String(), true
}

// JoinPayload is the /start payload of an invite code.
func JoinPayload(code string) string { return JoinPrefix + code }

// ParseJoinPayload returns the code of a /start payload that carries one.
// ok is true for every payload with the join prefix, even when the code in
// it is malformed (code is then ""): the person meant to join, and should
// hear that the code is wrong.
func ParseJoinPayload(payload string) (code string, ok bool) {
	rest, ok := strings.CutPrefix(payload, JoinPrefix)
	if !ok {
		return "", false
	}
	code, _ = NormalizeCode(rest)
	return code, true
}

// Outcome is what redeeming an invite did.
type Outcome int

// Outcomes of Redeem.
const (
	// Joined: the person was not a member and now is.
	Joined Outcome = iota + 1
	// Upgraded: the person was a member with a lesser role and now has the
	// invite's role.
	Upgraded
	// Unchanged: the person already had the invite's role or a higher one;
	// no use of the code was spent.
	Unchanged
)

// Redemption is the result of redeeming an invite.
type Redemption struct {
	Org     OrgID
	OrgName string
	// Role is the person's role after redeeming: the invite's, or their
	// higher one when Unchanged.
	Role    Role
	Outcome Outcome
}

// Redeem decides what redeeming inv does for a person whose current role in
// the organisation is current ("" for none), at now. A person who already
// has the role (or a higher one) hears so even when the code has expired or
// run out since: nothing they have is at stake. Otherwise an expired or
// used-up code is refused, and a valid one makes them a member or upgrades
// them. spend says whether one use of the code is consumed.
func Redeem(inv Invite, current Role, now time.Time) (r Redemption, spend bool, err error) {
	if inv.Purpose != PurposeJoin {
		return Redemption{}, false, ErrCodeUnknown
	}
	r = Redemption{Org: inv.Org, OrgName: inv.OrgName}
	if current.Includes(inv.Role) {
		r.Role, r.Outcome = current, Unchanged
		return r, false, nil
	}
	if err := inv.Usable(now); err != nil {
		return Redemption{}, false, err
	}
	r.Role, r.Outcome = inv.Role, Joined
	if current != "" {
		r.Outcome = Upgraded
	}
	return r, true, nil
}
