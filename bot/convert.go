package bot

import (
	"strings"
	"unicode"

	"github.com/go-telegram/bot/models"

	"github.com/peerbot/peerbot/people"
)

// allowedUpdates are the update types the bot asks Telegram for, in polling
// and webhook mode alike. Everything else would only be dropped by FromUpdate.
var allowedUpdates = []string{
	models.AllowedUpdateMessage,
	models.AllowedUpdateCallbackQuery,
	models.AllowedUpdateMyChatMember,
}

// FromUpdate reduces a Telegram update to an Incoming. It reports false for
// updates the bot does not handle: edits, channel posts, inline queries,
// callbacks on inline messages, membership changes other than blocking and
// unblocking, and messages sent by bots.
//
// Names, usernames and phone numbers are never copied: Incoming has no
// field for them.
func FromUpdate(u *models.Update) (Incoming, bool) {
	if u == nil {
		return Incoming{}, false
	}
	switch {
	case u.Message != nil:
		return fromMessage(u.ID, u.Message)
	case u.CallbackQuery != nil:
		return fromCallback(u.ID, u.CallbackQuery)
	case u.MyChatMember != nil:
		return fromMyChatMember(u.ID, u.MyChatMember)
	}
	return Incoming{}, false
}

func fromMessage(updateID int64, m *models.Message) (Incoming, bool) {
	if m.From != nil && m.From.IsBot {
		return Incoming{}, false
	}
	in := Incoming{
		UpdateID:  updateID,
		Chat:      people.ChatID(m.Chat.ID),
		MessageID: m.ID,
		Private:   m.Chat.Type == models.ChatTypePrivate,
	}
	if m.From != nil {
		in.LanguageCode = m.From.LanguageCode
		// A user's id is the id of their private chat with the bot.
		in.From = people.ChatID(m.From.ID)
	}
	switch {
	case m.Location != nil && m.Venue == nil:
		// Used at once for a search, never stored.
		in.Kind, in.Location = KindLocation, &Location{Lat: m.Location.Latitude, Lon: m.Location.Longitude}
	case m.Text == "" && len(m.Photo) > 0:
		// Partners send a photo of a sample while composing an alert; the
		// caption, which may say who they got it from, is not carried.
		in.Kind, in.Photo = KindPhoto, m.Photo[len(m.Photo)-1].FileID
	case m.Text == "":
		// Stickers, voice, files, locations, contacts and service
		// messages: the flows answer them all the same way, so their
		// content (which may identify the person) is not carried along.
		in.Kind = KindOther
	default:
		if cmd, payload, ok := parseCommand(m.Text); ok {
			in.Kind, in.Command, in.Payload = KindCommand, cmd, payload
		} else {
			in.Kind, in.Text = KindText, m.Text
		}
	}
	return in, true
}

// parseCommand splits "/Start@PeerBot src_flyer12" into "start" and
// "src_flyer12". Text that only looks like a command ("/ hello", "/😀") is
// not one: Telegram commands are Latin letters, digits and underscores.
func parseCommand(text string) (cmd, payload string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", false
	}
	// The command ends at the first space or newline.
	word, rest := text[1:], ""
	if i := strings.IndexFunc(word, unicode.IsSpace); i >= 0 {
		word, rest = word[:i], word[i:]
	}
	name, _, _ := strings.Cut(word, "@")
	if name == "" || len(name) > 32 {
		return "", "", false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return "", "", false
		}
	}
	return strings.ToLower(name), strings.TrimSpace(rest), true
}

func fromCallback(updateID int64, q *models.CallbackQuery) (Incoming, bool) {
	if q.From.IsBot {
		return Incoming{}, false
	}
	var chat models.Chat
	var messageID int
	switch {
	case q.Message.Message != nil:
		chat, messageID = q.Message.Message.Chat, q.Message.Message.ID
	case q.Message.InaccessibleMessage != nil:
		chat, messageID = q.Message.InaccessibleMessage.Chat, q.Message.InaccessibleMessage.MessageID
	default:
		// A button under an inline-mode message: there is no chat to answer.
		return Incoming{}, false
	}
	return Incoming{
		UpdateID:     updateID,
		Chat:         people.ChatID(chat.ID),
		From:         people.ChatID(q.From.ID),
		Kind:         KindCallback,
		CallbackID:   q.ID,
		CallbackData: q.Data,
		MessageID:    messageID,
		LanguageCode: q.From.LanguageCode,
		Private:      chat.Type == models.ChatTypePrivate,
	}, true
}

func fromMyChatMember(updateID int64, c *models.ChatMemberUpdated) (Incoming, bool) {
	in := Incoming{
		UpdateID:     updateID,
		Chat:         people.ChatID(c.Chat.ID),
		From:         people.ChatID(c.From.ID),
		LanguageCode: c.From.LanguageCode,
		Private:      c.Chat.Type == models.ChatTypePrivate,
	}
	switch c.NewChatMember.Type {
	case models.ChatMemberTypeBanned:
		in.Kind = KindBlocked
	case models.ChatMemberTypeMember:
		in.Kind = KindUnblocked
	default:
		// Promotions, restrictions and leaving groups mean nothing to the
		// flows.
		return Incoming{}, false
	}
	return in, true
}

// kindLabel is the metric label of an update kind.
func kindLabel(k Kind) string {
	switch k {
	case KindText:
		return "text"
	case KindCommand:
		return "command"
	case KindCallback:
		return "callback"
	case KindBlocked, KindUnblocked:
		return "member"
	case KindPhoto:
		return "photo"
	case KindLocation:
		return "location"
	default:
		return "other"
	}
}
