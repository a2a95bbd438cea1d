package tgfake

import (
	"encoding/json"
	"fmt"
)

// The Bot API's JSON shapes, built as maps so that optional fields are
// simply absent, like in Telegram's answers.

func (s *Server) botUser() map[string]any {
	return map[string]any{"id": s.botID, "is_bot": true, "first_name": "Peerbot Test", "username": s.opts.BotUsername}
}

func wireUser(u *user) map[string]any {
	m := map[string]any{"id": u.id, "is_bot": false, "first_name": u.firstName}
	if u.languageCode != "" {
		m["language_code"] = u.languageCode
	}
	return m
}

func wireChat(u *user) map[string]any {
	return map[string]any{"id": u.id, "type": "private", "first_name": u.firstName}
}

// wireMessage renders a message as a Bot API Message object.
func (s *Server) wireMessage(c *chat, m *Message) map[string]any {
	out := map[string]any{
		"message_id": m.ID,
		"date":       m.Date.Unix(),
	}
	switch {
	case c.group != nil:
		out["chat"] = wireGroup(c)
	default:
		out["chat"] = wireChat(c.user)
	}
	switch {
	case m.FromBot:
		out["from"] = s.botUser()
	case c.group != nil:
		out["from"] = wireUser(s.users[m.SenderID])
	default:
		out["from"] = wireUser(c.user)
	}
	textKey, entitiesKey := "text", "entities"
	switch m.Kind {
	case KindPhoto:
		textKey, entitiesKey = "caption", "caption_entities"
		out["photo"] = []map[string]any{
			{"file_id": m.Photo, "file_unique_id": uniqueID(m.Photo) + "s", "width": 90, "height": 90, "file_size": 1200},
			{"file_id": m.Photo, "file_unique_id": uniqueID(m.Photo), "width": 800, "height": 800, "file_size": 48000},
		}
	case KindSticker:
		out["sticker"] = map[string]any{"file_id": m.FileID, "file_unique_id": uniqueID(m.FileID), "type": "regular",
			"width": 512, "height": 512, "is_animated": false, "is_video": false, "emoji": "👍"}
	case KindVoice:
		out["voice"] = map[string]any{"file_id": m.FileID, "file_unique_id": uniqueID(m.FileID), "duration": 3, "mime_type": "audio/ogg"}
	case KindDocument:
		textKey, entitiesKey = "caption", "caption_entities"
		out["document"] = map[string]any{"file_id": m.FileID, "file_unique_id": uniqueID(m.FileID), "file_name": m.FileName}
	case KindLocation:
		out["location"] = m.Location
	}
	if m.Text != "" {
		out[textKey] = m.Text
	}
	if len(m.Entities) > 0 {
		out[entitiesKey] = m.Entities
	}
	if len(m.ReplyMarkup) > 0 && m.Keyboard != nil {
		// Only inline keyboards are part of the Message object.
		out["reply_markup"] = json.RawMessage(m.ReplyMarkup)
	}
	if m.EditCount > 0 {
		out["edit_date"] = m.EditDate.Unix()
	}
	if m.ReplyTo != 0 {
		if r := c.find(m.ReplyTo); r != nil && !r.Deleted {
			out["reply_to_message"] = s.wireMessage(c, &Message{ID: r.ID, Date: r.Date, FromBot: r.FromBot, SenderID: r.SenderID, Kind: r.Kind, Text: r.Text,
				Photo: r.Photo, FileID: r.FileID, FileName: r.FileName, Location: r.Location})
		}
	}
	return out
}

func uniqueID(fileID string) string {
	return fmt.Sprintf("AQAD%x", len(fileID)*7919+int(hash(fileID)%100000))
}

// hash is FNV-1a; it only makes unique ids look different per file.
func hash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// chatMemberUpdate is the my_chat_member payload for a block or unblock.
func (s *Server) chatMemberUpdate(u *user, oldStatus, newStatus string) map[string]any {
	member := func(status string) map[string]any {
		m := map[string]any{"status": status, "user": s.botUser()}
		if status == "kicked" {
			m["until_date"] = 0
		}
		return m
	}
	return map[string]any{
		"chat":            wireChat(u),
		"from":            wireUser(u),
		"date":            s.opts.Now().Unix(),
		"old_chat_member": member(oldStatus),
		"new_chat_member": member(newStatus),
	}
}
