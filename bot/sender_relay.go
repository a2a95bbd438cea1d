package bot

import (
	"context"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/peerbot/peerbot/people"
)

// outgoingMarkup is the reply_markup of a message: the inline keyboard, or
// a keyboard under the text field that asks for the location, or the
// removal of such a keyboard.
func outgoingMarkup(out Outgoing) (models.ReplyMarkup, error) {
	switch {
	case out.AskLocation != "" && out.EditMessageID == 0:
		rows := [][]models.KeyboardButton{{{Text: out.AskLocation, RequestLocation: true}}}
		if out.CancelText != "" {
			rows = append(rows, []models.KeyboardButton{{Text: out.CancelText}})
		}
		return &models.ReplyKeyboardMarkup{Keyboard: rows, ResizeKeyboard: true, OneTimeKeyboard: true}, nil
	case out.RemoveKeyboard && len(out.Keyboard) == 0 && out.EditMessageID == 0:
		return &models.ReplyKeyboardRemove{RemoveKeyboard: true}, nil
	}
	return replyMarkup(out.Keyboard)
}

// Copy copies message messageID of chat from into chat to with
// copyMessage: the copy has no "forwarded from" header, so neither side
// learns who the other is. It returns the new message's id.
func (s *Sender) Copy(ctx context.Context, to, from people.ChatID, messageID int) (int, error) {
	var id int
	err := s.call(ctx, "copyMessage", to, PriorityReply, func(ctx context.Context) error {
		m, err := s.api.CopyMessage(ctx, &tgbot.CopyMessageParams{ChatID: int64(to), FromChatID: int64(from), MessageID: messageID})
		if err == nil {
			id = m.ID
		}
		return err
	})
	return id, err
}

// SendVenue sends a map pin with a place's name and address. With
// removeKeyboard it also removes a keyboard under the text field.
func (s *Sender) SendVenue(ctx context.Context, chat people.ChatID, lat, lon float64, title, address string, removeKeyboard bool) (int, error) {
	var id int
	var markup models.ReplyMarkup
	if removeKeyboard {
		markup = &models.ReplyKeyboardRemove{RemoveKeyboard: true}
	}
	err := s.call(ctx, "sendVenue", chat, PriorityReply, func(ctx context.Context) error {
		m, err := s.api.SendVenue(ctx, &tgbot.SendVenueParams{ChatID: int64(chat), Latitude: lat, Longitude: lon,
			Title: title, Address: address, ReplyMarkup: markup})
		if err == nil {
			id = m.ID
		}
		return err
	})
	return id, err
}

// SendLocation sends a map pin. With removeKeyboard it also removes a
// keyboard under the text field (the one that asked for the location).
func (s *Sender) SendLocation(ctx context.Context, chat people.ChatID, lat, lon float64, removeKeyboard bool) (int, error) {
	var id int
	var markup models.ReplyMarkup
	if removeKeyboard {
		markup = &models.ReplyKeyboardRemove{RemoveKeyboard: true}
	}
	err := s.call(ctx, "sendLocation", chat, PriorityReply, func(ctx context.Context) error {
		m, err := s.api.SendLocation(ctx, &tgbot.SendLocationParams{ChatID: int64(chat), Latitude: lat, Longitude: lon, ReplyMarkup: markup})
		if err == nil {
			id = m.ID
		}
		return err
	})
	return id, err
}
