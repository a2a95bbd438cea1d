package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// Polluted-drug alerts as people read them in Telegram (alerts.Renderer).
// The renderer adds the markup (bold labels, links, emoji markers) around
// these texts, so they are plain text; every template value is escaped by
// the renderer.

// Severity and status words of an alert's header line, written in capitals
// because they head the message ("🔴 WARNING · UPDATED").
var (
	AlertSeverityWarning     = &i18n.Message{ID: "AlertSeverityWarning", Description: "Header word, in capitals: the most serious alert level (danger to life)", Other: "WARNING"}
	AlertSeverityCaution     = &i18n.Message{ID: "AlertSeverityCaution", Description: "Header word, in capitals: the middle alert level (take care)", Other: "CAUTION"}
	AlertSeverityInformation = &i18n.Message{ID: "AlertSeverityInformation", Description: "Header word, in capitals: the lowest alert level (worth knowing)", Other: "INFORMATION"}
	AlertStatusNew           = &i18n.Message{ID: "AlertStatusNew", Description: "Header word, in capitals: an alert sent for the first time", Other: "NEW ALERT"}
	AlertStatusUpdated       = &i18n.Message{ID: "AlertStatusUpdated", Description: "Header word, in capitals: the lab corrected the alert", Other: "UPDATED"}
	AlertStatusWithdrawn     = &i18n.Message{ID: "AlertStatusWithdrawn", Description: "Header word, in capitals: the lab withdrew the alert", Other: "WITHDRAWN"}
	AlertStatusExpired       = &i18n.Message{ID: "AlertStatusExpired", Description: "Header word, in capitals: the alert's end time has passed", Other: "EXPIRED"}
)

// What an update changed, listed after AlertChanged.
var (
	AlertChanged                = &i18n.Message{ID: "AlertChanged", Description: "Changes is a comma-separated list of the phrases below", Other: "What changed: {{.Changes}}."}
	AlertChangeSeverityRaised   = &i18n.Message{ID: "AlertChangeSeverityRaised", Description: "Item of the What changed list", Other: "alert level raised"}
	AlertChangeSeverityLowered  = &i18n.Message{ID: "AlertChangeSeverityLowered", Description: "Item of the What changed list", Other: "alert level lowered"}
	AlertChangeContents         = &i18n.Message{ID: "AlertChangeContents", Description: "Item of the What changed list: what the lab found in the sample", Other: "what was found in the sample"}
	AlertChangeDescription      = &i18n.Message{ID: "AlertChangeDescription", Description: "Item of the What changed list: sold as, form or appearance", Other: "description of the sample"}
	AlertChangeOverdosesLinked  = &i18n.Message{ID: "AlertChangeOverdosesLinked", Description: "Item of the What changed list", Other: "now linked to overdoses"}
	AlertChangeOverdosesCleared = &i18n.Message{ID: "AlertChangeOverdosesCleared", Description: "Item of the What changed list", Other: "no longer linked to overdoses"}
	AlertChangeRegions          = &i18n.Message{ID: "AlertChangeRegions", Description: "Item of the What changed list", Other: "regions"}
	AlertChangeAdvice           = &i18n.Message{ID: "AlertChangeAdvice", Description: "Item of the What changed list", Other: "advice"}
	AlertChangeTimes            = &i18n.Message{ID: "AlertChangeTimes", Description: "Item of the What changed list: start or end time of the alert", Other: "dates"}
	AlertChangeOther            = &i18n.Message{ID: "AlertChangeOther", Description: "Item of the What changed list: photo, sample reference or link", Other: "other details"}
)

// Field labels, followed by a colon and the value.
var (
	AlertSoldAs     = &i18n.Message{ID: "AlertSoldAs", Description: "Label: what the drug was sold or bought as", Other: "Sold as"}
	AlertForm       = &i18n.Message{ID: "AlertForm", Description: "Label: pill, powder, crystal...", Other: "Form"}
	AlertAppearance = &i18n.Message{ID: "AlertAppearance", Description: "Label: what the sample looks like", Other: "Looks like"}
	AlertColour     = &i18n.Message{ID: "AlertColour", Description: "Appearance item label, lower case", Other: "colour"}
	AlertLogo       = &i18n.Message{ID: "AlertLogo", Description: "Appearance item label, lower case: the logo pressed into a pill", Other: "logo"}
	AlertShape      = &i18n.Message{ID: "AlertShape", Description: "Appearance item label, lower case", Other: "shape"}
	AlertSize       = &i18n.Message{ID: "AlertSize", Description: "Appearance item label, lower case", Other: "size"}
	AlertWeight     = &i18n.Message{ID: "AlertWeight", Description: "Appearance item label, lower case", Other: "weight"}
	AlertContents   = &i18n.Message{ID: "AlertContents", Description: "Label over the list of substances the lab found", Other: "Found in the sample"}
	AlertTrace      = &i18n.Message{ID: "AlertTrace", Description: "Amount of a substance: found, too little to measure", Other: "traces"}
	AlertOverdoses  = &i18n.Message{ID: "AlertOverdoses", Description: "Shown in bold when overdoses have been linked to the batch", Other: "Overdoses have been linked to this batch."}
	AlertRegions    = &i18n.Message{ID: "AlertRegions", Description: "Label over the regions the alert is for", Other: "Regions"}
	AlertEffective  = &i18n.Message{ID: "AlertEffective", Description: "Label: the time the alert applies from", Other: "Applies from"}
	AlertExpires    = &i18n.Message{ID: "AlertExpires", Description: "Label: the time the alert stops applying", Other: "Applies until"}
	AlertExpiredAt  = &i18n.Message{ID: "AlertExpiredAt", Description: "Label: the time the alert stopped applying (it is over)", Other: "Expired on"}
	AlertTimeIn     = &i18n.Message{ID: "AlertTimeIn", Description: "Time is a date and time such as 2026-11-20 10:00; Country is a country name whose time zone it is in", Other: "{{.Time}} ({{.Country}} time)"}
	AlertSample     = &i18n.Message{ID: "AlertSample", Description: "Label: the lab's reference of the sample", Other: "Sample"}
	AlertLabResult  = &i18n.Message{ID: "AlertLabResult", Description: "Link text to the lab's published result", Other: "lab result"}
	AlertSource     = &i18n.Message{ID: "AlertSource", Description: "Label before the name of the drug-checking service that published the alert", Other: "Source"}
	AlertDecimal    = &i18n.Message{ID: "AlertDecimal", Description: "Decimal separator in amounts such as 12.5 mg: a full stop or a comma", Other: "."}
	AlertMore       = &i18n.Message{ID: "AlertMore", Description: "End of a shortened list (of substances or regions)",
		One: "and {{.Count}} more", Other: "and {{.Count}} more"}
	AlertDetailsBelow = &i18n.Message{ID: "AlertDetailsBelow", Description: "Last line of a photo's caption", Other: "Details in the next message."}
	AlertShortened    = &i18n.Message{ID: "AlertShortened", Description: "When an alert was too long for one Telegram message", Other: "This alert was too long for one message and has been shortened."}
	AlertFullAlert    = &i18n.Message{ID: "AlertFullAlert", Description: "Link text to the complete alert on the web", Other: "Read the full alert"}
)

// Advice and withdrawal.
var (
	AlertAdvice        = &i18n.Message{ID: "AlertAdvice", Description: "Label over the lab's advice, written in the reader's language", Other: "Advice from the lab"}
	AlertAdviceIn      = &i18n.Message{ID: "AlertAdviceIn", Description: "Label over the lab's advice when it is not in the reader's language. Language is the name of the language it is in (polaco, Polish, польська...), in the reader's language", Other: "Advice from the lab, in {{.Language}}"}
	AlertWithdrawnBy   = &i18n.Message{ID: "AlertWithdrawnBy", Description: "Source is the name of the drug-checking service", Other: "{{.Source}} has withdrawn this alert."}
	AlertReason        = &i18n.Message{ID: "AlertReason", Description: "Label: why the alert was withdrawn", Other: "Reason"}
	AlertReasonIn      = &i18n.Message{ID: "AlertReasonIn", Description: "Label: why the alert was withdrawn, when the reason is not in the reader's language. Language as in AlertAdviceIn", Other: "Reason, in {{.Language}}"}
	AlertWithdrawnText = &i18n.Message{ID: "AlertWithdrawnText", Description: "Label over the content of the withdrawn alert, kept for reference", Other: "The withdrawn alert said:"}
)

// Follow-ups sent after an alert was edited in place.
var (
	AlertFollowUpRaised = &i18n.Message{ID: "AlertFollowUpRaised", Description: "Severity is a header word such as WARNING; Subject what the drug was sold as or the main substance found",
		Other: "⬆️ Alert level raised to {{.Severity}}: {{.Subject}}. See the updated message above."}
	AlertFollowUpWithdrawn = &i18n.Message{ID: "AlertFollowUpWithdrawn", Description: "Subject as in AlertFollowUpRaised; Source the drug-checking service; Reason its text",
		Other: "The alert about {{.Subject}} has been withdrawn by {{.Source}}: {{.Reason}}"}
	AlertFollowUpWithdrawnNoReason = &i18n.Message{ID: "AlertFollowUpWithdrawnNoReason", Description: "Subject and Source as in AlertFollowUpWithdrawn",
		Other: "The alert about {{.Subject}} has been withdrawn by {{.Source}}."}
)

// The forms a sample can take (alerts.Forms), lower case after "Form:".
var (
	AlertFormPill    = &i18n.Message{ID: "AlertFormPill", Description: "Form of a sample, lower case", Other: "pill"}
	AlertFormPowder  = &i18n.Message{ID: "AlertFormPowder", Description: "Form of a sample, lower case", Other: "powder"}
	AlertFormCrystal = &i18n.Message{ID: "AlertFormCrystal", Description: "Form of a sample, lower case", Other: "crystals"}
	AlertFormBlotter = &i18n.Message{ID: "AlertFormBlotter", Description: "Form of a sample, lower case: a blotter paper (LSD tab)", Other: "blotter (paper tab)"}
	AlertFormLiquid  = &i18n.Message{ID: "AlertFormLiquid", Description: "Form of a sample, lower case", Other: "liquid"}
	AlertFormCapsule = &i18n.Message{ID: "AlertFormCapsule", Description: "Form of a sample, lower case", Other: "capsule"}
	AlertFormOther   = &i18n.Message{ID: "AlertFormOther", Description: "Form of a sample, lower case: none of the others", Other: "other"}
)
