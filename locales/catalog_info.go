package locales

import "github.com/nicksnyder/go-i18n/v2/i18n"

// Information cards: /info lists the topics, a typed word finds cards, and
// alerts link to the cards about the substances they name. The cards' own
// texts live in content/cards, not here.
var (
	ButtonInfo     = &i18n.Message{ID: "ButtonInfo", Description: "Main menu button that opens the information cards (harm-reduction topics)", Other: "ℹ️ Information"}
	CmdInfo        = &i18n.Message{ID: "CmdInfo", Description: "Command menu entry for /info, at most 256 characters", Other: "Information: naloxone, safer use, substances"}
	InfoList       = &i18n.Message{ID: "InfoList", Description: "Heading of the list of information cards (topics are buttons below); HTML", Other: "ℹ️ <b>Information</b>\nChoose a topic, or type a word to search, for example “naloxone”."}
	InfoNotFound   = &i18n.Message{ID: "InfoNotFound", Description: "Reply when a typed word finds no information card; the list of topics follows", Other: "Nothing found for that."}
	InfoMatches    = &i18n.Message{ID: "InfoMatches", Description: "Reply when a typed word finds several information cards; they are buttons below", Other: "These cards match what you typed:"}
	InfoInEnglish  = &i18n.Message{ID: "InfoInEnglish", Description: "One line above a card shown in English because it has no translation in the person's language yet; HTML", Other: "<i>This card is not yet available in your language; here it is in English.</i>"}
	ButtonInfoPrev = &i18n.Message{ID: "ButtonInfoPrev", Description: "Information cards: previous page of a card or of the list", Other: "‹ Previous"}
	ButtonInfoNext = &i18n.Message{ID: "ButtonInfoNext", Description: "Information cards: next page of a card or of the list", Other: "Next ›"}
	ButtonInfoList = &i18n.Message{ID: "ButtonInfoList", Description: "Information cards: back to the list of topics", Other: "‹ All topics"}
)
