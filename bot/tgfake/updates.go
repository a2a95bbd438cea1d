package tgfake

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// queuedUpdate is an update waiting to be fetched or delivered.
type queuedUpdate struct {
	ID     int64
	ChatID int64
	Kind   string // "message", "callback_query", "my_chat_member"
	JSON   json.RawMessage
}

// enqueueLocked stores an update and wakes pollers and the webhook. The
// payload is rendered now: an update is a snapshot, like Telegram's.
func (s *Server) enqueueLocked(chatID int64, kind string, payload map[string]any) int64 {
	s.nextUpdateID++
	id := s.nextUpdateID
	raw, err := json.Marshal(map[string]any{"update_id": id, kind: payload})
	if err != nil {
		// Payloads are built from plain values; this cannot fail.
		panic(err)
	}
	s.updates = append(s.updates, queuedUpdate{ID: id, ChatID: chatID, Kind: kind, JSON: raw})
	s.updatesGen++
	s.notifyLocked()
	return id
}

// PendingUpdates is how many updates the bot has not confirmed yet.
func (s *Server) PendingUpdates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates)
}

const (
	conflictPolling = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
	conflictWebhook = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)

// getUpdates implements long polling: offset confirms (drops) earlier
// updates, limit bounds the answer (1-100), timeout waits for the first
// update. A newer getUpdates ends an older one with 409 Conflict.
func (s *Server) getUpdates(ctx context.Context, req *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook != nil {
		return nil, &apiError{Code: http.StatusConflict, Description: conflictWebhook}
	}
	s.pollGen++
	gen := s.pollGen
	s.notifyLocked() // ends an overlapping poll

	offset := req.int64("offset")
	switch {
	case offset > 0:
		i := 0
		for i < len(s.updates) && s.updates[i].ID < offset {
			i++
		}
		s.updates = s.updates[i:]
	case offset < 0 && int(-offset) < len(s.updates):
		s.updates = s.updates[len(s.updates)-int(-offset):]
	}
	limit := req.int("limit")
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout := time.Duration(req.int("timeout")) * time.Second
	deadline := time.NewTimer(max(timeout, 0))
	defer deadline.Stop()
	allowed := allowedUpdates(req)

	for {
		if s.closed {
			return []json.RawMessage{}, nil
		}
		if gen != s.pollGen {
			return nil, &apiError{Code: http.StatusConflict, Description: conflictPolling}
		}
		if s.hook != nil {
			return nil, &apiError{Code: http.StatusConflict, Description: conflictWebhook}
		}
		out := []json.RawMessage{}
		for _, u := range s.updates {
			if len(out) == limit {
				break
			}
			if allowed == nil || allowed[u.Kind] {
				out = append(out, u.JSON)
			}
		}
		if len(out) > 0 || timeout <= 0 {
			return out, nil
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
			s.mu.Lock()
		case <-deadline.C:
			s.mu.Lock()
			timeout = 0
		case <-ctx.Done():
			s.mu.Lock()
			return []json.RawMessage{}, nil
		}
	}
}

// allowedUpdates reads allowed_updates; nil means every kind.
func allowedUpdates(req *request) map[string]bool {
	if !req.has("allowed_updates") {
		return nil
	}
	var kinds []string
	if err := json.Unmarshal([]byte(req.str("allowed_updates")), &kinds); err != nil || len(kinds) == 0 {
		return nil
	}
	m := map[string]bool{}
	for _, k := range kinds {
		m[k] = true
	}
	return m
}

// activePollGen is how many getUpdates calls have started; tests use it to
// know a long poll is in progress.
func (s *Server) activePollGen() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pollGen
}
