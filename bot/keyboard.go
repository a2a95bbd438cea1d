package bot

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/go-telegram/bot/models"
)

// Row groups buttons into one keyboard row:
//
//	Keyboard{Row(yes, no), Row(back)}
func Row(buttons ...Button) []Button {
	return buttons
}

// CallbackButton returns a button that sends c back to the bot when pressed.
// The callback is built by the program itself, so an encoding error is a
// bug: it panics, like MustEncodeCallback.
func CallbackButton(text string, c Callback) Button {
	return Button{Text: text, Data: MustEncodeCallback(c)}
}

// URLButton returns a button that opens url.
func URLButton(text, url string) Button {
	return Button{Text: text, URL: url}
}

// InlineKeyboard converts k to Telegram's inline keyboard markup. An empty
// keyboard gives nil, which sends no markup at all (and, in an edit, removes
// the keyboard). It checks what Telegram would reject, so that a bad
// keyboard fails here, naming the button, instead of as a 400 from Telegram:
// every button needs text and exactly one of Data and URL, and Data fits in
// MaxCallbackData bytes.
func InlineKeyboard(k Keyboard) (*models.InlineKeyboardMarkup, error) {
	if len(k) == 0 {
		return nil, nil
	}
	rows := make([][]models.InlineKeyboardButton, 0, len(k))
	for r, row := range k {
		if len(row) == 0 {
			return nil, fmt.Errorf("keyboard row %d: no buttons", r)
		}
		out := make([]models.InlineKeyboardButton, 0, len(row))
		for c, b := range row {
			if err := checkButton(b); err != nil {
				return nil, fmt.Errorf("keyboard row %d button %d: %w", r, c, err)
			}
			out = append(out, models.InlineKeyboardButton{Text: b.Text, CallbackData: b.Data, URL: b.URL})
		}
		rows = append(rows, out)
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}, nil
}

func checkButton(b Button) error {
	switch {
	case b.Text == "":
		return errors.New("empty text")
	case b.Data == "" && b.URL == "":
		return errors.New("neither callback data nor URL")
	case b.Data != "" && b.URL != "":
		return errors.New("both callback data and URL")
	case len(b.Data) > MaxCallbackData:
		return fmt.Errorf("callback data is %d bytes, over Telegram's %d", len(b.Data), MaxCallbackData)
	}
	return nil
}

// wireMarkup is the reply_markup the Sender puts on the wire. The library's
// models.InlineKeyboardButton always serialises "copy_text":{"text":""} (an
// omitempty struct is never omitted), which Telegram can refuse with
// BUTTON_COPY_TEXT_INVALID; this sends only the fields Peerbot uses.
type wireMarkup struct {
	m *models.InlineKeyboardMarkup
}

// MarshalJSON implements json.Marshaler.
func (w wireMarkup) MarshalJSON() ([]byte, error) {
	type button struct {
		Text         string `json:"text"`
		URL          string `json:"url,omitempty"`
		CallbackData string `json:"callback_data,omitempty"`
	}
	rows := make([][]button, 0, len(w.m.InlineKeyboard))
	for _, row := range w.m.InlineKeyboard {
		out := make([]button, 0, len(row))
		for _, b := range row {
			out = append(out, button{Text: b.Text, URL: b.URL, CallbackData: b.CallbackData})
		}
		rows = append(rows, out)
	}
	return json.Marshal(struct {
		InlineKeyboard [][]button `json:"inline_keyboard"`
	}{rows})
}

// replyMarkup converts k for a request: nil (no field at all) when k is
// empty.
func replyMarkup(k Keyboard) (models.ReplyMarkup, error) {
	m, err := InlineKeyboard(k)
	if err != nil || m == nil {
		return nil, err
	}
	return wireMarkup{m}, nil
}
