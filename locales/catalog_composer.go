package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// The alert composer: a drug-checking partner's staff link their account
// (/partner CODE) and write an alert step by step (/newalert). Partner is a
// partner's name, escaped by the caller. The step titles that name a part of
// an alert reuse the alert's own labels (AlertSoldAs, AlertForm...).

// Linking to a partner.
var (
	PartnerLinked        = &i18n.Message{ID: "PartnerLinked", Description: "Partner is a drug-checking lab's name", Other: "You are now linked to <b>{{.Partner}}</b>. Send /newalert to write an alert for it."}
	PartnerAlreadyLinked = &i18n.Message{ID: "PartnerAlreadyLinked", Description: "Partner is a drug-checking lab's name", Other: "You are already linked to <b>{{.Partner}}</b>. Send /newalert to write an alert for it."}
	PartnerLinkHowTo     = &i18n.Message{ID: "PartnerLinkHowTo", Other: "Send the code with the command, like this: /partner CODE"}
	PartnerRevoked       = &i18n.Message{ID: "PartnerRevoked", Description: "Partner is a drug-checking lab's name", Other: "<b>{{.Partner}}</b> can no longer publish alerts, so no alert can be written for it here."}
	ForgetItemPartner    = &i18n.Message{ID: "ForgetItemPartner", Description: "An item of the list of what /forget deleted", Other: "your link to a drug-checking partner, for writing alerts"}
)

// Step titles, after the step's number ("3/10 · Form").
var (
	ComposeTitlePhoto     = &i18n.Message{ID: "ComposeTitlePhoto", Description: "Title of the composer step asking for a photo of the drug sample", Other: "Photo"}
	ComposeTitleOverdoses = &i18n.Message{ID: "ComposeTitleOverdoses", Description: "Title of the composer step asking whether overdoses are linked to the batch", Other: "Overdoses"}
	ComposeTitleSeverity  = &i18n.Message{ID: "ComposeTitleSeverity", Description: "Title of the composer step choosing the alert's level (information, caution, warning)", Other: "Level"}
	ComposeTitlePreview   = &i18n.Message{ID: "ComposeTitlePreview", Description: "Title of the last composer step, showing the alert before it is published", Other: "Preview"}
)

// The steps.
var (
	ComposeStart      = &i18n.Message{ID: "ComposeStart", Description: "Partner is a drug-checking lab's name; shown above the first step", Other: "New alert for <b>{{.Partner}}</b>. Nothing is published until you press Publish at the end."}
	ComposeResume     = &i18n.Message{ID: "ComposeResume", Other: "You have an unfinished alert. Here is where you left off."}
	ComposePhoto      = &i18n.Message{ID: "ComposePhoto", Other: "Send a photo of the sample, or skip this step."}
	ComposePhotoHave  = &i18n.Message{ID: "ComposePhotoHave", Other: "The photo is attached. Send another one to replace it, or go on."}
	ComposeSoldAs     = &i18n.Message{ID: "ComposeSoldAs", Other: "What was the sample sold or bought as? Type it in a few words, such as “MDMA” or “oxycodone 80 mg”."}
	ComposeSoldAsHave = &i18n.Message{ID: "ComposeSoldAsHave", Description: "Value is what the partner typed", Other: "Sold as: <b>{{.Value}}</b>\n\nType something else to change it, or go on."}
	ComposeForm       = &i18n.Message{ID: "ComposeForm", Other: "What form does the sample take?"}
	ComposeGroup      = &i18n.Message{ID: "ComposeGroup", Other: "Add a substance found in the sample. First choose its group."}
	ComposeSubstance  = &i18n.Message{ID: "ComposeSubstance", Description: "Group is a substance group's name", Other: "Which substance? ({{.Group}})"}
	ComposeAmount     = &i18n.Message{ID: "ComposeAmount", Description: "Substance is a substance's name; Units lists units such as mg, µg, %", Other: "How much <b>{{.Substance}}</b> was found? Type the amount, such as 12.5 mg (units: {{.Units}}), or choose below."}
	ComposeContents   = &i18n.Message{ID: "ComposeContents", Description: "List is one substance per line", Other: "Found so far:\n{{.List}}\n\nAdd another substance, or go on."}
	ComposeOverdoses  = &i18n.Message{ID: "ComposeOverdoses", Other: "Have overdoses been linked to this batch?"}
	ComposeSeverity   = &i18n.Message{ID: "ComposeSeverity", Other: "How serious is it?\n\n" +
		"🔵 <b>Information</b>: worth knowing, no specific danger. Reaches people who follow these substances.\n" +
		"🟠 <b>Caution</b>: an unexpected or strong substance; take care. Reaches people who follow these substances.\n" +
		"🔴 <b>Warning</b>: a danger to life. Reaches everyone in the regions."}
	ComposeRegions       = &i18n.Message{ID: "ComposeRegions", Other: "Which regions is the alert for? Choose one or more of yours."}
	ComposeAdvice        = &i18n.Message{ID: "ComposeAdvice", Other: "Advice for people: choose a language, then type the advice in it. You can add several languages; people whose language is missing get one of them, with its name."}
	ComposeAdviceHave    = &i18n.Message{ID: "ComposeAdviceHave", Description: "List is language names", Other: "Written so far: {{.List}}"}
	ComposeAdviceText    = &i18n.Message{ID: "ComposeAdviceText", Description: "Language is a language's own name (Polski, English)", Other: "Type the advice in <b>{{.Language}}</b>, in one message."}
	ComposeExpiry        = &i18n.Message{ID: "ComposeExpiry", Other: "How long does the alert apply? When it ends, the messages people have say so."}
	ComposePreview       = &i18n.Message{ID: "ComposePreview", Description: "Language is a language's own name (Polski, English); sent under the previewed alert", Other: "Above: the alert as people reading <b>{{.Language}}</b> get it. See it in another language, or publish it."}
	ComposePreviewReview = &i18n.Message{ID: "ComposePreviewReview", Description: "Language is a language's own name (Polski, English); sent under the previewed alert", Other: "Above: the alert as people reading <b>{{.Language}}</b> get it. See it in another language, or submit it: a moderator approves it before it goes out."}
)

// Buttons.
var (
	ComposeButtonSkip        = &i18n.Message{ID: "ComposeButtonSkip", Other: "Skip ›"}
	ComposeButtonNext        = &i18n.Message{ID: "ComposeButtonNext", Other: "Go on ›"}
	ComposeButtonBack        = &i18n.Message{ID: "ComposeButtonBack", Other: "‹ Back"}
	ComposeButtonRemovePhoto = &i18n.Message{ID: "ComposeButtonRemovePhoto", Other: "Remove the photo"}
	ComposeButtonTrace       = &i18n.Message{ID: "ComposeButtonTrace", Other: "Traces (too little to measure)"}
	ComposeButtonNoAmount    = &i18n.Message{ID: "ComposeButtonNoAmount", Other: "Amount not known"}
	ComposeButtonAddAnother  = &i18n.Message{ID: "ComposeButtonAddAnother", Other: "➕ Add another substance"}
	ComposeButtonRemoveLast  = &i18n.Message{ID: "ComposeButtonRemoveLast", Other: "Remove the last one"}
	ComposeButtonYes         = &i18n.Message{ID: "ComposeButtonYes", Description: "Answer to: have overdoses been linked to this batch?", Other: "Yes"}
	ComposeButtonNo          = &i18n.Message{ID: "ComposeButtonNo", Description: "Answer to: have overdoses been linked to this batch?", Other: "No"}
	ComposeButtonInformation = &i18n.Message{ID: "ComposeButtonInformation", Description: "The lowest alert level", Other: "🔵 Information"}
	ComposeButtonCaution     = &i18n.Message{ID: "ComposeButtonCaution", Description: "The middle alert level", Other: "🟠 Caution"}
	ComposeButtonWarning     = &i18n.Message{ID: "ComposeButtonWarning", Description: "The most serious alert level", Other: "🔴 Warning"}
	ComposeButtonDays        = &i18n.Message{ID: "ComposeButtonDays", Description: "How long an alert applies", One: "{{.Count}} day", Other: "{{.Count}} days"}
	ComposeButtonNoEnd       = &i18n.Message{ID: "ComposeButtonNoEnd", Description: "The alert applies with no end date", Other: "No end date"}
	ComposeButtonPublish     = &i18n.Message{ID: "ComposeButtonPublish", Other: "📢 Publish"}
	ComposeButtonSubmit      = &i18n.Message{ID: "ComposeButtonSubmit", Other: "Submit for review"}
)

// Answers.
var (
	ComposeUseButtons      = &i18n.Message{ID: "ComposeUseButtons", Other: "Please use the buttons of this step."}
	ComposeTooLong         = &i18n.Message{ID: "ComposeTooLong", Description: "Max is 200 or 1000", Other: "That is too long: at most {{.Max}} characters. Please shorten it."}
	ComposeBadText         = &i18n.Message{ID: "ComposeBadText", Other: "That text holds characters that cannot be used, such as tabs. Please type it again."}
	ComposeAmountUnclear   = &i18n.Message{ID: "ComposeAmountUnclear", Description: "Units lists units such as mg, µg, %", Other: "Please type a number and a unit, such as 12.5 mg. Units: {{.Units}}."}
	ComposeAmountUnit      = &i18n.Message{ID: "ComposeAmountUnit", Description: "Units lists units such as mg, µg, %", Other: "That unit is not known. Use one of: {{.Units}}."}
	ComposeAmountAmbiguous = &i18n.Message{ID: "ComposeAmountAmbiguous", Other: "Please write the amount without a thousands separator: 1500 mg, or 1.5 mg."}
	ComposeAmountRange     = &i18n.Message{ID: "ComposeAmountRange", Other: "The amount must be more than 0 and at most 1000000 (at most 100 in %). For too little to measure, choose “Traces”."}
	ComposeNeedAdvice      = &i18n.Message{ID: "ComposeNeedAdvice", Description: "Short pop-up, at most 200 characters", Other: "Write the advice in at least one language first."}
	ComposeFix             = &i18n.Message{ID: "ComposeFix", Description: "Step is a step's title (Sold as, Regions...)", Other: "This cannot be published yet. Please check: <b>{{.Step}}</b>."}
	ComposeFixOther        = &i18n.Message{ID: "ComposeFixOther", Other: "This cannot be published as it is. Please check the alert and try again."}
	ComposeCancelled       = &i18n.Message{ID: "ComposeCancelled", Other: "The draft is discarded. Nothing was published."}
	ComposePublished       = &i18n.Message{ID: "ComposePublished", Description: "ID is the alert's number", Other: "Alert {{.ID}} is published and going out to people now."}
	ComposeSubmitted       = &i18n.Message{ID: "ComposeSubmitted", Description: "ID is the alert's number", Other: "Alert {{.ID}} is waiting for a moderator. It goes out once approved."}
)
