package tgfake

import "sync"

// EventKind says what changed in a chat.
type EventKind string

// The events a subscriber receives.
const (
	EventMessage        EventKind = "message"         // a new message, from either side
	EventEdited         EventKind = "edited"          // the bot edited a message
	EventDeleted        EventKind = "deleted"         // the bot deleted a message
	EventButtonPressed  EventKind = "button_pressed"  // a person pressed a callback button
	EventCallbackAnswer EventKind = "callback_answer" // the bot answered a button press
	EventChatAction     EventKind = "chat_action"     // the bot sent "typing..." or similar
	EventBlocked        EventKind = "blocked"         // a person blocked the bot
	EventUnblocked      EventKind = "unblocked"       // a person unblocked the bot
	EventDeactivated    EventKind = "deactivated"     // a person's account was deleted
)

// Event is one change, for a web chat UI to stream.
type Event struct {
	Kind   EventKind
	ChatID int64
	// Message is the message concerned, as it is after the change.
	Message Message
	// Callback is set for EventButtonPressed and EventCallbackAnswer.
	Callback *CallbackQuery
	// Action is set for EventChatAction ("typing", "upload_photo"...).
	Action string
}

// subscriber buffers events without limit, so a slow reader never blocks
// the server and never misses an event.
type subscriber struct {
	ch      chan Event
	mu      sync.Mutex
	queue   []Event
	wake    chan struct{}
	done    chan struct{}
	stopped bool
}

// Subscribe streams every change from now on. Call cancel when done; the
// channel is closed after cancel or Close.
func (s *Server) Subscribe() (events <-chan Event, cancel func()) {
	sub := &subscriber{ch: make(chan Event), wake: make(chan struct{}, 1), done: make(chan struct{})}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		close(sub.ch)
		return sub.ch, func() {}
	}
	s.nextSub++
	id := s.nextSub
	s.subs[id] = sub
	s.mu.Unlock()
	go sub.run()
	return sub.ch, func() {
		s.mu.Lock()
		delete(s.subs, id)
		s.mu.Unlock()
		sub.close()
	}
}

func (sub *subscriber) push(e Event) {
	sub.mu.Lock()
	sub.queue = append(sub.queue, e)
	sub.mu.Unlock()
	select {
	case sub.wake <- struct{}{}:
	default:
	}
}

func (sub *subscriber) close() {
	sub.mu.Lock()
	defer sub.mu.Unlock()
	if !sub.stopped {
		sub.stopped = true
		close(sub.done)
	}
}

func (sub *subscriber) run() {
	defer close(sub.ch)
	for {
		sub.mu.Lock()
		var next *Event
		if len(sub.queue) > 0 {
			next = &sub.queue[0]
		}
		sub.mu.Unlock()
		if next == nil {
			select {
			case <-sub.wake:
				continue
			case <-sub.done:
				return
			}
		}
		select {
		case sub.ch <- *next:
			sub.mu.Lock()
			sub.queue = sub.queue[1:]
			sub.mu.Unlock()
		case <-sub.done:
			return
		}
	}
}

// publishLocked sends an event to every subscriber and wakes waiters.
func (s *Server) publishLocked(e Event) {
	for _, sub := range s.subs {
		sub.push(e)
	}
	s.notifyLocked()
}
