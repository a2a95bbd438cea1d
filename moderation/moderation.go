// Package moderation puts alerts from partners that need review in front of
// moderators: it posts every alert version waiting for review to the staff
// groups of the organisations that moderate alerts, with Approve and Reject
// buttons, and once someone decided (in a group or through the API) edits
// every group's message to show the decision.
//
// The decision itself is the alerts domain's (alerts.Service Approve and
// Reject); this package only tells the groups. It runs on every replica: the
// store hands each alert and each message to one replica at a time.
package moderation

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/broadcast"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
)

// Post is the message with the decision buttons in one staff group.
type Post struct {
	Alert     alerts.AlertID
	Chat      people.ChatID
	MessageID int
}

// Store keeps which groups were told about which alert
// (*postgres.ReviewStore).
type Store interface {
	// ClaimUnannounced takes one version in review that was not posted to
	// the groups yet, for lease; ok is false when there is none.
	ClaimUnannounced(ctx context.Context, lease time.Duration) (id alerts.AlertID, ok bool, err error)
	// PostedChats returns the groups the version was posted to already.
	PostedChats(ctx context.Context, id alerts.AlertID) ([]people.ChatID, error)
	// AddPost records a message posted in a group. A group unlinked
	// meanwhile is skipped without an error.
	AddPost(ctx context.Context, p Post) error
	// MarkAnnounced records that the version was posted to every group.
	MarkAnnounced(ctx context.Context, id alerts.AlertID) error
	// ClaimUnsettled takes up to limit posts whose version was decided
	// and whose message still shows the buttons, marking them settled.
	ClaimUnsettled(ctx context.Context, limit int) ([]Post, error)
	// ReleasePost marks a claimed post unsettled again, to retry it.
	ReleasePost(ctx context.Context, p Post) error
	// Decision returns the decision made about a version.
	Decision(ctx context.Context, id alerts.AlertID) (alerts.Decision, error)
}

// Groups lists the staff groups of organisations that moderate alerts
// (*postgres.OrgStore).
type Groups interface {
	ModeratorGroups(ctx context.Context) ([]orgs.StaffGroup, error)
}

// Versions reads alert versions (*postgres.AlertStore).
type Versions interface {
	Alert(ctx context.Context, id alerts.AlertID) (*alerts.Stored, error)
}

// Content renders an alert version as subscribers would get it
// (*alerts.BroadcastContent).
type Content interface {
	Messages(ctx context.Context, subject int64, lang string) (broadcast.Messages, error)
}

// Sender sends and edits messages (the bot Sender).
type Sender interface {
	Send(ctx context.Context, m bot.Outgoing) (int, error)
}

// Worker posts versions in review to the moderator groups and shows
// decisions there. Set the fields and call Run.
type Worker struct {
	Store    Store
	Groups   Groups
	Versions Versions
	Content  Content
	Send     Sender
	Texts    *Texts
	Log      *slog.Logger
	Keys     func(people.ChatID) string // keyed hash of a chat, for logs
	// Interval is how often it looks for work without being woken
	// (default 5s): notifications are the fast path, this the safety net.
	Interval time.Duration
	// Lease is how long one replica holds an alert it is posting (default
	// two minutes); another replica takes over when it has not finished.
	Lease time.Duration

	once sync.Once
	wake chan struct{}
}

// Wake makes the worker look for work now; safe from any goroutine, and
// before Run.
func (w *Worker) Wake() {
	select {
	case w.init() <- struct{}{}:
	default:
	}
}

// init makes the wake channel; Run and Wake may race to be first.
func (w *Worker) init() chan struct{} {
	w.once.Do(func() { w.wake = make(chan struct{}, 1) })
	return w.wake
}

// Run works until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	wake := w.init()
	interval := w.Interval
	if interval <= 0 {
		interval = 5 * time.Second
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		w.RunOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-wake:
		}
	}
}

// RunOnce announces every version waiting and settles every decided one,
// logging what failed (it is retried on the next round).
func (w *Worker) RunOnce(ctx context.Context) {
	for ctx.Err() == nil {
		more, err := w.announceOne(ctx)
		if err != nil {
			w.log().Error("posting an alert for review", "err", err)
			break
		}
		if !more {
			break
		}
	}
	for ctx.Err() == nil {
		n, err := w.settle(ctx)
		if err != nil {
			w.log().Error("showing a decision in the staff groups", "err", err)
			break
		}
		if n == 0 {
			break
		}
	}
}

// announceOne posts one version waiting for review to every moderator
// group it was not posted to yet. more is false when there was none.
func (w *Worker) announceOne(ctx context.Context) (more bool, err error) {
	lease := w.Lease
	if lease <= 0 {
		lease = 2 * time.Minute
	}
	id, ok, err := w.Store.ClaimUnannounced(ctx, lease)
	if err != nil || !ok {
		return false, err
	}
	// Finish well within the lease, so no other replica posts it too.
	ctx, cancel := context.WithTimeout(ctx, lease/2)
	defer cancel()
	st, err := w.Versions.Alert(ctx, id)
	if err != nil {
		return false, fmt.Errorf("loading alert %d: %w", id, err)
	}
	msgs, err := w.Content.Messages(ctx, int64(id), w.Texts.Lang)
	if err != nil {
		return false, fmt.Errorf("rendering alert %d: %w", id, err)
	}
	groups, err := w.Groups.ModeratorGroups(ctx)
	if err != nil {
		return false, err
	}
	posted, err := w.Store.PostedChats(ctx, id)
	if err != nil {
		return false, err
	}
	done := make(map[people.ChatID]bool, len(posted))
	for _, c := range posted {
		done[c] = true
	}
	for _, g := range groups {
		if done[g.Chat] {
			continue
		}
		done[g.Chat] = true // a group listed twice is posted to once
		msgID, err := w.post(ctx, g.Chat, st, msgs)
		if errors.Is(err, bot.ErrUnreachable) || errors.Is(err, bot.ErrRejected) {
			// The bot was removed from the group, or Telegram will not
			// take the message: the other groups still hear of it.
			w.log().Warn("a staff group cannot receive an alert for review", "group", w.Keys(g.Chat), "alert", int64(id), "err", err)
			continue
		}
		if err != nil {
			return false, fmt.Errorf("posting alert %d: %w", id, err)
		}
		if err := w.Store.AddPost(ctx, Post{Alert: id, Chat: g.Chat, MessageID: msgID}); err != nil {
			return false, err
		}
	}
	if err := w.Store.MarkAnnounced(ctx, id); err != nil {
		return false, err
	}
	w.log().Info("alert posted for review", "alert", int64(id), "groups", len(groups))
	return true, nil
}

// post sends the alert as subscribers would see it (the photo with its
// caption, then the text), then the message with the buttons, whose id it
// returns.
func (w *Worker) post(ctx context.Context, chat people.ChatID, st *alerts.Stored, m broadcast.Messages) (int, error) {
	if m.Photo != "" {
		if _, err := w.Send.Send(ctx, bot.Outgoing{Chat: chat, Photo: m.Photo, Text: m.Caption, ParseMode: bot.HTML}); err != nil {
			return 0, err
		}
	}
	if m.Text != "" {
		if _, err := w.Send.Send(ctx, bot.Outgoing{Chat: chat, Text: m.Text, ParseMode: bot.HTML}); err != nil {
			return 0, err
		}
	}
	return w.Send.Send(ctx, bot.Outgoing{Chat: chat, Text: w.Texts.Pending(st), ParseMode: bot.HTML, Keyboard: w.Texts.Buttons(st.ID)})
}

// settleBatch is how many group messages one round edits.
const settleBatch = 20

// settle edits the messages of decided versions to show the decision,
// without buttons, and says how many it took.
func (w *Worker) settle(ctx context.Context) (int, error) {
	posts, err := w.Store.ClaimUnsettled(ctx, settleBatch)
	if err != nil || len(posts) == 0 {
		return 0, err
	}
	texts := map[alerts.AlertID]string{}
	var failed error
	for i, p := range posts {
		text, ok := texts[p.Alert]
		if !ok {
			if text, err = w.decided(ctx, p.Alert); err != nil {
				failed = err
				w.release(ctx, posts[i:])
				break
			}
			texts[p.Alert] = text
		}
		_, err := w.Send.Send(ctx, bot.Outgoing{Chat: p.Chat, EditMessageID: p.MessageID, Text: text, ParseMode: bot.HTML})
		switch {
		case errors.Is(err, bot.ErrUnreachable) || errors.Is(err, bot.ErrRejected):
			// Deleted by someone, or the bot left: nothing more to do.
			w.log().Warn("a staff group's review message cannot be edited", "group", w.Keys(p.Chat), "alert", int64(p.Alert), "err", err)
		case err != nil:
			failed = fmt.Errorf("editing the review message of alert %d: %w", p.Alert, err)
			w.release(ctx, posts[i:])
		}
		if failed != nil {
			break
		}
	}
	return len(posts), failed
}

// decided is the text of a decided version's message.
func (w *Worker) decided(ctx context.Context, id alerts.AlertID) (string, error) {
	st, err := w.Versions.Alert(ctx, id)
	if err != nil {
		return "", fmt.Errorf("loading alert %d: %w", id, err)
	}
	d, err := w.Store.Decision(ctx, id)
	if err != nil {
		return "", err
	}
	return w.Texts.Decided(st, d), nil
}

// release hands posts back, so the next round tries them again.
func (w *Worker) release(ctx context.Context, posts []Post) {
	ctx = context.WithoutCancel(ctx)
	for _, p := range posts {
		if err := w.Store.ReleasePost(ctx, p); err != nil {
			w.log().Error("releasing a review message", "alert", int64(p.Alert), "err", err)
		}
	}
}

func (w *Worker) log() *slog.Logger {
	if w.Log == nil {
		return slog.Default()
	}
	return w.Log
}

// Actions of the decision buttons' callback data: v1:modok:<id> and
// v1:modno:<id>.
const (
	ActionApprove = "modok"
	ActionReject  = "modno"
)

// ParseAction reads the alert id of a decision button's callback; ok is
// false for any other callback.
func ParseAction(c bot.Callback) (id alerts.AlertID, approve, ok bool) {
	if (c.Action != ActionApprove && c.Action != ActionReject) || len(c.Args) != 1 {
		return 0, false, false
	}
	n, err := strconv.ParseInt(c.Args[0], 10, 64)
	if err != nil || n <= 0 {
		return 0, false, false
	}
	return alerts.AlertID(n), c.Action == ActionApprove, true
}
