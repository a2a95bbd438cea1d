package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// Partner stats: /mystats shows the staff of a drug-checking partner their
// partner's latest alerts and how far their delivery got, with a Refresh
// button. Partner is the partner's name, escaped by the caller. The
// statuses, AlertStatsTimes and AlertStatsNotYet are the moderators'.
var (
	MyStatsTitle   = &i18n.Message{ID: "MyStatsTitle", Description: "Heading of the /mystats list", Other: "<b>Latest alerts from {{.Partner}}</b>"}
	MyStatsNone    = &i18n.Message{ID: "MyStatsNone", Other: "{{.Partner}} has not sent any alerts yet. Write one with /newalert."}
	MyStatsItem    = &i18n.Message{ID: "MyStatsItem", Description: "ID is the alert's number; What is what the sample was sold as and the main substance found, such as \"MDMA / isotonitazene\"; Regions a list of region names; Status one of AlertStatus*", Other: "<b>#{{.ID}}</b> {{.What}}, for {{.Regions}}: {{.Status}}"}
	MyStatsCancel  = &i18n.Message{ID: "MyStatsCancel", Description: "Stands for What in MyStatsItem when the version withdraws an earlier alert", Other: "withdrawal of an earlier alert"}
	MyStatsCounts  = &i18n.Message{ID: "MyStatsCounts", Description: "Counts of people, plain numbers", Other: "Recipients {{.Recipients}}, sent {{.Sent}}, pending {{.Pending}}, blocked {{.Blocked}}, failed {{.Failed}}."}
	MyStatsRefresh = &i18n.Message{ID: "MyStatsRefresh", Description: "Button that shows the figures again, up to date", Other: "🔄 Refresh"}
)
