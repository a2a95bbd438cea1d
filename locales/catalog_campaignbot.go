package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// Campaigns in the bot: /campaigns for an organisation's staff and admins.
var (
	CampaignsPickOrg = &i18n.Message{ID: "CampaignsPickOrg", Description: "Asked to a staff member of several organisations after /campaigns", Other: "📣 Which organisation's campaigns?"}
	CampaignsTitle   = &i18n.Message{ID: "CampaignsTitle", Description: "Heading of the list of an organisation's latest campaigns (messages it broadcasts to people); Org is its name", Other: "📣 <b>Campaigns of {{.Org}}</b>"}
	CampaignsNone    = &i18n.Message{ID: "CampaignsNone", Description: "Under the heading when the organisation has no campaign", Other: "No campaigns yet. Write one with the button below, or through your organisation's API."}
	CampaignsItem    = &i18n.Message{ID: "CampaignsItem", Description: "One campaign in the list: its number, status and how many people it is for, got it and still wait for it", Other: "<b>#{{.ID}}</b> {{.Status}}: recipients {{.Recipients}}, sent {{.Sent}}, pending {{.Pending}}"}

	CampaignStatusDraft     = &i18n.Message{ID: "CampaignStatusDraft", Description: "Status of a campaign being prepared, nothing sent", Other: "draft"}
	CampaignStatusScheduled = &i18n.Message{ID: "CampaignStatusScheduled", Description: "Status of a campaign waiting for its send time", Other: "scheduled"}
	CampaignStatusSending   = &i18n.Message{ID: "CampaignStatusSending", Description: "Status of a campaign going out now", Other: "sending"}
	CampaignStatusSent      = &i18n.Message{ID: "CampaignStatusSent", Description: "Status of a campaign that has gone out", Other: "sent"}
	CampaignStatusCancelled = &i18n.Message{ID: "CampaignStatusCancelled", Description: "Status of a campaign stopped by the organisation", Other: "cancelled"}

	CampaignTitle   = &i18n.Message{ID: "CampaignTitle", Description: "Heading of one campaign's page", Other: "📣 <b>Campaign #{{.ID}}</b> of {{.Org}}: {{.Status}}"}
	CampaignText    = &i18n.Message{ID: "CampaignText", Description: "The start of the campaign's message in its default language (Lang, a language name)", Other: "Text ({{.Lang}}): <i>{{.Text}}</i>"}
	CampaignSegment = &i18n.Message{ID: "CampaignSegment", Description: "Whom the campaign reaches; Segment is a list such as 'regions Lisboa; languages Português'", Other: "Who gets it: {{.Segment}}"}
	CampaignSendAt  = &i18n.Message{ID: "CampaignSendAt", Description: "When a scheduled campaign goes out; Time is a date and time in UTC", Other: "Goes out from {{.Time}} UTC, outside each person's quiet hours."}
	CampaignStats   = &i18n.Message{ID: "CampaignStats", Description: "Delivery counts of a campaign, in people", Other: "Recipients {{.Recipients}}, sent {{.Sent}}, pending {{.Pending}}, not delivered {{.Failed}}, skipped {{.Skipped}}."}

	SegmentEveryone = &i18n.Message{ID: "SegmentEveryone", Description: "Segment of a campaign with no restriction", Other: "everyone in the organisation's regions"}
	SegmentRegions  = &i18n.Message{ID: "SegmentRegions", Description: "Part of a campaign's segment: the regions it reaches", Other: "regions {{.List}}"}
	SegmentLangs    = &i18n.Message{ID: "SegmentLangs", Description: "Part of a campaign's segment: the languages of the people it reaches", Other: "languages {{.List}}"}
	SegmentRoles    = &i18n.Message{ID: "SegmentRoles", Description: "Part of a campaign's segment: only members of the organisation with these roles (peer worker, staff, admin)", Other: "members who are {{.List}}"}
	SegmentGroups   = &i18n.Message{ID: "SegmentGroups", Description: "Part of a campaign's segment: people who follow alerts about these kinds of drugs", Other: "people who follow {{.List}}"}

	ButtonCampaignPreview = &i18n.Message{ID: "ButtonCampaignPreview", Description: "Button: show the campaign as people of each language will get it", Other: "👀 Preview in every language"}
	ButtonCampaignSend    = &i18n.Message{ID: "ButtonCampaignSend", Description: "Button: send a draft campaign now (asks for confirmation)", Other: "📤 Send now"}
	ButtonCampaignCancel  = &i18n.Message{ID: "ButtonCampaignCancel", Description: "Button: stop a scheduled or sending campaign (asks for confirmation)", Other: "✋ Stop this campaign"}
	ButtonCampaignsList   = &i18n.Message{ID: "ButtonCampaignsList", Description: "Button back to the list of campaigns", Other: "‹ All campaigns"}
	ButtonCampaignBack    = &i18n.Message{ID: "ButtonCampaignBack", Description: "Button: do not confirm, go back to the campaign's page", Other: "‹ Back"}

	CampaignPreviewLabel    = &i18n.Message{ID: "CampaignPreviewLabel", Description: "Line above a campaign preview: what people who read Lang get", Other: "👀 <b>{{.Lang}}</b>: what people reading this language get"}
	CampaignPreviewFallback = &i18n.Message{ID: "CampaignPreviewFallback", Description: "Line above a campaign preview when the campaign has no text in Lang, so people who read Lang get the text in Default", Other: "👀 <b>{{.Lang}}</b>: no text in this language, they get the {{.Default}} text"}

	CampaignConfirmSend   = &i18n.Message{ID: "CampaignConfirmSend", Description: "Asks to confirm sending a campaign now", Other: "Send campaign #{{.ID}} now? It goes to everyone in its segment, outside each person's quiet hours, and cannot be taken back once delivered."}
	ButtonConfirmSend     = &i18n.Message{ID: "ButtonConfirmSend", Description: "Button confirming that the campaign is sent now", Other: "✅ Yes, send it"}
	CampaignConfirmCancel = &i18n.Message{ID: "CampaignConfirmCancel", Description: "Asks to confirm stopping a campaign", Other: "Stop campaign #{{.ID}}? People who have not got it yet will not get it."}
	ButtonConfirmCancel   = &i18n.Message{ID: "ButtonConfirmCancel", Description: "Button confirming that the campaign is stopped", Other: "✅ Yes, stop it"}

	CampaignScheduled   = &i18n.Message{ID: "CampaignScheduled", Description: "Short pop-up after a campaign was sent, at most 200 characters", Other: "The campaign is on its way."}
	CampaignStopped     = &i18n.Message{ID: "CampaignStopped", Description: "Short pop-up after a campaign was stopped, at most 200 characters", Other: "The campaign is stopped."}
	CampaignNotEditable = &i18n.Message{ID: "CampaignNotEditable", Description: "Short pop-up when a campaign can no longer be sent or stopped, at most 200 characters", Other: "This campaign has already gone out or was stopped."}
)
