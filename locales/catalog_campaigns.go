package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// Campaigns: muting them in /settings.
var (
	ButtonCampaignsOn  = &i18n.Message{ID: "ButtonCampaignsOn", Description: "Settings button showing that campaigns (news and invitations broadcast by harm-reduction organisations) are received; pressing it mutes them", Other: "📣 Campaigns from organisations: on"}
	ButtonCampaignsOff = &i18n.Message{ID: "ButtonCampaignsOff", Description: "Settings button showing that campaigns are muted; pressing it turns them back on", Other: "🔇 Campaigns from organisations: off"}
	CampaignsMuted     = &i18n.Message{ID: "CampaignsMuted", Description: "Short pop-up, at most 200 characters", Other: "Campaigns from organisations are off. Alerts still reach you."}
	CampaignsUnmuted   = &i18n.Message{ID: "CampaignsUnmuted", Description: "Short pop-up, at most 200 characters", Other: "Campaigns from organisations are on."}
)
