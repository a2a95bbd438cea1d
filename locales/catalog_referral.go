package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// Referral routing (issue 5): find help nearby (/help and the Find help
// button), talk to a peer worker, the staff group's side of a request, the
// follow-up question and the staff statistics. Plain, respectful words:
// "people who use drugs", never judgement.
var (
	FindHelpNeeds = &i18n.Message{ID: "FindHelpNeeds", Description: "Find help: the need menu. Number is the emergency phone number; HTML",
		Other: "🧭 <b>Find help</b>\nWhat do you need?\n\nIn an emergency, call <b>{{.Number}}</b>."}

	NeedNaloxone     = &i18n.Message{ID: "NeedNaloxone", Description: "A need (button): naloxone, the opioid overdose antidote", Other: "💊 Naloxone"}
	NeedNSP          = &i18n.Message{ID: "NeedNSP", Description: "A need (button): needle and syringe programme", Other: "💉 Needles and syringes"}
	NeedOST          = &i18n.Message{ID: "NeedOST", Description: "A need (button): opioid substitution treatment (methadone, buprenorphine)", Other: "🔄 Opioid substitution"}
	NeedDrugChecking = &i18n.Message{ID: "NeedDrugChecking", Description: "A need (button): drug checking service", Other: "🧪 Drug checking"}
	NeedTesting      = &i18n.Message{ID: "NeedTesting", Description: "A need (button): HIV and hepatitis testing and treatment", Other: "🩺 HIV and hepatitis tests"}
	NeedDCR          = &i18n.Message{ID: "NeedDCR", Description: "A need (button): drug consumption room (supervised consumption site)", Other: "🏥 Drug consumption room"}
	NeedShelter      = &i18n.Message{ID: "NeedShelter", Description: "A need (button): shelter and housing", Other: "🛏 Shelter and housing"}
	NeedFood         = &i18n.Message{ID: "NeedFood", Description: "A need (button): food", Other: "🍲 Food"}
	NeedLegal        = &i18n.Message{ID: "NeedLegal", Description: "A need (button): legal aid", Other: "⚖️ Legal aid"}
	NeedMentalHealth = &i18n.Message{ID: "NeedMentalHealth", Description: "A need (button): mental health support", Other: "🧠 Mental health"}
	NeedTreatment    = &i18n.Message{ID: "NeedTreatment", Description: "A need (button): detox and drug treatment", Other: "🌱 Detox and treatment"}
	NeedEmergency    = &i18n.Message{ID: "NeedEmergency", Description: "A need (button): emergency help", Other: "🚨 Emergency"}

	FindHelpWhere = &i18n.Message{ID: "FindHelpWhere", Description: "Find help: after choosing a need. Need is its name; HTML",
		Other: "<b>{{.Need}}</b>\nPick a region, or share your location once with the button under the text field. Your location is used for this search only and is never stored."}
	FindHelpLocationPrompt = &i18n.Message{ID: "FindHelpLocationPrompt", Description: "Sent with the keyboard that shares the location; HTML",
		Other: "📍 To find the nearest services, tap <b>Share my location</b> below."}
	ButtonShareLocation = &i18n.Message{ID: "ButtonShareLocation", Description: "Keyboard button that shares the location once", Other: "📍 Share my location"}
	ButtonCancelSearch  = &i18n.Message{ID: "ButtonCancelSearch", Description: "Keyboard button that cancels the location search", Other: "✖️ Cancel"}
	ButtonAllRegions    = &i18n.Message{ID: "ButtonAllRegions", Description: "Find help: show every region to pick from", Other: "🌍 All regions"}
	SearchCancelled     = &i18n.Message{ID: "SearchCancelled", Description: "After cancelling the location search", Other: "Search cancelled. Your location was not shared."}
	LocationWithoutNeed = &i18n.Message{ID: "LocationWithoutNeed", Description: "A location arrived when the bot did not ask for one", Other: "Thanks. Your location was not stored. Choose what you need first, then share it again."}

	ResultsNear         = &i18n.Message{ID: "ResultsNear", Description: "Find help: heading of the results near the shared location. Need is its name; HTML", Other: "<b>{{.Need}}</b>: the nearest services"}
	ResultsRegion       = &i18n.Message{ID: "ResultsRegion", Description: "Find help: heading of the results in a region. Need is its name, Region the region's; HTML", Other: "<b>{{.Need}}</b> in {{.Region}}"}
	ResultsNone         = &i18n.Message{ID: "ResultsNone", Description: "Find help: nothing found", Other: "No service for this need is listed here yet. A peer worker may know more: tap Talk to a peer worker."}
	EmergencyLine       = &i18n.Message{ID: "EmergencyLine", Description: "Always shown with urgent needs. Number is the emergency phone number; HTML", Other: "🚨 In an emergency, call <b>{{.Number}}</b>."}
	ResultOpenNow       = &i18n.Message{ID: "ResultOpenNow", Description: "A service is open now", Other: "🟢 Open now"}
	ResultOpensToday    = &i18n.Message{ID: "ResultOpensToday", Description: "Time is a local time such as 18:00", Other: "🕘 Opens today at {{.Time}}"}
	ResultOpensTomorrow = &i18n.Message{ID: "ResultOpensTomorrow", Description: "Time is a local time such as 09:00", Other: "🕘 Opens tomorrow at {{.Time}}"}
	ResultOpensOn       = &i18n.Message{ID: "ResultOpensOn", Description: "Day is a weekday name from the Weekday messages, Time a local time such as 09:00", Other: "🕘 Opens on {{.Day}} at {{.Time}}"}
	ResultHoursUnknown  = &i18n.Message{ID: "ResultHoursUnknown", Description: "A service's opening hours are not listed", Other: "🕘 Opening hours not listed"}
	ResultDistance      = &i18n.Message{ID: "ResultDistance", Description: "Distance in kilometres, Km such as 0.4", Other: "{{.Km}} km away"}
	FlagAnonymous       = &i18n.Message{ID: "FlagAnonymous", Description: "A service property", Other: "anonymous"}
	FlagFree            = &i18n.Message{ID: "FlagFree", Description: "A service property", Other: "free"}
	FlagNoID            = &i18n.Message{ID: "FlagNoID", Description: "A service property: no identity document is asked for", Other: "no ID needed"}

	WeekdaySunday    = &i18n.Message{ID: "WeekdaySunday", Description: "Weekday after 'Opens on'", Other: "Sunday"}
	WeekdayMonday    = &i18n.Message{ID: "WeekdayMonday", Description: "Weekday after 'Opens on'", Other: "Monday"}
	WeekdayTuesday   = &i18n.Message{ID: "WeekdayTuesday", Description: "Weekday after 'Opens on'", Other: "Tuesday"}
	WeekdayWednesday = &i18n.Message{ID: "WeekdayWednesday", Description: "Weekday after 'Opens on'", Other: "Wednesday"}
	WeekdayThursday  = &i18n.Message{ID: "WeekdayThursday", Description: "Weekday after 'Opens on'", Other: "Thursday"}
	WeekdayFriday    = &i18n.Message{ID: "WeekdayFriday", Description: "Weekday after 'Opens on'", Other: "Friday"}
	WeekdaySaturday  = &i18n.Message{ID: "WeekdaySaturday", Description: "Weekday after 'Opens on'", Other: "Saturday"}

	ButtonOtherNeed  = &i18n.Message{ID: "ButtonOtherNeed", Description: "Find help: back to the need menu", Other: "🔎 Something else"}
	ButtonTalkToPeer = &i18n.Message{ID: "ButtonTalkToPeer", Description: "Find help: ask for a peer worker", Other: "💬 Talk to a peer worker"}

	PeerAsk = &i18n.Message{ID: "PeerAsk", Description: "Talk to a peer worker: before sending the request; HTML",
		Other: "💬 <b>Talk to a peer worker</b>\nA peer worker of a harm-reduction organisation will answer you here, in this chat. They do not see your name, username or phone number.\n\nIf you like, write one short message about what you need. Or send the request without one."}
	ButtonSendWithoutMessage = &i18n.Message{ID: "ButtonSendWithoutMessage", Description: "Talk to a peer worker: send the request with no message", Other: "Send without a message"}
	PeerNoRoute              = &i18n.Message{ID: "PeerNoRoute", Description: "No organisation takes requests for the region", Other: "Sorry: no organisation answers requests for this region in the bot yet."}
	PeerSent                 = &i18n.Message{ID: "PeerSent", Description: "Talk to a peer worker: the request was sent. Org is the organisation's name, Pseudonym like K7Q; HTML",
		Other: "✅ Your request went to <b>{{.Org}}</b>. A peer worker will answer here. They see you as <b>Person {{.Pseudonym}}</b>."}
	PeerWhenUnclaimed       = &i18n.Message{ID: "PeerWhenUnclaimed", Description: "After PeerSent. Minutes is how long before it is passed on", Other: "If nobody takes it within {{.Minutes}} minutes, it is passed to another organisation."}
	PeerAlreadyOpen         = &i18n.Message{ID: "PeerAlreadyOpen", Description: "The person already has an open request", Other: "You already have an open request or conversation with a peer worker. Write here, or close it first."}
	PeerWaiting             = &i18n.Message{ID: "PeerWaiting", Description: "The person wrote while the request waits for a worker", Other: "Your request is still waiting for a peer worker. They will answer here."}
	ButtonCloseConversation = &i18n.Message{ID: "ButtonCloseConversation", Description: "Close a conversation with a peer worker", Other: "✖️ Close the conversation"}
	PeerClaimed             = &i18n.Message{ID: "PeerClaimed", Description: "To the person: a worker took the request. Worker is the name the worker chose, Org the organisation; HTML",
		Other: "👋 <b>{{.Worker}}</b>, a peer worker of {{.Org}}, is here. Write here: your messages go only to them, and they do not see your name."}
	PeerDefaultAlias   = &i18n.Message{ID: "PeerDefaultAlias", Description: "How a worker who chose no name is shown", Other: "A peer worker"}
	PeerClosedByWorker = &i18n.Message{ID: "PeerClosedByWorker", Description: "To the person: the worker closed the conversation", Other: "The peer worker closed the conversation. Take care. You can ask again any time with /help."}
	PeerClosedDone     = &i18n.Message{ID: "PeerClosedDone", Description: "To whoever closed the conversation", Other: "The conversation is closed."}
	PeerOnlySomeKinds  = &i18n.Message{ID: "PeerOnlySomeKinds", Description: "Something other than text, a photo or a location was sent during a conversation", Other: "Only text, photos and locations are passed on."}
	FollowUpQuestion   = &i18n.Message{ID: "FollowUpQuestion", Description: "Asked a while after a conversation with a worker closed", Other: "Did you get what you needed from the peer worker? Your answer is counted anonymously."}
	ButtonGotYes       = &i18n.Message{ID: "ButtonGotYes", Description: "Answer to the follow-up question", Other: "Yes"}
	ButtonGotPartly    = &i18n.Message{ID: "ButtonGotPartly", Description: "Answer to the follow-up question", Other: "Partly"}
	ButtonGotNo        = &i18n.Message{ID: "ButtonGotNo", Description: "Answer to the follow-up question", Other: "No"}
	FollowUpThanks     = &i18n.Message{ID: "FollowUpThanks", Description: "After answering the follow-up question", Other: "Thank you. Your answer was counted without your name."}

	GroupRequest = &i18n.Message{ID: "GroupRequest", Description: "Posted in a staff group. Pseudonym like K7Q, Need and Region names; HTML",
		Other: "🙋 <b>Person {{.Pseudonym}}</b> asks to talk to a peer worker.\nNeed: {{.Need}}\nRegion: {{.Region}}"}
	GroupRequestMessage   = &i18n.Message{ID: "GroupRequestMessage", Description: "The person's short message under GroupRequest. Text is their words; HTML", Other: "Their message: «{{.Text}}»"}
	GroupRequestReminder  = &i18n.Message{ID: "GroupRequestReminder", Description: "Before a request posted again because nobody took it; HTML", Other: "⏰ <b>Still waiting for a peer worker</b>"}
	GroupRequestEscalated = &i18n.Message{ID: "GroupRequestEscalated", Description: "Before a request passed on from another organisation; HTML", Other: "↪️ <b>Passed on: nobody took it at the first organisation</b>"}
	ButtonClaim           = &i18n.Message{ID: "ButtonClaim", Description: "Staff group: take a request", Other: "✋ Take it"}
	GroupClaimed          = &i18n.Message{ID: "GroupClaimed", Description: "The staff group's post once taken. Worker is the worker's chosen name; HTML", Other: "✅ Taken by {{.Worker}}."}
	ClaimTaken            = &i18n.Message{ID: "ClaimTaken", Description: "Pop-up: someone else took the request first (plain text)", Other: "Someone else has already taken this request. Thank you!"}
	ClaimNotMember        = &i18n.Message{ID: "ClaimNotMember", Description: "Pop-up, plain text. Org is the organisation", Other: "Only members of {{.Org}} can take requests."}
	ClaimStartFirst       = &i18n.Message{ID: "ClaimStartFirst", Description: "Pop-up, plain text", Other: "Open a private chat with the bot and press Start first, then take the request again."}
	ClaimDone             = &i18n.Message{ID: "ClaimDone", Description: "Pop-up, plain text", Other: "It's yours: continue in your private chat with the bot."}
	WorkerClaimed         = &i18n.Message{ID: "WorkerClaimed", Description: "To the worker after taking a request. Pseudonym like K7Q, Need and Region names, Worker their shown name; HTML",
		Other: "You took the request of <b>Person {{.Pseudonym}}</b>.\nNeed: {{.Need}}\nRegion: {{.Region}}\n\nWrite here: the bot passes your messages on, and theirs to you. They see you as <b>{{.Worker}}</b>; to change that, send /alias and a name, like /alias Ana."}
	WorkerAliasSet     = &i18n.Message{ID: "WorkerAliasSet", Description: "Worker is the new shown name; HTML", Other: "They now see you as <b>{{.Worker}}</b>."}
	WorkerAliasHowTo   = &i18n.Message{ID: "WorkerAliasHowTo", Description: "How to use /alias", Other: "While you are in a conversation, send /alias and the name the person should see, like /alias Ana (one line, at most 32 characters)."}
	WorkerPersonClosed = &i18n.Message{ID: "WorkerPersonClosed", Description: "To the worker. Pseudonym like K7Q; HTML", Other: "<b>Person {{.Pseudonym}}</b> closed the conversation."}

	ReferralStats = &i18n.Message{ID: "ReferralStats", Description: "/referralstats in a staff group; every value is prepared; HTML",
		Other: "📊 <b>Peer-worker requests, last 30 days</b>\nRequests: {{.Requests}}\nBy need: {{.ByNeed}}\nBy region: {{.ByRegion}}\nBy outcome: {{.ByOutcome}}\nTime to take: {{.Claim}}\nGot what they needed: {{.FollowUps}}"}
	StatsNone        = &i18n.Message{ID: "StatsNone", Description: "An empty part of the stats", Other: "none"}
	StatsClaimTimes  = &i18n.Message{ID: "StatsClaimTimes", Description: "P50 and P95 are durations such as 4 min", Other: "half within {{.P50}}, 95% within {{.P95}}"}
	StatsClaimFew    = &i18n.Message{ID: "StatsClaimFew", Description: "Too few taken requests to show times", Other: "too few to show"}
	StatsMinutes     = &i18n.Message{ID: "StatsMinutes", Description: "A duration in minutes", One: "{{.Count}} minute", Other: "{{.Count}} minutes"}
	OutcomeWaiting   = &i18n.Message{ID: "OutcomeWaiting", Description: "A request's outcome", Other: "waiting"}
	OutcomeClaimed   = &i18n.Message{ID: "OutcomeClaimed", Description: "A request's outcome", Other: "in conversation"}
	OutcomeClosed    = &i18n.Message{ID: "OutcomeClosed", Description: "A request's outcome", Other: "closed"}
	OutcomeWithdrawn = &i18n.Message{ID: "OutcomeWithdrawn", Description: "A request's outcome: closed before anyone took it", Other: "closed before taken"}

	ForgetItemReferrals = &i18n.Message{ID: "ForgetItemReferrals", Description: "An item of the list of what /forget deleted",
		One: "{{.Count}} conversation with a peer worker", Other: "{{.Count}} conversations with peer workers"}
)

// Outside an organisation's answering hours.
var (
	PeerOutOfHours = &i18n.Message{ID: "PeerOutOfHours", Description: "After PeerSent, outside the organisation's hours. Org is its name, When one of the When messages; HTML",
		Other: "🌙 The peer workers of {{.Org}} are not working right now. Someone will answer {{.When}}. Your request waits for them; in an emergency, do not wait: call the number below."}
	WhenTodayFrom = &i18n.Message{ID: "WhenTodayFrom", Description: "Fills When in PeerOutOfHours. Time such as 18:00", Other: "today from {{.Time}}"}
	WhenTomorrow  = &i18n.Message{ID: "WhenTomorrow", Description: "Fills When in PeerOutOfHours. Time such as 09:00", Other: "tomorrow from {{.Time}}"}
	WhenOn        = &i18n.Message{ID: "WhenOn", Description: "Fills When in PeerOutOfHours. Day is a weekday name from the Weekday messages, Time such as 09:00", Other: "on {{.Day}} from {{.Time}}"}
)

// A worker passes a conversation on to a colleague or another organisation.
var (
	ButtonTransfer          = &i18n.Message{ID: "ButtonTransfer", Description: "Worker: pass the conversation on", Other: "↪️ Pass on"}
	TransferChoose          = &i18n.Message{ID: "TransferChoose", Description: "Worker: choose where to pass the conversation. Pseudonym like K7Q; HTML", Other: "Pass the conversation with <b>Person {{.Pseudonym}}</b> to a colleague (your organisation's group) or to another organisation:"}
	TransferDone            = &i18n.Message{ID: "TransferDone", Description: "Worker: after passing on. Org is the organisation; HTML", Other: "Passed on to <b>{{.Org}}</b>. Thank you."}
	PeerTransferred         = &i18n.Message{ID: "PeerTransferred", Description: "To the person. Org is the organisation; HTML", Other: "↪️ Your conversation was passed on to <b>{{.Org}}</b>. A peer worker will answer here soon."}
	GroupRequestTransferred = &i18n.Message{ID: "GroupRequestTransferred", Description: "Before a request a worker passed on; HTML", Other: "↪️ <b>Passed on by a peer worker</b>"}
)

// PeerClaimedAnon is PeerClaimed for a worker who chose no name yet.
var PeerClaimedAnon = &i18n.Message{ID: "PeerClaimedAnon", Description: "To the person: a worker took the request. Org is the organisation; HTML",
	Other: "👋 A peer worker of {{.Org}} is here. Write here: your messages go only to them, and they do not see your name."}
