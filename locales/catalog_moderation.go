package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// Moderation: alerts from partners that need review are posted in the staff
// groups of moderating organisations, with buttons to approve or reject;
// /reject ID REASON rejects with a reason; /alertstats lists the latest
// alerts with their delivery. Partner is a partner's name, Org an
// organisation's, both escaped by the caller in HTML texts (pop-ups are
// plain text).

// The message under an alert waiting for review, and what it becomes.
var (
	ReviewPending = &i18n.Message{ID: "ReviewPending", Description: "Posted in a staff group under an alert that waits for review; Partner is the drug-checking partner that sent it, ID the alert's number",
		Other: "🕓 Sent by <b>{{.Partner}}</b>. Waiting for review: it reaches no one until a moderator approves it.\nTo reject it with a reason for the partner, send <code>/reject {{.ID}} reason</code>."}
	ReviewApproved = &i18n.Message{ID: "ReviewApproved", Description: "Replaces ReviewPending once approved; Time is a time of day such as 14:03; never names who approved",
		Other: "✅ Sent by <b>{{.Partner}}</b>. Approved by a moderator at {{.Time}}: it is going out to subscribers."}
	ReviewRejected = &i18n.Message{ID: "ReviewRejected", Description: "Replaces ReviewPending once rejected; Time is a time of day such as 14:03; never names who rejected",
		Other: "❌ Sent by <b>{{.Partner}}</b>. Rejected by a moderator at {{.Time}}: it will not be sent."}
	ReviewReason      = &i18n.Message{ID: "ReviewReason", Description: "A line under ReviewRejected; Reason is what the moderator wrote", Other: "Reason: {{.Reason}}"}
	ButtonApproveSend = &i18n.Message{ID: "ButtonApproveSend", Description: "Button under an alert waiting for review: publishes it to subscribers", Other: "✅ Approve and send"}
	ButtonReject      = &i18n.Message{ID: "ButtonReject", Description: "Button under an alert waiting for review: it will never be sent", Other: "❌ Reject"}
	ReviewNoReason    = &i18n.Message{ID: "ReviewNoReason", Description: "Kept as the reason when a moderator rejects with the button; the partner reads it (always in English)",
		Other: "Rejected by a moderator in the staff group, without a reason given."}
)

// Answers to a moderator's button press or /reject.
var (
	ReviewOnlyStaff      = &i18n.Message{ID: "ReviewOnlyStaff", Description: "Short pop-up (plain text) when someone who is not staff presses Approve or Reject; Org is the organisation's name", Other: "Only staff of {{.Org}} can decide."}
	ReviewAlreadyDecided = &i18n.Message{ID: "ReviewAlreadyDecided", Description: "Short pop-up: another moderator decided first", Other: "Someone has already decided on this alert."}
	ReviewApprovedDone   = &i18n.Message{ID: "ReviewApprovedDone", Description: "Short pop-up after approving", Other: "Approved: the alert is going out."}
	ReviewRejectedDone   = &i18n.Message{ID: "ReviewRejectedDone", Description: "Short pop-up or reply after rejecting", Other: "Rejected: the alert will not be sent."}
	RejectHowTo          = &i18n.Message{ID: "RejectHowTo", Description: "Reply to /reject without a number or a reason", Other: "Send the alert's number and the reason, like this: <code>/reject 12 The photo does not match the lab result.</code>"}
	RejectUnknown        = &i18n.Message{ID: "RejectUnknown", Description: "Reply to /reject with a number no alert has; ID is that number", Other: "There is no alert number {{.ID}}."}
	RejectTooLong        = &i18n.Message{ID: "RejectTooLong", Description: "Reply to /reject with a reason over 1000 characters", Other: "The reason is too long: keep it under 1000 characters."}
)

// /alertstats: the latest alerts and how far their delivery got. Counts are
// plain numbers; First, P50 and P95 are seconds such as 1.4.
var (
	AlertStatsTitle     = &i18n.Message{ID: "AlertStatsTitle", Description: "Heading of the /alertstats list", Other: "<b>Latest alerts</b>"}
	AlertStatsNone      = &i18n.Message{ID: "AlertStatsNone", Other: "No alerts yet."}
	AlertStatsItem      = &i18n.Message{ID: "AlertStatsItem", Description: "ID is the alert's number, Partner who sent it, Regions a list of region names, Status one of AlertStatus*", Other: "<b>#{{.ID}}</b> from {{.Partner}} for {{.Regions}}: {{.Status}}"}
	AlertStatusReview   = &i18n.Message{ID: "AlertStatusReview", Description: "An alert's status, after a colon", Other: "waiting for review"}
	AlertStatusSent     = &i18n.Message{ID: "AlertStatusSent", Description: "An alert's status, after a colon", Other: "published"}
	AlertStatusRejected = &i18n.Message{ID: "AlertStatusRejected", Description: "An alert's status, after a colon", Other: "rejected"}
	AlertStatsCounts    = &i18n.Message{ID: "AlertStatsCounts", Description: "Counts of people, plain numbers", Other: "Recipients {{.Recipients}}, sent {{.Sent}}, pending {{.Pending}}, blocked {{.Blocked}}."}
	AlertStatsTimes     = &i18n.Message{ID: "AlertStatsTimes", Description: "First, P50 and P95 are seconds such as 1.4; p50 and p95 are the median and the 95th percentile of the time to deliver", Other: "First delivery after {{.First}} s; p50 {{.P50}} s, p95 {{.P95}} s."}
	AlertStatsNotYet    = &i18n.Message{ID: "AlertStatsNotYet", Description: "Instead of AlertStatsTimes while nothing was delivered", Other: "Not delivered to anyone yet."}
	AlertStatsElsewhere = &i18n.Message{ID: "AlertStatsElsewhere", Description: "Reply to /alertstats in a staff group of an organisation that does not moderate alerts", Other: "Alert statistics are shown in the staff groups of organisations that moderate alerts."}
)
