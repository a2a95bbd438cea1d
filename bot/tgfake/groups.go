package tgfake

import (
	"errors"
	"fmt"
	"strings"
)

// Group chats: people the fake knows (AddUser) write in a group the bot was
// added to. The bot has privacy mode on, Telegram's default: it receives
// commands, and not the rest of the conversation.

// group is what a group chat has beyond a chat.
type group struct {
	title string
	// supergroup follows the id: supergroup ids are -100 followed by ten or
	// more digits, basic group ids are other negative numbers.
	supergroup bool
}

// supergroupIDs are the ids at or below this, "-100" and ten digits.
const supergroupIDs = -1000000000000

// Errors of the group helpers.
var (
	ErrNotGroupID   = errors.New("tgfake: a group chat id must be negative")
	ErrChatExists   = errors.New("tgfake: the chat exists already")
	ErrUnknownGroup = errors.New("tgfake: unknown group")
)

// AddGroup creates a group chat with that (negative) id and title and adds
// the bot to it, as the known user addedBy would: the bot receives a
// my_chat_member update (left -> member). Ids of -100 followed by ten or
// more digits make a supergroup, others a basic group.
func (s *Server) AddGroup(id int64, title string, addedBy int64) (updateID int64, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case id >= 0:
		return 0, ErrNotGroupID
	case s.chats[id] != nil:
		return 0, ErrChatExists
	}
	u, ok := s.users[addedBy]
	if !ok {
		return 0, fmt.Errorf("adding a group: %w", ErrUnknownUser)
	}
	c := &chat{id: id, group: &group{title: title, supergroup: id <= supergroupIDs}}
	s.chats[id] = c
	member := func(status string) map[string]any { return map[string]any{"status": status, "user": s.botUser()} }
	return s.enqueueLocked(id, "my_chat_member", map[string]any{
		"chat":            wireGroup(c),
		"from":            wireUser(u),
		"date":            s.opts.Now().Unix(),
		"old_chat_member": member("left"),
		"new_chat_member": member("member"),
	}), nil
}

// SendGroupText has the known user write text in the group. The message is
// always in the chat (Messages shows it); the bot gets an update only for a
// command it may see in privacy mode: /command or /command@its_username,
// not /command@another_bot. updateID is 0 when no update was sent.
func (s *Server) SendGroupText(groupID, userID int64, text string) (updateID int64, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[groupID]
	if c == nil || c.group == nil {
		return 0, ErrUnknownGroup
	}
	u, ok := s.users[userID]
	if !ok {
		return 0, fmt.Errorf("writing in a group: %w", ErrUnknownUser)
	}
	if u.deactivated {
		return 0, nil
	}
	m := &Message{Kind: KindText, Text: text, SenderID: u.id, Date: s.opts.Now(), Entities: commandEntities(text)}
	c.add(m)
	s.publishLocked(Event{Kind: EventMessage, ChatID: c.id, Message: m.clone()})
	if !s.commandForBot(text) {
		s.notifyLocked()
		return 0, nil
	}
	return s.enqueueLocked(c.id, "message", s.wireMessage(c, m)), nil
}

// PressGroupButton has the known user press the callback button with
// that data under a bot message in the group, and returns the callback
// query id (see CallbackQuery for the bot's answer). The query names the
// user in "from" and the group's message, as Telegram's does. It fails like
// PressButton when the message is not the bot's, is gone or has no such
// button; a user who blocked the bot in private can still press in a group.
func (s *Server) PressGroupButton(groupID, userID int64, messageID int, data string) (queryID string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[groupID]
	if c == nil || c.group == nil {
		return "", ErrUnknownGroup
	}
	u, ok := s.users[userID]
	if !ok {
		return "", fmt.Errorf("pressing a button in a group: %w", ErrUnknownUser)
	}
	if u.deactivated {
		return "", fmt.Errorf("pressing a button in a group: the user is deactivated")
	}
	return s.pressLocked(c, u, messageID, data)
}

// commandForBot reports whether a privacy-mode bot receives text sent in a
// group: a command, addressed to no bot or to this one.
func (s *Server) commandForBot(text string) bool {
	if commandEntities(text) == nil {
		return false
	}
	_, target, addressed := strings.Cut(strings.Fields(text)[0], "@")
	return !addressed || strings.EqualFold(target, s.opts.BotUsername)
}

func wireGroup(c *chat) map[string]any {
	typ := "group"
	if c.group.supergroup {
		typ = "supergroup"
	}
	return map[string]any{"id": c.id, "type": typ, "title": c.group.title}
}
