package tgfake

import (
	"context"
	"fmt"
)

// Wait returns when cond is true, checking it again after every change of
// the fake's state, or fails when ctx ends. cond may call the Server's
// methods.
func (s *Server) Wait(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		// changed is taken before cond runs, so a change in between is
		// not missed.
		if cond() {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("waiting for the fake's state: %w", ctx.Err())
		}
	}
}

// WaitForBotMessage waits for a bot message in the chat, not deleted, that
// match accepts (nil accepts any), and returns the latest such message.
func (s *Server) WaitForBotMessage(ctx context.Context, chatID int64, match func(Message) bool) (Message, error) {
	var found Message
	err := s.Wait(ctx, func() bool {
		msgs := s.BotMessages(chatID)
		for i := len(msgs) - 1; i >= 0; i-- {
			if match == nil || match(msgs[i]) {
				found = msgs[i]
				return true
			}
		}
		return false
	})
	if err != nil {
		return Message{}, fmt.Errorf("waiting for a bot message: %w", err)
	}
	return found, nil
}

// WaitForNewBotMessage waits for a bot message with an id above afterID
// that match accepts (nil accepts any); use it to wait for the answer to
// something just sent, ignoring older messages.
func (s *Server) WaitForNewBotMessage(ctx context.Context, chatID int64, afterID int, match func(Message) bool) (Message, error) {
	return s.WaitForBotMessage(ctx, chatID, func(m Message) bool {
		return m.ID > afterID && (match == nil || match(m))
	})
}
