package tgfake

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// deleteWindow is how long a message can be deleted for everyone.
const deleteWindow = 48 * time.Hour

// chatFor resolves a chat parameter. For a send it also applies the
// person's state (blocked, deactivated) and the rate limits.
func (s *Server) chatFor(req *request, param string, sending bool) (*chat, *apiError) {
	id, err := strconv.ParseInt(strings.TrimSpace(req.str(param)), 10, 64)
	c := s.chats[id]
	if err != nil || c == nil {
		return nil, badRequest("chat not found")
	}
	if !sending {
		return c, nil
	}
	switch {
	case c.user == nil: // a group: the bot is a member until removed
	case c.user.deactivated:
		return nil, &apiError{Code: http.StatusForbidden, Description: "Forbidden: user is deactivated"}
	case c.user.blocked:
		return nil, &apiError{Code: http.StatusForbidden, Description: "Forbidden: bot was blocked by the user"}
	}
	if sendingMethods[req.method] {
		if err := s.limits.admit(s, req); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// replyTo checks reply_parameters against the chat.
func replyTo(c *chat, req *request) (int, *apiError) {
	if !req.has("reply_parameters") {
		return 0, nil
	}
	var p struct {
		MessageID                int  `json:"message_id"`
		AllowSendingWithoutReply bool `json:"allow_sending_without_reply"`
	}
	_ = decodeJSON(req.str("reply_parameters"), &p)
	if m := c.find(p.MessageID); m != nil && !m.Deleted {
		return p.MessageID, nil
	}
	if p.AllowSendingWithoutReply {
		return 0, nil
	}
	return 0, badRequest("message to be replied not found")
}

// compactMarkup normalizes a reply_markup (compact, keys sorted) so that
// equal keyboards compare equal whatever the client's key order.
func compactMarkup(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return json.RawMessage(s)
	}
	out, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage(s)
	}
	return out
}

func (s *Server) newBotMessage(req *request, kind MessageKind) *Message {
	markup := compactMarkup(req.str("reply_markup"))
	return &Message{
		FromBot:     true,
		Date:        s.opts.Now(),
		Kind:        kind,
		Silent:      req.bool("disable_notification"),
		ReplyMarkup: markup,
		Keyboard:    keyboardOf(string(markup)),
	}
}

func (s *Server) postLocked(c *chat, m *Message) map[string]any {
	c.add(m)
	s.publishLocked(Event{Kind: EventMessage, ChatID: c.id, Message: m.clone()})
	return s.wireMessage(c, m)
}

func (s *Server) sendMessage(req *request) (any, string, *apiError) {
	c, err := s.chatFor(req, "chat_id", true)
	if err != nil {
		return nil, "", err
	}
	reply, err := replyTo(c, req)
	if err != nil {
		return nil, "", err
	}
	p := req.parsed["text"]
	m := s.newBotMessage(req, KindText)
	m.Text, m.Entities, m.ParseMode, m.ReplyTo = p.Text, p.Entities, p.ParseMode, reply
	return s.postLocked(c, m), "", nil
}

func (s *Server) sendPhoto(req *request) (any, string, *apiError) {
	c, err := s.chatFor(req, "chat_id", true)
	if err != nil {
		return nil, "", err
	}
	reply, err := replyTo(c, req)
	if err != nil {
		return nil, "", err
	}
	m := s.newBotMessage(req, KindPhoto)
	photo := req.str("photo")
	_, uploaded := req.files["photo"]
	switch {
	case uploaded || strings.HasPrefix(photo, "attach://"):
		m.Photo, m.Image = s.newFileLocked("photo"), req.uploads["photo"]
		if data, ok := req.uploads["photo"]; ok {
			s.fileData[m.Photo] = data
		}
	case strings.HasPrefix(photo, "http://") || strings.HasPrefix(photo, "https://"):
		m.Photo, m.FileName = s.newFileLocked("photo"), photo
	case s.files[photo] == "photo":
		m.Photo = photo
	default:
		return nil, "", badRequest("wrong file identifier/HTTP URL specified")
	}
	p := req.parsed["caption"]
	m.Text, m.Entities, m.ParseMode, m.ReplyTo = p.Text, p.Entities, p.ParseMode, reply
	return s.postLocked(c, m), "", nil
}

func (s *Server) sendLocation(req *request) (any, string, *apiError) {
	lat, lon := req.float("latitude"), req.float("longitude")
	if lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return nil, "", badRequest("wrong location specified")
	}
	c, err := s.chatFor(req, "chat_id", true)
	if err != nil {
		return nil, "", err
	}
	m := s.newBotMessage(req, KindLocation)
	m.Location = &Location{Latitude: lat, Longitude: lon}
	return s.postLocked(c, m), "", nil
}

// sendVenue is a map pin with a place's name and address: a location
// message whose text, as the fake keeps it, is the title and the address.
func (s *Server) sendVenue(req *request) (any, string, *apiError) {
	lat, lon := req.float("latitude"), req.float("longitude")
	if lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return nil, "", badRequest("wrong location specified")
	}
	title, address := req.str("title"), req.str("address")
	if strings.TrimSpace(title) == "" || strings.TrimSpace(address) == "" {
		return nil, "", badRequest("venue title and address must be non-empty")
	}
	c, err := s.chatFor(req, "chat_id", true)
	if err != nil {
		return nil, "", err
	}
	m := s.newBotMessage(req, KindLocation)
	m.Location = &Location{Latitude: lat, Longitude: lon}
	m.Text = title + "\n" + address
	return s.postLocked(c, m), "", nil
}

func (s *Server) copyMessage(req *request) (any, string, *apiError) {
	from, err := s.chatFor(req, "from_chat_id", false)
	if err != nil {
		return nil, "", err
	}
	orig := from.find(req.int("message_id"))
	if orig == nil || orig.Deleted {
		return nil, "", badRequest("message to copy not found")
	}
	c, err := s.chatFor(req, "chat_id", true)
	if err != nil {
		return nil, "", err
	}
	m := s.newBotMessage(req, orig.Kind)
	m.Text, m.Entities, m.ParseMode = orig.Text, slices.Clone(orig.Entities), orig.ParseMode
	m.Photo, m.FileID, m.FileName, m.Location = orig.Photo, orig.FileID, orig.FileName, orig.Location
	if p, ok := req.parsed["caption"]; ok && orig.Kind != KindText {
		m.Text, m.Entities, m.ParseMode = p.Text, p.Entities, p.ParseMode
	}
	s.postLocked(c, m)
	return map[string]any{"message_id": m.ID}, "", nil
}

var chatActions = []string{"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
	"upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note"}

func (s *Server) sendChatAction(req *request) (any, string, *apiError) {
	c, err := s.chatFor(req, "chat_id", true)
	if err != nil {
		return nil, "", err
	}
	action := req.str("action")
	if !slices.Contains(chatActions, action) {
		return nil, "", badRequest("wrong parameter action in request")
	}
	c.action = action
	s.publishLocked(Event{Kind: EventChatAction, ChatID: c.id, Action: action})
	return true, "", nil
}

// botMessageToEdit finds a message the bot may edit.
func (s *Server) botMessageToEdit(req *request) (*chat, *Message, *apiError) {
	if !req.has("chat_id") {
		// Inline messages only exist in inline mode, which the fake has not.
		return nil, nil, badRequest("MESSAGE_ID_INVALID")
	}
	c, err := s.chatFor(req, "chat_id", false)
	if err != nil {
		return nil, nil, err
	}
	m := c.find(req.int("message_id"))
	switch {
	case m == nil || m.Deleted:
		return nil, nil, badRequest("message to edit not found")
	case !m.FromBot:
		return nil, nil, badRequest("message can't be edited")
	}
	return c, m, nil
}

var errNotModified = badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")

// applyEdit stores an edit, or refuses it when nothing changes.
func (s *Server) applyEdit(c *chat, m *Message, p formatted, markup json.RawMessage) (any, string, *apiError) {
	keyboard := keyboardOf(string(markup))
	if keyboard == nil {
		markup = nil
	}
	if p.Text == m.Text && slices.Equal(p.Entities, m.Entities) && bytes.Equal(markup, inlineMarkup(m)) {
		return nil, "", errNotModified
	}
	m.Text, m.Entities, m.ParseMode = p.Text, p.Entities, p.ParseMode
	m.ReplyMarkup, m.Keyboard = markup, keyboard
	m.EditCount++
	m.EditDate = s.opts.Now()
	s.publishLocked(Event{Kind: EventEdited, ChatID: c.id, Message: m.clone()})
	return s.wireMessage(c, m), "", nil
}

// inlineMarkup is the message's current inline keyboard markup, if any.
func inlineMarkup(m *Message) json.RawMessage {
	if m.Keyboard == nil {
		return nil
	}
	return m.ReplyMarkup
}

func (s *Server) editMessageText(req *request) (any, string, *apiError) {
	c, m, err := s.botMessageToEdit(req)
	if err != nil {
		return nil, "", err
	}
	if m.Kind != KindText {
		return nil, "", badRequest("there is no text in the message to edit")
	}
	// Without reply_markup the edited message loses its keyboard, as in
	// Telegram.
	return s.applyEdit(c, m, req.parsed["text"], compactMarkup(req.str("reply_markup")))
}

func (s *Server) editMessageCaption(req *request) (any, string, *apiError) {
	c, m, err := s.botMessageToEdit(req)
	if err != nil {
		return nil, "", err
	}
	if m.Kind == KindText || m.Kind == KindLocation || m.Kind == KindSticker {
		return nil, "", badRequest("there is no caption in the message to edit")
	}
	return s.applyEdit(c, m, req.parsed["caption"], compactMarkup(req.str("reply_markup")))
}

func (s *Server) editMessageReplyMarkup(req *request) (any, string, *apiError) {
	c, m, err := s.botMessageToEdit(req)
	if err != nil {
		return nil, "", err
	}
	same := formatted{Text: m.Text, Entities: m.Entities, ParseMode: m.ParseMode}
	return s.applyEdit(c, m, same, compactMarkup(req.str("reply_markup")))
}

// deleteOne deletes a message if Telegram would let the bot: any message
// of a private chat (the bot's or the person's) younger than 48 hours.
func (s *Server) deleteOne(c *chat, id int) *apiError {
	m := c.find(id)
	if m == nil || m.Deleted {
		return badRequest("message to delete not found")
	}
	if s.opts.Now().Sub(m.Date) >= deleteWindow {
		return badRequest("message can't be deleted for everyone")
	}
	m.Deleted = true
	s.publishLocked(Event{Kind: EventDeleted, ChatID: c.id, Message: m.clone()})
	return nil
}

func (s *Server) deleteMessage(req *request) (any, string, *apiError) {
	c, err := s.chatFor(req, "chat_id", false)
	if err != nil {
		return nil, "", err
	}
	if err := s.deleteOne(c, req.int("message_id")); err != nil {
		return nil, "", err
	}
	return true, "", nil
}

func (s *Server) deleteMessages(req *request) (any, string, *apiError) {
	c, err := s.chatFor(req, "chat_id", false)
	if err != nil {
		return nil, "", err
	}
	var ids []int
	_ = decodeJSON(req.str("message_ids"), &ids)
	deleted := 0
	for _, id := range ids {
		// Messages that cannot be deleted are skipped, as documented.
		if s.deleteOne(c, id) == nil {
			deleted++
		}
	}
	if deleted == 0 {
		return nil, "", badRequest("message to delete not found")
	}
	return true, "", nil
}

func (s *Server) answerCallbackQuery(req *request) (any, string, *apiError) {
	q := s.callbacks[req.str("callback_query_id")]
	if q == nil || q.Answered {
		return nil, "", badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	q.Answered, q.AnswerText, q.ShowAlert, q.URL = true, req.str("text"), req.bool("show_alert"), req.str("url")
	s.publishLocked(Event{Kind: EventCallbackAnswer, ChatID: q.ChatID, Callback: q.clone()})
	return true, "", nil
}
