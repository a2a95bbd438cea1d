package tgfake

import (
	"fmt"
	"strconv"
	"strings"
)

// The people's side of the chats: each call adds the person's message to
// the chat and queues the update the bot will receive. All return the
// update id, or 0 when the person cannot write (deactivated account).

// SendText sends a text message from the user to the bot. A user who had
// blocked the bot unblocks it first, as Telegram's "Restart" does.
func (s *Server) SendText(userID int64, text string) (updateID int64) {
	return s.userMessage(userID, &Message{Kind: KindText, Text: text})
}

// SendCommand sends a command; the leading "/" is added when missing.
func (s *Server) SendCommand(userID int64, command string) (updateID int64) {
	if !strings.HasPrefix(command, "/") {
		command = "/" + command
	}
	return s.SendText(userID, command)
}

// SendSticker sends a sticker.
func (s *Server) SendSticker(userID int64) (updateID int64) {
	return s.userMessage(userID, &Message{Kind: KindSticker})
}

// SendVoice sends a voice note.
func (s *Server) SendVoice(userID int64) (updateID int64) {
	return s.userMessage(userID, &Message{Kind: KindVoice})
}

// SendDocument sends a file with that name.
func (s *Server) SendDocument(userID int64, fileName string) (updateID int64) {
	return s.userMessage(userID, &Message{Kind: KindDocument, FileName: fileName})
}

// SendPhoto sends a photo with an optional caption.
func (s *Server) SendPhoto(userID int64, caption string) (updateID int64) {
	return s.userMessage(userID, &Message{Kind: KindPhoto, Text: caption})
}

// SendLocation shares a location.
func (s *Server) SendLocation(userID int64, latitude, longitude float64) (updateID int64) {
	return s.userMessage(userID, &Message{Kind: KindLocation, Location: &Location{Latitude: latitude, Longitude: longitude}})
}

func (s *Server) userMessage(userID int64, m *Message) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.userMessageLocked(userID, m)
}

func (s *Server) userMessageLocked(userID int64, m *Message) int64 {
	u := s.userFor(userID)
	if u.deactivated {
		return 0
	}
	s.unblockLocked(u)
	c := s.chats[u.id]
	m.Date = s.opts.Now()
	switch m.Kind {
	case KindPhoto:
		m.Photo = s.newFileLocked("photo")
	case KindSticker, KindVoice, KindDocument:
		m.FileID = s.newFileLocked(string(m.Kind))
	case KindText:
		m.Entities = commandEntities(m.Text)
	}
	c.add(m)
	id := s.enqueueLocked(c.id, "message", s.wireMessage(c, m))
	s.publishLocked(Event{Kind: EventMessage, ChatID: c.id, Message: m.clone()})
	return id
}

// commandEntities marks a leading /command like Telegram's clients do.
func commandEntities(text string) []Entity {
	if !strings.HasPrefix(text, "/") || len(text) < 2 {
		return nil
	}
	end := strings.IndexAny(text, " \n\t")
	if end < 0 {
		end = len(text)
	}
	word := text[1:end]
	name, _, _ := strings.Cut(word, "@")
	if name == "" {
		return nil
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return nil
		}
	}
	return []Entity{{Type: "bot_command", Offset: 0, Length: utf16Len(text[:end])}}
}

// newFileLocked makes a file_id the bot can send back later.
func (s *Server) newFileLocked(kind string) string {
	s.nextFile++
	id := fmt.Sprintf("AgACAgFake%s%06d", strings.ToUpper(kind[:1]), s.nextFile)
	s.files[id] = kind
	return id
}

// CallbackQuery is a button press and the bot's answer to it.
type CallbackQuery struct {
	ID        string
	ChatID    int64
	MessageID int
	Data      string
	Answered  bool
	// AnswerText, ShowAlert and URL are what answerCallbackQuery set.
	AnswerText string
	ShowAlert  bool
	URL        string
}

// PressButton presses the callback button with that data under a bot
// message. It fails, like a real client could not, unless the message is
// the bot's, still exists and currently has such a button.
func (s *Server) PressButton(userID int64, messageID int, data string) error {
	_, err := s.Press(userID, messageID, data)
	return err
}

// Press is PressButton that also returns the callback query id, to check
// the bot's answer with CallbackQuery.
func (s *Server) Press(userID int64, messageID int, data string) (queryID string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[userID]
	if !ok {
		return "", fmt.Errorf("pressing a button: %w", ErrUnknownUser)
	}
	if u.deactivated || u.blocked {
		return "", fmt.Errorf("pressing a button: the user has blocked the bot or is deactivated")
	}
	return s.pressLocked(s.chats[u.id], u, messageID, data)
}

// pressLocked has u press a callback button under a bot message of chat c
// (their private chat, or a group) and sends the bot the callback query.
func (s *Server) pressLocked(c *chat, u *user, messageID int, data string) (queryID string, err error) {
	m := c.find(messageID)
	switch {
	case m == nil || m.Deleted:
		return "", fmt.Errorf("pressing a button: message %d not found", messageID)
	case !m.FromBot:
		return "", fmt.Errorf("pressing a button: message %d is not the bot's", messageID)
	case !m.HasCallbackButton(data):
		return "", fmt.Errorf("pressing a button: message %d has no button with data %q", messageID, data)
	}
	s.nextCallback++
	id := strconv.FormatInt(4382000000000000+s.nextCallback*7919, 36)
	q := &CallbackQuery{ID: id, ChatID: c.id, MessageID: m.ID, Data: data}
	s.callbacks[id] = q
	s.enqueueLocked(c.id, "callback_query", map[string]any{
		"id":            id,
		"from":          wireUser(u),
		"message":       s.wireMessage(c, m),
		"chat_instance": strconv.FormatInt(-8000000000-c.id, 10),
		"data":          data,
	})
	s.publishLocked(Event{Kind: EventButtonPressed, ChatID: c.id, Message: m.clone(), Callback: q.clone()})
	return id, nil
}

// CallbackQuery returns a button press by query id.
func (s *Server) CallbackQuery(queryID string) (CallbackQuery, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, ok := s.callbacks[queryID]
	if !ok {
		return CallbackQuery{}, false
	}
	return *q, true
}

func (q *CallbackQuery) clone() *CallbackQuery {
	c := *q
	return &c
}
