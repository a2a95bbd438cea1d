package demo

import (
	"encoding/base64"
	"fmt"
	"net/http"

	"github.com/peerbot/peerbot/bot/tgfake"
)

// message is a chat message as the page shows it.
type message struct {
	ID int `json:"id"`
	// From is "bot" or "person".
	From string `json:"from"`
	// Kind is text, photo, sticker, voice, document or location.
	Kind string `json:"kind"`
	// Text is the text, or the caption of a photo or document, with its
	// entities (offsets in UTF-16 code units, as Telegram counts them).
	Text     string          `json:"text,omitempty"`
	Entities []tgfake.Entity `json:"entities,omitempty"`
	// Keyboard is the inline keyboard under a bot message.
	Keyboard [][]button `json:"keyboard,omitempty"`
	// Silent is set for messages sent without sound.
	Silent bool `json:"silent,omitempty"`
	// Edited is set once the bot has edited the message.
	Edited bool `json:"edited,omitempty"`
	// Date is when the message was sent, in Unix seconds.
	Date int64 `json:"date"`
	// MediaLabel describes a document (its file name) or a location.
	MediaLabel string `json:"media_label,omitempty"`
	// Image is a photo the bot uploaded (a chart), as a data: URL.
	Image string `json:"image,omitempty"`
}

// button is one inline keyboard button: a callback button (Data) or a link
// (URL).
type button struct {
	Text string `json:"text"`
	Data string `json:"data,omitempty"`
	URL  string `json:"url,omitempty"`
}

// convertMessage turns a message of the fake into the page's form; deleted
// messages are not shown.
func convertMessage(m tgfake.Message) (message, bool) {
	if m.Deleted {
		return message{}, false
	}
	out := message{
		ID:       m.ID,
		From:     "person",
		Kind:     string(m.Kind),
		Text:     m.Text,
		Entities: m.Entities,
		Silent:   m.Silent,
		Edited:   m.EditCount > 0,
		Date:     m.Date.Unix(),
	}
	if m.FromBot {
		out.From = "bot"
	}
	if out.Kind == "" {
		out.Kind = string(tgfake.KindText)
	}
	for _, row := range m.Keyboard {
		r := make([]button, 0, len(row))
		for _, b := range row {
			r = append(r, button{Text: b.Text, Data: b.CallbackData, URL: b.URL})
		}
		out.Keyboard = append(out.Keyboard, r)
	}
	if ct := http.DetectContentType(m.Image); m.Kind == tgfake.KindPhoto && (ct == "image/png" || ct == "image/jpeg") {
		out.Image = "data:" + ct + ";base64," + base64.StdEncoding.EncodeToString(m.Image)
	}
	switch {
	case m.Kind == tgfake.KindDocument && m.FileName != "":
		out.MediaLabel = m.FileName
	case m.Kind == tgfake.KindLocation && m.Location != nil:
		out.MediaLabel = fmt.Sprintf("Location %.5f, %.5f", m.Location.Latitude, m.Location.Longitude)
	}
	return out, true
}

// fakeEvent turns a change in the fake into the event the page gets, if
// the page shows it: only the demo's people's chats are streamed.
func (c *WebChat) fakeEvent(e tgfake.Event) (event, bool) {
	if !c.isPerson(e.ChatID) {
		return event{}, false
	}
	switch e.Kind {
	case tgfake.EventMessage, tgfake.EventEdited:
		m, ok := convertMessage(e.Message)
		if !ok {
			return event{}, false
		}
		return event{name: "message", data: messageEvent{PersonID: e.ChatID, Message: m}}, true
	case tgfake.EventDeleted:
		return event{name: "deleted", data: deletedEvent{PersonID: e.ChatID, MessageID: e.Message.ID}}, true
	case tgfake.EventCallbackAnswer:
		if e.Callback == nil || e.Callback.AnswerText == "" {
			return event{}, false
		}
		return event{name: "notice", data: noticeEvent{PersonID: e.ChatID, Text: e.Callback.AnswerText, Alert: e.Callback.ShowAlert}}, true
	case tgfake.EventChatAction:
		return event{name: "action", data: actionEvent{PersonID: e.ChatID, Action: e.Action}}, true
	case tgfake.EventBlocked, tgfake.EventUnblocked:
		p, ok := c.personView(e.ChatID)
		if !ok {
			return event{}, false
		}
		// Blocked is read now, not taken from the event: a stream that
		// lags shows the state the API would give.
		return event{name: "person", data: p}, true
	}
	return event{}, false
}
