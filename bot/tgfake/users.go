package tgfake

import (
	"errors"
	"fmt"
)

// user is a person talking to the bot. The fake gives them no username and
// no phone, and a neutral first name.
type user struct {
	id           int64
	firstName    string
	languageCode string
	blocked      bool
	deactivated  bool
}

// ErrUnknownUser is returned for a user id that AddUser never saw.
var ErrUnknownUser = errors.New("tgfake: unknown user")

// AddUser adds a person with a private chat with the bot (chat id = user
// id). languageCode is their app's IETF tag ("fr", "pt-br"), may be empty.
// Adding an existing user only updates the language.
func (s *Server) AddUser(id int64, languageCode string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addUserLocked(id, languageCode)
	s.notifyLocked()
}

func (s *Server) addUserLocked(id int64, languageCode string) *user {
	if u, ok := s.users[id]; ok {
		u.languageCode = languageCode
		return u
	}
	s.nextUserNo++
	u := &user{id: id, firstName: fmt.Sprintf("Person %d", s.nextUserNo), languageCode: languageCode}
	s.users[id] = u
	s.chats[id] = &chat{id: id, user: u}
	return u
}

// userFor returns a user that can act in the chat: known users are used
// as they are; unknown ones are added with no language code, so a web UI
// can simply start talking.
func (s *Server) userFor(id int64) *user {
	if u, ok := s.users[id]; ok {
		return u
	}
	return s.addUserLocked(id, "")
}

// Block makes the user block the bot: the bot gets a my_chat_member update
// (member -> kicked) and its sends to the chat fail with 403.
func (s *Server) Block(userID int64) (updateID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.userFor(userID)
	if u.blocked {
		return 0
	}
	u.blocked = true
	id := s.enqueueLocked(u.id, "my_chat_member", s.chatMemberUpdate(u, "member", "kicked"))
	s.publishLocked(Event{Kind: EventBlocked, ChatID: u.id})
	return id
}

// Unblock makes the user unblock the bot (kicked -> member).
func (s *Server) Unblock(userID int64) (updateID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.unblockLocked(s.userFor(userID))
}

func (s *Server) unblockLocked(u *user) int64 {
	if !u.blocked {
		return 0
	}
	u.blocked = false
	id := s.enqueueLocked(u.id, "my_chat_member", s.chatMemberUpdate(u, "kicked", "member"))
	s.publishLocked(Event{Kind: EventUnblocked, ChatID: u.id})
	return id
}

// Deactivate deletes the user's account: sends to them fail with 403
// "Forbidden: user is deactivated" and they can no longer write.
func (s *Server) Deactivate(userID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.userFor(userID).deactivated = true
	s.publishLocked(Event{Kind: EventDeactivated, ChatID: userID})
}

// IsBlocked reports whether the user currently blocks the bot.
func (s *Server) IsBlocked(userID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[userID]
	return ok && u.blocked
}
