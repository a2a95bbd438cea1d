package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// Organisations: joining with an invite (/start join_CODE), linking a staff
// group (/linkgroup CODE), and the person's memberships in settings and
// /forget. Org is an organisation's name, escaped by the caller.

// Joining an organisation.
var (
	JoinedPeer    = &i18n.Message{ID: "JoinedPeer", Description: "Org is an organisation's name", Other: "You joined <b>{{.Org}}</b> as a peer worker."}
	JoinedStaff   = &i18n.Message{ID: "JoinedStaff", Description: "Org is an organisation's name", Other: "You joined <b>{{.Org}}</b> as staff."}
	JoinedAdmin   = &i18n.Message{ID: "JoinedAdmin", Description: "Org is an organisation's name", Other: "You joined <b>{{.Org}}</b> as an admin."}
	RoleUpgraded  = &i18n.Message{ID: "RoleUpgraded", Description: "Org is an organisation's name; Role is RolePeer, RoleStaff or RoleAdmin", Other: "Your role in <b>{{.Org}}</b> is now: {{.Role}}."}
	AlreadyMember = &i18n.Message{ID: "AlreadyMember", Description: "Org is an organisation's name; Role is RolePeer, RoleStaff or RoleAdmin", Other: "You are already in <b>{{.Org}}</b> as: {{.Role}}. Nothing has changed."}
	RolePeer      = &i18n.Message{ID: "RolePeer", Description: "A role in an organisation, standing alone after a colon or in brackets", Other: "peer worker"}
	RoleStaff     = &i18n.Message{ID: "RoleStaff", Description: "A role in an organisation, standing alone after a colon or in brackets", Other: "staff"}
	RoleAdmin     = &i18n.Message{ID: "RoleAdmin", Description: "A role in an organisation, standing alone after a colon or in brackets", Other: "admin"}
	InviteUnknown = &i18n.Message{ID: "InviteUnknown", Other: "This invite is not valid. Check the link, or ask the organisation for a new one."}
	InviteExpired = &i18n.Message{ID: "InviteExpired", Other: "This invite has expired. Ask the organisation for a new one."}
	InviteUsedUp  = &i18n.Message{ID: "InviteUsedUp", Other: "This invite has already been used as many times as it allows. Ask the organisation for a new one."}
)

// Linking a staff group: answered in the group, in the sender's app language.
var (
	GroupLinked        = &i18n.Message{ID: "GroupLinked", Description: "Org is an organisation's name", Other: "This group is now a staff group of <b>{{.Org}}</b>."}
	GroupAlreadyLinked = &i18n.Message{ID: "GroupAlreadyLinked", Description: "Org is an organisation's name", Other: "This group is already a staff group of <b>{{.Org}}</b>."}
	GroupTaken         = &i18n.Message{ID: "GroupTaken", Other: "This group is already linked to another organisation, so it cannot be linked again."}
	GroupCodeUnknown   = &i18n.Message{ID: "GroupCodeUnknown", Other: "This code is not valid. Ask whoever runs the bot for a new one."}
	GroupCodeExpired   = &i18n.Message{ID: "GroupCodeExpired", Other: "This code has expired: codes work for 24 hours. Ask whoever runs the bot for a new one."}
	GroupCodeUsed      = &i18n.Message{ID: "GroupCodeUsed", Other: "This code has already been used. Ask whoever runs the bot for a new one."}
	GroupLinkHowTo     = &i18n.Message{ID: "GroupLinkHowTo", Other: "Send the code with the command, like this: /linkgroup CODE"}
)

// The person's organisations, in settings and in /forget's list.
var (
	SettingsOrgs          = &i18n.Message{ID: "SettingsOrgs", Description: "A line added to the settings overview; List is organisation names, each with a role in brackets", Other: "Organisations: {{.List}}"}
	ForgetItemMemberships = &i18n.Message{ID: "ForgetItemMemberships", Description: "An item of the list of what /forget deleted",
		One: "your membership in {{.Count}} organisation", Other: "your memberships in {{.Count}} organisations"}
)
