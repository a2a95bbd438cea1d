package tgfake

import (
	"encoding/json"
	"slices"
	"time"
)

// MessageKind says what a message holds.
type MessageKind string

// Message kinds the fake produces.
const (
	KindText     MessageKind = "text"
	KindPhoto    MessageKind = "photo"
	KindSticker  MessageKind = "sticker"
	KindVoice    MessageKind = "voice"
	KindDocument MessageKind = "document"
	KindLocation MessageKind = "location"
)

// Button is one inline keyboard button of a bot message.
type Button struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data,omitempty"`
	URL          string `json:"url,omitempty"`
}

// Location is a point on the map.
type Location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

// Message is one message of a chat, from either side, as the fake keeps it.
type Message struct {
	ID      int
	ChatID  int64
	FromBot bool
	Date    time.Time
	Kind    MessageKind
	// Text is the parsed text, or the caption of a photo or document.
	Text     string
	Entities []Entity
	// ParseMode is the parse mode the bot used ("", "MarkdownV2", "HTML").
	ParseMode string
	// Keyboard is the inline keyboard under a bot message, nil if none.
	Keyboard [][]Button
	// ReplyMarkup is the reply_markup as the bot sent it (any kind).
	ReplyMarkup json.RawMessage
	// Silent is true when sent with disable_notification.
	Silent bool
	// Photo is the file_id of a photo.
	Photo string
	// Image is the bytes of a photo the bot uploaded (a chart), so the
	// demo can show it.
	Image []byte
	// FileID is the file_id of a sticker, voice note or document.
	FileID string
	// FileName is a document's name, or the URL a bot photo was sent from.
	FileName string
	Location *Location
	// SenderID is the user who wrote a person's message in a group chat; 0
	// for the bot's messages and in private chats.
	SenderID int64
	// ReplyTo is the id of the message this one replies to, 0 if none.
	ReplyTo   int
	EditCount int
	EditDate  time.Time
	Deleted   bool
}

// clone returns a deep copy, so callers never share state with the server.
func (m *Message) clone() Message {
	c := *m
	c.Entities = slices.Clone(m.Entities)
	c.ReplyMarkup = slices.Clone(m.ReplyMarkup)
	if m.Keyboard != nil {
		c.Keyboard = make([][]Button, len(m.Keyboard))
		for i, row := range m.Keyboard {
			c.Keyboard[i] = slices.Clone(row)
		}
	}
	if m.Location != nil {
		l := *m.Location
		c.Location = &l
	}
	return c
}

// HasCallbackButton reports whether the message has a callback button
// with that data.
func (m Message) HasCallbackButton(data string) bool {
	for _, row := range m.Keyboard {
		for _, b := range row {
			if b.CallbackData == data {
				return true
			}
		}
	}
	return false
}

// chat is a private chat between the bot and one user, or a group chat.
type chat struct {
	id       int64
	user     *user  // the person of a private chat; nil for a group
	group    *group // set for a group chat
	messages []*Message
	nextID   int
	action   string // last sendChatAction
}

func (c *chat) add(m *Message) *Message {
	c.nextID++
	m.ID = c.nextID
	m.ChatID = c.id
	c.messages = append(c.messages, m)
	return m
}

func (c *chat) find(id int) *Message {
	for _, m := range c.messages {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// Messages returns a copy of a chat's messages in order, deleted ones
// included (with Deleted set); nil for an unknown chat.
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return nil
	}
	out := make([]Message, 0, len(c.messages))
	for _, m := range c.messages {
		out = append(out, m.clone())
	}
	return out
}

// BotMessages returns the bot's messages in a chat that are not deleted.
func (s *Server) BotMessages(chatID int64) []Message {
	var out []Message
	for _, m := range s.Messages(chatID) {
		if m.FromBot && !m.Deleted {
			out = append(out, m)
		}
	}
	return out
}

// LastBotMessage returns the bot's latest message in a chat that is not
// deleted.
func (s *Server) LastBotMessage(chatID int64) (Message, bool) {
	msgs := s.BotMessages(chatID)
	if len(msgs) == 0 {
		return Message{}, false
	}
	return msgs[len(msgs)-1], true
}

// ChatAction returns the last action sent with sendChatAction to a chat.
func (s *Server) ChatAction(chatID int64) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.chats[chatID]; c != nil {
		return c.action
	}
	return ""
}

// keyboardOf extracts the inline keyboard of a reply_markup, if it is one.
func keyboardOf(markup string) [][]Button {
	if markup == "" {
		return nil
	}
	var m struct {
		InlineKeyboard [][]Button `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(markup), &m); err != nil || m.InlineKeyboard == nil {
		return nil
	}
	return m.InlineKeyboard
}
