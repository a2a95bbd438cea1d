package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// The catalog: every message the bot says, with its English text. The other
// languages live in active.<lang>.toml; active.en.toml is generated from this
// file by `goi18n extract` (a test checks it leaves no diff).
//
// Texts are sent with Telegram's HTML parse mode: keep <b> tags balanced and
// write &lt; for a literal "<". Template values are escaped by the caller.

// Language picker and privacy notice.
var (
	LanguageName   = &i18n.Message{ID: "LanguageName", Description: "This language's own name, shown on the language picker", Other: "English"}
	ChooseLanguage = &i18n.Message{ID: "ChooseLanguage", Other: "Hello! Choose your language."}
	PrivacyNotice  = &i18n.Message{ID: "PrivacyNotice", Description: "Shown once before anything is stored; HTML", Other: "<b>Before we start: your privacy</b>\n\n" +
		"<b>What we keep:</b> the language you chose, the regions you follow, which alerts you want and your settings. To send you messages we also keep your Telegram chat ID, encrypted.\n\n" +
		"<b>What we never keep:</b> your name, username or phone number. Feedback you give is anonymous and cannot be linked to you.\n\n" +
		"Telegram itself can see that you talk to this bot. Discreet mode in /settings makes the bot's messages delete themselves after a few hours.\n\n" +
		"You can delete everything at any time with /forget.\n\nDo you agree?"}
	ButtonAgree   = &i18n.Message{ID: "ButtonAgree", Other: "I agree"}
	ButtonDecline = &i18n.Message{ID: "ButtonDecline", Other: "Not now"}
	Declined      = &i18n.Message{ID: "Declined", Other: "That's fine. Nothing about you has been stored. Send /start whenever you want to continue."}
)

// Regions and alert preferences.
var (
	ChooseCountry   = &i18n.Message{ID: "ChooseCountry", Other: "Which regions do you want alerts for? Choose a country, then one or more regions. You can change this later."}
	ChooseRegions   = &i18n.Message{ID: "ChooseRegions", Description: "Country is a country name", Other: "<b>{{.Country}}</b>: choose one or more regions, or the whole country."}
	RegionsSelected = &i18n.Message{ID: "RegionsSelected", Description: "Count of regions chosen so far",
		One: "{{.Count}} region chosen so far.", Other: "{{.Count}} regions chosen so far."}
	ButtonWholeCountry     = &i18n.Message{ID: "ButtonWholeCountry", Other: "Whole country"}
	ButtonOtherCountries   = &i18n.Message{ID: "ButtonOtherCountries", Other: "‹ Other countries"}
	ButtonDone             = &i18n.Message{ID: "ButtonDone", Other: "Done ✓"}
	ChooseAtLeastOneRegion = &i18n.Message{ID: "ChooseAtLeastOneRegion", Description: "Short pop-up, at most 200 characters", Other: "Choose at least one region first."}
	ChooseGroups           = &i18n.Message{ID: "ChooseGroups", Other: "Which alerts do you want?\n\n<b>Warnings</b>, the most serious alerts, always reach you. Choose the substances you also want information and caution alerts about."}
	GroupOpioids           = &i18n.Message{ID: "GroupOpioids", Other: "Opioids (heroin, fentanyl, nitazenes)"}
	GroupStimulants        = &i18n.Message{ID: "GroupStimulants", Other: "Stimulants (cocaine, amphetamine, cathinones)"}
	GroupMDMA              = &i18n.Message{ID: "GroupMDMA", Other: "Ecstasy and MDMA"}
	GroupSedatives         = &i18n.Message{ID: "GroupSedatives", Other: "Benzos and other sedatives (xylazine, medetomidine)"}
	GroupDissociatives     = &i18n.Message{ID: "GroupDissociatives", Other: "Ketamine and other dissociatives"}
	GroupPsychedelics      = &i18n.Message{ID: "GroupPsychedelics", Other: "Psychedelics (LSD, mushrooms)"}
	GroupCannabinoids      = &i18n.Message{ID: "GroupCannabinoids", Other: "Cannabis and synthetic cannabinoids"}
	GroupsNone             = &i18n.Message{ID: "GroupsNone", Other: "none, warnings only"}
	OnboardingDone         = &i18n.Message{ID: "OnboardingDone", Description: "Regions is a comma-separated list of region names", Other: "All set. You will get alerts for: {{.Regions}}.\n\n/settings changes anything, /stop pauses alerts, /forget deletes everything."}
)

// Main menu and the sections built by later work.
var (
	MainMenu           = &i18n.Message{ID: "MainMenu", Other: "What would you like to do?"}
	WelcomeBack        = &i18n.Message{ID: "WelcomeBack", Other: "Welcome back."}
	ButtonAlerts       = &i18n.Message{ID: "ButtonAlerts", Other: "🔔 Alerts"}
	ButtonLearn        = &i18n.Message{ID: "ButtonLearn", Other: "📚 Learn"}
	ButtonFindHelp     = &i18n.Message{ID: "ButtonFindHelp", Other: "🧭 Find help"}
	ButtonFeedback     = &i18n.Message{ID: "ButtonFeedback", Other: "💬 Feedback"}
	ButtonSettings     = &i18n.Message{ID: "ButtonSettings", Other: "⚙️ Settings"}
	ButtonMenu         = &i18n.Message{ID: "ButtonMenu", Other: "‹ Menu"}
	LearnComingSoon    = &i18n.Message{ID: "LearnComingSoon", Other: "Training modules for peers are being prepared. When they are ready, you will find them here."}
	FindHelpComingSoon = &i18n.Message{ID: "FindHelpComingSoon", Description: "Number is the emergency phone number of the person's country", Other: "The directory of services near you is being prepared.\n\nIn an emergency, call <b>{{.Number}}</b>."}
	FeedbackComingSoon = &i18n.Message{ID: "FeedbackComingSoon", Other: "Anonymous feedback is coming soon: you will be able to rate services and this bot without anyone knowing it was you."}
)

// Alerts overview, /stop.
var (
	AlertsOverview      = &i18n.Message{ID: "AlertsOverview", Description: "Regions and Groups are comma-separated lists", Other: "<b>Your alerts</b>\n\nRegions: {{.Regions}}\nSubstances: {{.Groups}}\n\nWarnings, the most serious alerts, always reach you."}
	AlertsPaused        = &i18n.Message{ID: "AlertsPaused", Other: "Alerts and campaigns are paused: you get no broadcasts until you turn them back on."}
	ButtonChangeRegions = &i18n.Message{ID: "ButtonChangeRegions", Other: "Change regions"}
	ButtonChangeGroups  = &i18n.Message{ID: "ButtonChangeGroups", Other: "Change substances"}
	ButtonPauseAlerts   = &i18n.Message{ID: "ButtonPauseAlerts", Other: "Pause alerts"}
	ButtonResumeAlerts  = &i18n.Message{ID: "ButtonResumeAlerts", Other: "Turn alerts back on"}
	Stopped             = &i18n.Message{ID: "Stopped", Other: "Alerts and campaigns are paused. You will get no broadcasts until you turn them back on in /alerts."}
	Resumed             = &i18n.Message{ID: "Resumed", Other: "Alerts are back on."}
)

// Settings and discreet mode.
var (
	SettingsMenu     = &i18n.Message{ID: "SettingsMenu", Description: "Language is a language name; Regions a list; Discreet a status phrase", Other: "<b>Settings</b>\n\nLanguage: {{.Language}}\nRegions: {{.Regions}}\nDiscreet mode: {{.Discreet}}"}
	ButtonLanguage   = &i18n.Message{ID: "ButtonLanguage", Other: "Language"}
	ButtonRegions    = &i18n.Message{ID: "ButtonRegions", Other: "Regions"}
	ButtonAlertTypes = &i18n.Message{ID: "ButtonAlertTypes", Other: "Alert types"}
	ButtonDiscreet   = &i18n.Message{ID: "ButtonDiscreet", Other: "Discreet mode"}
	ButtonForget     = &i18n.Message{ID: "ButtonForget", Other: "Delete my data"}
	DiscreetMenu     = &i18n.Message{ID: "DiscreetMenu", Other: "<b>Discreet mode</b>\n\nThe bot can delete every message it sends you after a few hours, so less stays on your phone. It can also send alerts without sound at night (22:00 to 07:00 in your region).\n\nAfter how long should the bot's messages be deleted?"}
	DiscreetNever    = &i18n.Message{ID: "DiscreetNever", Other: "Never"}
	DiscreetHours    = &i18n.Message{ID: "DiscreetHours", Description: "Button: delete messages after this many hours",
		One: "{{.Count}} hour", Other: "{{.Count}} hours"}
	QuietNightsOn       = &i18n.Message{ID: "QuietNightsOn", Other: "🔕 Silent at night: on"}
	QuietNightsOff      = &i18n.Message{ID: "QuietNightsOff", Other: "🔔 Silent at night: off"}
	DiscreetOff         = &i18n.Message{ID: "DiscreetOff", Description: "Status when discreet mode is off", Other: "off"}
	DiscreetDeleteAfter = &i18n.Message{ID: "DiscreetDeleteAfter", Description: "Status: messages are deleted after Count hours",
		One: "messages deleted after {{.Count}} hour", Other: "messages deleted after {{.Count}} hours"}
	DiscreetQuiet = &i18n.Message{ID: "DiscreetQuiet", Description: "Status: broadcasts are silent at night", Other: "silent at night"}
	DiscreetSaved = &i18n.Message{ID: "DiscreetSaved", Description: "Short pop-up", Other: "Saved."}
)

// /forget.
var (
	ForgetConfirm       = &i18n.Message{ID: "ForgetConfirm", Other: "This deletes everything the bot keeps about you: your language, regions, alert choices and settings. It cannot be undone. Anonymous feedback was never linked to you, so it stays.\n\nDelete everything?"}
	ButtonForgetYes     = &i18n.Message{ID: "ButtonForgetYes", Other: "Yes, delete everything"}
	ButtonCancel        = &i18n.Message{ID: "ButtonCancel", Other: "Cancel"}
	ForgetCancelled     = &i18n.Message{ID: "ForgetCancelled", Other: "Cancelled. Nothing was deleted."}
	ForgetDone          = &i18n.Message{ID: "ForgetDone", Description: "List is a bulleted list of what was deleted", Other: "Done. We deleted:\n{{.List}}\n\nNothing else about you is kept. Send /start if you want to come back."}
	ForgetNothing       = &i18n.Message{ID: "ForgetNothing", Other: "We had nothing stored about you. Send /start if you want to begin."}
	ForgetItemProfile   = &i18n.Message{ID: "ForgetItemProfile", Other: "your language, consent and settings"}
	ForgetItemRegions   = &i18n.Message{ID: "ForgetItemRegions", One: "{{.Count}} region you followed", Other: "{{.Count}} regions you followed"}
	ForgetItemGroups    = &i18n.Message{ID: "ForgetItemGroups", One: "{{.Count}} substance group you followed", Other: "{{.Count}} substance groups you followed"}
	ForgetItemDeletions = &i18n.Message{ID: "ForgetItemDeletions", One: "{{.Count}} scheduled message deletion", Other: "{{.Count}} scheduled message deletions"}
	ForgetItemState     = &i18n.Message{ID: "ForgetItemState", Other: "an unfinished step of a conversation"}
)

// Replies to the unexpected.
var (
	UnexpectedMedia  = &i18n.Message{ID: "UnexpectedMedia", Other: "I can't read stickers, voice messages or files here. Please use the buttons."}
	UnexpectedText   = &i18n.Message{ID: "UnexpectedText", Other: "I didn't understand that. Please use the buttons."}
	UnknownCommand   = &i18n.Message{ID: "UnknownCommand", Other: "I don't know that command. Please use the buttons."}
	StaleButton      = &i18n.Message{ID: "StaleButton", Description: "Short pop-up when an old button is pressed", Other: "This menu has changed. Here is the current one."}
	FinishSetupFirst = &i18n.Message{ID: "FinishSetupFirst", Other: "Let's finish setting up first."}
	Unavailable      = &i18n.Message{ID: "Unavailable", Other: "Sorry, the bot has a technical problem right now. Please try again in a few minutes. In an emergency, call 112."}
)

// Commands and the bot's description, set with setMyCommands and
// setMyDescription for every language.
var (
	CmdStart            = &i18n.Message{ID: "CmdStart", Description: "Command menu, at most 256 characters", Other: "Start or see the menu"}
	CmdAlerts           = &i18n.Message{ID: "CmdAlerts", Other: "Your alerts"}
	CmdLearn            = &i18n.Message{ID: "CmdLearn", Other: "Training for peers"}
	CmdHelp             = &i18n.Message{ID: "CmdHelp", Other: "Find help nearby"}
	CmdFeedback         = &i18n.Message{ID: "CmdFeedback", Other: "Anonymous feedback"}
	CmdSettings         = &i18n.Message{ID: "CmdSettings", Other: "Language, regions, discreet mode"}
	CmdStop             = &i18n.Message{ID: "CmdStop", Other: "Pause alerts"}
	CmdForget           = &i18n.Message{ID: "CmdForget", Other: "Delete all your data"}
	BotDescription      = &i18n.Message{ID: "BotDescription", Description: "Shown before /start, at most 512 characters", Other: "Alerts about dangerous drugs in your region, help nearby, and training for peers. Made with and for people who use drugs. No names, no judgement."}
	BotShortDescription = &i18n.Message{ID: "BotShortDescription", Description: "Bot profile, at most 120 characters", Other: "Drug alerts, help nearby and peer training. Anonymous."}
)
