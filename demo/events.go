package demo

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// heartbeat keeps idle event streams open through proxies and lets the
// handler notice a closed connection.
const heartbeat = 20 * time.Second

// event is one Server-Sent Event: its name and its JSON data.
//
// The stream carries:
//   - "message": {"person_id", "message"}, a new or edited message;
//   - "deleted": {"person_id", "message_id"}, a message the bot deleted;
//   - "person": a person as listed by GET /demo/api/people, after a change;
//   - "notice": {"person_id", "text", "alert"}, the bot's answer to a button
//     press when it shows one;
//   - "action": {"person_id", "action"}, the bot's chat action ("typing").
type event struct {
	name string
	data any
}

// messageEvent is the data of a "message" event.
type messageEvent struct {
	PersonID int64   `json:"person_id"`
	Message  message `json:"message"`
}

// deletedEvent is the data of a "deleted" event.
type deletedEvent struct {
	PersonID  int64 `json:"person_id"`
	MessageID int   `json:"message_id"`
}

// noticeEvent is the data of a "notice" event.
type noticeEvent struct {
	PersonID int64  `json:"person_id"`
	Text     string `json:"text"`
	Alert    bool   `json:"alert"`
}

// actionEvent is the data of an "action" event.
type actionEvent struct {
	PersonID int64  `json:"person_id"`
	Action   string `json:"action"`
}

// subscribe registers for the page-side events (people added).
func (c *WebChat) subscribe() (<-chan event, func()) {
	ch := make(chan event, 16)
	c.mu.Lock()
	c.subs[ch] = struct{}{}
	c.mu.Unlock()
	return ch, func() {
		c.mu.Lock()
		delete(c.subs, ch)
		c.mu.Unlock()
	}
}

// publish hands e to every open stream. A stream too slow to keep 16
// events queued misses this one; its page reloads on reconnect anyway.
func (c *WebChat) publish(e event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for ch := range c.subs {
		select {
		case ch <- e:
		default:
		}
	}
}

// isPerson reports whether id is one of the demo's people: the stream shows
// only their chats, not whatever else the fake serves.
func (c *WebChat) isPerson(id int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.byID[id]
	return ok
}

// events streams changes to the page as Server-Sent Events until the client
// goes away or the fake closes its stream.
func (c *WebChat) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	// A server-wide WriteTimeout would cut the stream; this one is meant to
	// stay open.
	if err := rc.SetWriteDeadline(time.Time{}); err != nil && !errors.Is(err, http.ErrNotSupported) {
		c.log.WarnContext(r.Context(), "clearing write deadline of event stream", "err", err)
	}
	local, stopLocal := c.subscribe()
	defer stopLocal()
	changes, stopFake := c.fake.Subscribe()
	defer stopFake()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// Subscriptions are in place before this first line goes out, so a
	// client that has read it misses nothing that happens afterwards.
	if _, err := fmt.Fprint(w, ": ready\n\n"); err != nil {
		return
	}
	if err := rc.Flush(); err != nil {
		return
	}

	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		var e event
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			if err := rc.Flush(); err != nil {
				return
			}
			continue
		case e = <-local:
		case ch, ok := <-changes:
			if !ok {
				return
			}
			var show bool
			if e, show = c.fakeEvent(ch); !show {
				continue
			}
		}
		if err := writeEvent(w, e); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}

// writeEvent writes one event in the text/event-stream format. JSON never
// holds a raw newline, so the data fits on one data: line.
func writeEvent(w http.ResponseWriter, e event) error {
	data, err := json.Marshal(e.data)
	if err != nil {
		return fmt.Errorf("encoding %s event: %w", e.name, err)
	}
	if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, data); err != nil {
		return fmt.Errorf("writing %s event: %w", e.name, err)
	}
	return nil
}
