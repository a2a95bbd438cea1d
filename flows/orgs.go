package flows

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
)

// Orgs is the organisation store the flows need.
type Orgs interface {
	Redeem(ctx context.Context, code string, person people.PersonID) (orgs.Redemption, error)
	LinkGroup(ctx context.Context, code string, chat people.ChatID) (org orgs.Org, already bool, err error)
	MembershipsOf(ctx context.Context, person people.PersonID) ([]orgs.Membership, error)
	OrgByGroupChat(ctx context.Context, chat people.ChatID) (orgs.Org, error)
	Role(ctx context.Context, org orgs.OrgID, person people.PersonID) (orgs.Role, error)
	// Org is needed for the regions a campaign written in the bot may
	// reach.
	Org(ctx context.Context, id orgs.OrgID) (orgs.Org, error)
}

// roleNames name the roles standing alone.
var roleNames = map[orgs.Role]*i18n.Message{
	orgs.RolePeer:  locales.RolePeer,
	orgs.RoleStaff: locales.RoleStaff,
	orgs.RoleAdmin: locales.RoleAdmin,
}

// joinedAs says "you joined X as ..." for each role.
var joinedAs = map[orgs.Role]*i18n.Message{
	orgs.RolePeer:  locales.JoinedPeer,
	orgs.RoleStaff: locales.JoinedStaff,
	orgs.RoleAdmin: locales.JoinedAdmin,
}

// inviteErrors are the replies to codes that cannot be used.
var inviteErrors = map[error]*i18n.Message{
	orgs.ErrCodeUnknown: locales.InviteUnknown,
	orgs.ErrCodeExpired: locales.InviteExpired,
	orgs.ErrCodeUsedUp:  locales.InviteUsedUp,
}

// startJoin handles the invite code of a /start join_CODE payload. Before
// consent nothing may be stored, so the code waits in the conversation
// state and is redeemed when the person agrees (see agree).
func (t *turn) startJoin(ctx context.Context, code string) error {
	if code == "" {
		// Not even the shape of a code: say so now, nothing to keep.
		return t.reply(ctx, t.tr(locales.InviteUnknown, nil), nil, false)
	}
	if t.p == nil {
		t.st.Join = code // saved with the onboarding step shown next
		return nil
	}
	return t.join(ctx, code, false)
}

// join redeems an invite code for the person and tells them what it did.
func (t *turn) join(ctx context.Context, code string, edit bool) error {
	r, err := t.Orgs.Redeem(ctx, code, t.p.ID)
	for e, msg := range inviteErrors {
		if errors.Is(err, e) {
			return t.reply(ctx, t.tr(msg, nil), nil, edit)
		}
	}
	if err != nil {
		return fmt.Errorf("joining organisation: %w", err)
	}
	org := bot.EscapeHTML(r.OrgName)
	var text string
	switch r.Outcome {
	case orgs.Joined:
		text = t.tr(joinedAs[r.Role], map[string]any{"Org": org})
	case orgs.Upgraded:
		text = t.tr(locales.RoleUpgraded, map[string]any{"Org": org, "Role": t.tr(roleNames[r.Role], nil)})
	default:
		text = t.tr(locales.AlreadyMember, map[string]any{"Org": org, "Role": t.tr(roleNames[r.Role], nil)})
	}
	t.Log.Info("invite redeemed", "chat", t.Keys(t.in.Chat), "org", int64(r.Org), "role", string(r.Role), "outcome", int(r.Outcome))
	return t.reply(ctx, text, nil, edit)
}

// orgsLine is the settings line naming the person's organisations and
// roles, or "" when they belong to none.
func (t *turn) orgsLine(ctx context.Context) (string, error) {
	ms, err := t.Orgs.MembershipsOf(ctx, t.p.ID)
	if err != nil {
		return "", fmt.Errorf("loading memberships: %w", err)
	}
	if len(ms) == 0 {
		return "", nil
	}
	items := make([]string, len(ms))
	for i, m := range ms {
		items[i] = bot.EscapeHTML(m.OrgName) + " (" + t.tr(roleNames[m.Role], nil) + ")"
	}
	return t.tr(locales.SettingsOrgs, map[string]any{"List": strings.Join(items, ", ")}), nil
}
