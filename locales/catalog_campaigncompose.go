package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// Writing a campaign in the bot: the "New campaign" composer of /campaigns
// for an organisation's staff and admins.
var (
	ButtonNewCampaign = &i18n.Message{ID: "ButtonNewCampaign", Description: "Button on the list of campaigns: start writing a new campaign (a message the organisation broadcasts)", Other: "✍️ New campaign"}

	CampCompTitleLang    = &i18n.Message{ID: "CampCompTitleLang", Description: "Title of the composer step where the main language of a new campaign is chosen", Other: "Main language"}
	CampCompTitleText    = &i18n.Message{ID: "CampCompTitleText", Description: "Title of the composer step where the campaign's text is typed", Other: "Text"}
	CampCompTitleMore    = &i18n.Message{ID: "CampCompTitleMore", Description: "Title of the composer step where translations of the campaign are added", Other: "Translations"}
	CampCompTitlePhoto   = &i18n.Message{ID: "CampCompTitlePhoto", Description: "Title of the composer step where a photo may be added to the campaign", Other: "Photo"}
	CampCompTitleSegment = &i18n.Message{ID: "CampCompTitleSegment", Description: "Title of the composer step where staff choose who gets the campaign", Other: "Who gets it"}
	CampCompTitleQuiet   = &i18n.Message{ID: "CampCompTitleQuiet", Description: "Title of the composer step about quiet hours (hours at night when nobody gets the campaign)", Other: "Quiet hours"}
	CampCompTitleSummary = &i18n.Message{ID: "CampCompTitleSummary", Description: "Title of the last composer step: a summary before saving", Other: "Check and save"}

	CampCompStart        = &i18n.Message{ID: "CampCompStart", Description: "First message of the campaign composer; Org is the organisation's name", Other: "✍️ A new campaign of {{.Org}}. Nothing is sent or saved until you press Save, and a saved campaign is a draft you can preview before sending."}
	CampCompLang         = &i18n.Message{ID: "CampCompLang", Description: "Composer: asks for the campaign's main language", Other: "Which language do you write it in first? People whose language has no translation get this one."}
	CampCompText         = &i18n.Message{ID: "CampCompText", Description: "Composer: asks to type the campaign's text in a language (Language, its own name)", Other: "Type the message in {{.Language}}, as people should read it. Plain text: formatting marks are shown as they are."}
	CampCompTextHave     = &i18n.Message{ID: "CampCompTextHave", Description: "Composer: the text already typed in a language (Language); typing again replaces it", Other: "The text in {{.Language}}:\n<i>{{.Text}}</i>\n\nType a new one to replace it, or go on."}
	CampCompTooLong      = &i18n.Message{ID: "CampCompTooLong", Description: "Composer: the typed text is too long for Telegram; Length and Max are numbers of characters", Other: "⚠️ That text is {{.Length}} characters; Telegram allows {{.Max}} here. Please make it shorter."}
	CampCompEmpty        = &i18n.Message{ID: "CampCompEmpty", Description: "Composer: the message received is not text, or is empty", Other: "⚠️ Please type the text as a message."}
	CampCompMore         = &i18n.Message{ID: "CampCompMore", Description: "Composer: offers to add the campaign's text in other languages", Other: "Add a translation: pick a language and type the text. People whose language has none get the {{.Language}} text."}
	CampCompMoreHave     = &i18n.Message{ID: "CampCompMoreHave", Description: "Composer: the languages the campaign has a text in so far (List, language names)", Other: "Written in: {{.List}}."}
	CampCompPhoto        = &i18n.Message{ID: "CampCompPhoto", Description: "Composer: asks for an optional photo", Other: "Send a photo to go with the message, or skip. With a photo, each text can be at most 1024 characters."}
	CampCompPhotoHave    = &i18n.Message{ID: "CampCompPhotoHave", Description: "Composer: a photo is attached to the campaign", Other: "📷 The photo is attached. Send another one to replace it."}
	CampCompPhotoTooLong = &i18n.Message{ID: "CampCompPhotoTooLong", Description: "Composer: a photo cannot be added because a text (in Language) is longer than a photo caption may be (Max characters)", Other: "⚠️ With a photo, the text is its caption, and Telegram allows {{.Max}} characters there; the text in {{.Language}} is longer. Shorten it first, or go on without a photo."}
	CampCompSegment      = &i18n.Message{ID: "CampCompSegment", Description: "Composer: explains how to choose who gets the campaign with the buttons", Other: "Who gets it? Tap to choose. Nothing chosen in a row means no limit: all of your organisation's regions, everyone whatever their role or language."}
	CampCompQuiet        = &i18n.Message{ID: "CampCompQuiet", Description: "Composer: asks whether the campaign keeps the default quiet hours (From and To are hours) in each person's time zone", Other: "By default nobody gets a campaign from {{.From}}:00 to {{.To}}:00 in their own time zone: it waits until morning. Keep that?"}
	CampCompSummary      = &i18n.Message{ID: "CampCompSummary", Description: "Composer: asks to check the summary and save the campaign as a draft", Other: "Save it as a draft? You can then preview it in every language and send it."}
	CampCompSumLangs     = &i18n.Message{ID: "CampCompSumLangs", Description: "Composer summary: the languages the campaign is written in (List) and its main one (Default)", Other: "Languages: {{.List}} (main: {{.Default}})"}
	CampCompSumPhoto     = &i18n.Message{ID: "CampCompSumPhoto", Description: "Composer summary: the campaign has a photo", Other: "📷 With a photo"}
	CampCompSumQuiet     = &i18n.Message{ID: "CampCompSumQuiet", Description: "Composer summary: the quiet hours (From and To are hours)", Other: "Quiet hours: {{.From}}:00–{{.To}}:00"}
	CampCompSumNoQuiet   = &i18n.Message{ID: "CampCompSumNoQuiet", Description: "Composer summary: the campaign has no quiet hours", Other: "Quiet hours: none, it goes out at any hour"}
	CampCompRefused      = &i18n.Message{ID: "CampCompRefused", Description: "Composer: the campaign could not be saved as it is; the person is sent to the step to fix (Step, its title)", Other: "⚠️ The campaign cannot be saved like this: please check “{{.Step}}”."}
	CampCompSaved        = &i18n.Message{ID: "CampCompSaved", Description: "Pop-up after saving the campaign as a draft", Other: "Saved as a draft."}
	CampCompCancelled    = &i18n.Message{ID: "CampCompCancelled", Description: "Pop-up after the person discards the campaign being written", Other: "The new campaign was discarded."}

	CampCompButtonKeepQuiet = &i18n.Message{ID: "CampCompButtonKeepQuiet", Description: "Button: keep the default quiet hours (From and To are hours)", Other: "🌙 Keep {{.From}}:00–{{.To}}:00"}
	CampCompButtonNoQuiet   = &i18n.Message{ID: "CampCompButtonNoQuiet", Description: "Button: no quiet hours, send at any hour", Other: "⏰ None: any hour"}
	CampCompButtonSave      = &i18n.Message{ID: "CampCompButtonSave", Description: "Button: save the campaign as a draft", Other: "💾 Save as draft"}
)
