// Package discreet runs discreet mode's clean-up: it deletes the bot's
// messages once they reach the age the person chose.
package discreet

import (
	"context"
	"log/slog"
	"time"

	"github.com/peerbot/peerbot/people"
)

// Deletion is one message due for deletion.
type Deletion struct {
	ID        int64
	Chat      people.ChatID
	MessageID int
}

// Due claims due deletions; each is handed to one replica only.
type Due interface {
	DueDeletions(ctx context.Context, now time.Time, limit int) ([]Deletion, error)
}

// Deleter deletes a message in Telegram (the bot Sender).
type Deleter interface {
	Delete(ctx context.Context, chat people.ChatID, messageID int) error
}

// Worker deletes due messages every Interval.
type Worker struct {
	Due      Due
	Delete   Deleter
	Interval time.Duration
	Log      *slog.Logger
	Keys     func(people.ChatID) string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Run works until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	tick := time.NewTicker(w.Interval)
	defer tick.Stop()
	for {
		w.Once(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Once deletes what is due now and returns how many messages it deleted.
func (w *Worker) Once(ctx context.Context) int {
	n := 0
	for ctx.Err() == nil {
		now := time.Now
		if w.Now != nil {
			now = w.Now
		}
		due, err := w.Due.DueDeletions(ctx, now(), 100)
		if err != nil {
			w.Log.Warn("loading due deletions", "err", err)
			return n
		}
		for _, d := range due {
			// A failure is logged and dropped: after 48 hours Telegram would
			// refuse anyway, and retrying forever helps nobody.
			if err := w.Delete.Delete(ctx, d.Chat, d.MessageID); err != nil {
				w.Log.Warn("deleting message for discreet mode", "chat", w.Keys(d.Chat), "err", err)
				continue
			}
			n++
		}
		if len(due) < 100 {
			return n
		}
	}
	return n
}
