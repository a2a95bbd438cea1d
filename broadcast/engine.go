package broadcast

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/metrics"
)

// Config tunes an Engine. Zero values take the defaults.
type Config struct {
	// Workers is how many sends may be in flight at once on this replica
	// (default 64): enough to reach the rate when each call takes tens of
	// milliseconds.
	Workers int
	// Rate is the broadcast rate the limiter allows (BROADCAST_RATE; 0 for
	// unlimited). It sizes the queues: about two seconds of sending is
	// claimed ahead, so that a new alert never waits behind a long queue
	// of campaign messages.
	Rate float64
	// Lease is how long a claim holds a delivery (default 2 minutes). A
	// claimed delivery not sent within half of it is dropped unsent, to be
	// claimed again: by then another replica may have taken it.
	Lease time.Duration
	// MaxAttempts is how many claims a delivery gets before it fails for
	// good on errors that may pass, such as Telegram being down (default 8).
	MaxAttempts int
	// RetryBackoff is the wait before the first retry; it doubles with each
	// attempt, up to 10 minutes (default 5s).
	RetryBackoff time.Duration
	// Poll is how often the ledger is checked when nothing wakes the engine
	// (default 1s): deliveries planned by another replica, retries falling
	// due, leases of a dead replica lapsing.
	Poll time.Duration
	// Paid sends broadcasts with allow_paid_broadcast.
	Paid bool
	// Silent says whether a person with quiet nights should get a message
	// without sound now, given their region; nil never silences.
	Silent func(region string, now time.Time) bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (c Config) withDefaults() Config {
	if c.Workers <= 0 {
		c.Workers = 64
	}
	if c.Lease <= 0 {
		c.Lease = 2 * time.Minute
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 8
	}
	if c.RetryBackoff <= 0 {
		c.RetryBackoff = 5 * time.Second
	}
	if c.Poll <= 0 {
		c.Poll = time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// queueSize is how many deliveries of one lane are claimed ahead: two
// seconds at the rate, at least enough to keep every worker busy.
func (c Config) queueSize() int {
	n := 2048
	if c.Rate > 0 {
		n = int(2 * c.Rate)
	}
	return min(max(n, 2*c.Workers, 16), 4096)
}

// Engine sends planned deliveries. Create it with New and run it with Run;
// every replica runs one.
type Engine struct {
	store   Store
	planner Planner
	content map[Kind]Content
	send    Sender
	cfg     Config
	log     *slog.Logger
	m       *metrics.Metrics

	wake   chan struct{} // something was planned: claim now
	plan   chan struct{} // an alert was published: plan now
	hungry chan struct{} // a queue ran low: claim more

	mu    sync.Mutex
	cache map[cacheKey]cached // rendered messages per broadcast and language
}

type cacheKey struct {
	kind    Kind
	subject int64
	lang    string
}

type cached struct {
	msgs Messages
	at   time.Time
}

// cacheTTL bounds how long rendered messages are reused. A broadcast's
// content never changes (a correction is a new version), so this only
// keeps the cache small.
const cacheTTL = 10 * time.Minute

// New returns an engine. planner may be nil (a replica that only sends);
// log and m may be nil.
func New(store Store, planner Planner, content map[Kind]Content, send Sender, cfg Config,
	log *slog.Logger, m *metrics.Metrics) *Engine {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Engine{
		store: store, planner: planner, content: content, send: send, cfg: cfg.withDefaults(),
		log: log.With("component", "broadcast"), m: m,
		wake: make(chan struct{}, 1), plan: make(chan struct{}, 1), hungry: make(chan struct{}, 1),
		cache: map[cacheKey]cached{},
	}
}

// Wake tells the engine that deliveries were planned, so it claims them now
// instead of at the next poll.
func (e *Engine) Wake() { signal(e.wake) }

// Plan tells the engine that an alert was published, so it plans delivery
// now instead of at the next poll.
func (e *Engine) Plan() { signal(e.plan) }

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// Run plans, claims and sends until ctx ends. On the way out it releases
// what it claimed but did not send, so another replica (or the next start)
// takes it at once, and records every outcome it has.
func (e *Engine) Run(ctx context.Context) error {
	queues := map[bot.Priority]chan Delivery{
		bot.PriorityAlert:    make(chan Delivery, e.cfg.queueSize()),
		bot.PriorityCampaign: make(chan Delivery, e.cfg.queueSize()),
	}
	results := make(chan Result, 4*e.cfg.queueSize())

	var recorder sync.WaitGroup
	recorder.Go(func() { e.record(results) })

	var workers sync.WaitGroup
	for range e.cfg.Workers {
		workers.Go(func() { e.work(ctx, queues, results) })
	}
	var loops sync.WaitGroup
	if e.planner != nil {
		loops.Go(func() { e.planLoop(ctx) })
	}
	loops.Go(func() { e.claimLoop(ctx, queues) })

	<-ctx.Done()
	loops.Wait()
	workers.Wait()
	// What is still queued was claimed but not sent: release it.
	now := e.cfg.Now()
	for _, q := range queues {
		close(q)
		for d := range q {
			results <- Result{Broadcast: d.Broadcast, Person: d.Person, State: Pending, NextAt: now}
			e.count(d.Kind, "released")
		}
	}
	close(results)
	recorder.Wait()
	return nil
}

// planLoop plans published alerts and due campaigns, when told to and at
// every poll.
func (e *Engine) planLoop(ctx context.Context) {
	tick := time.NewTicker(e.cfg.Poll)
	defer tick.Stop()
	failures := 0
	for {
		n, err := e.planner.PlanPending(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			failures++
			if failures == 1 || failures%30 == 0 {
				e.log.Error("planning broadcasts", "err", err, "failures", failures)
			}
		case err == nil:
			failures = 0
			if n > 0 {
				e.Wake()
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-e.plan:
		case <-tick.C:
		}
	}
}

// claimLoop keeps each lane's queue topped up, alerts first.
func (e *Engine) claimLoop(ctx context.Context, queues map[bot.Priority]chan Delivery) {
	tick := time.NewTicker(e.cfg.Poll)
	defer tick.Stop()
	failures := 0
	for {
		claimed := 0
		var failed error
		for _, prio := range []bot.Priority{bot.PriorityAlert, bot.PriorityCampaign} {
			q := queues[prio]
			room := cap(q) - len(q)
			if room < cap(q)/2 {
				continue // still well stocked; claim in bigger, cheaper batches
			}
			batch, err := e.store.Claim(ctx, prio, room, e.cfg.Lease)
			if err != nil {
				failed = err
				break
			}
			for _, d := range batch {
				q <- d // never blocks: at most room rows were claimed
			}
			claimed += len(batch)
		}
		if failed != nil && ctx.Err() == nil {
			failures++
			if failures == 1 || failures%30 == 0 {
				e.log.Error("claiming deliveries", "err", failed, "failures", failures)
			}
		} else {
			failures = 0
		}
		if claimed > 0 && failed == nil {
			// There may be more: check again as soon as the queues have room.
			select {
			case <-ctx.Done():
				return
			case <-e.hungry:
			case <-e.wake:
			case <-tick.C:
			}
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-e.wake:
		case <-e.hungry:
		case <-tick.C:
		}
	}
}

// work sends deliveries, alerts first, until ctx ends.
func (e *Engine) work(ctx context.Context, queues map[bot.Priority]chan Delivery, results chan<- Result) {
	alerts, campaigns := queues[bot.PriorityAlert], queues[bot.PriorityCampaign]
	for {
		var d Delivery
		select {
		case d = <-alerts:
		default:
			select {
			case <-ctx.Done():
				return
			case d = <-alerts:
			case d = <-campaigns:
			}
		}
		if q := queues[d.Priority]; len(q) < cap(q)/2 {
			signal(e.hungry)
		}
		// A send under way finishes even when the engine is stopping, so a
		// graceful restart repeats nothing; it gets a grace period.
		sendCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		stop := context.AfterFunc(ctx, func() { time.AfterFunc(shutdownGrace, cancel) })
		r, ok := e.deliver(sendCtx, d)
		stop()
		cancel()
		if ok {
			results <- r
		}
	}
}

// shutdownGrace is how long a send under way may take to finish once the
// engine is stopping.
const shutdownGrace = 10 * time.Second

// deliver sends one delivery and says what to record; false when nothing
// should be recorded (the claim went stale, or shutdown interrupted it).
func (e *Engine) deliver(ctx context.Context, d Delivery) (Result, bool) {
	now := e.cfg.Now()
	if now.Sub(d.ClaimedAt) > e.cfg.Lease/2 {
		e.count(d.Kind, "stale")
		return Result{}, false
	}
	res := Result{Broadcast: d.Broadcast, Person: d.Person}
	msgs, err := e.messages(ctx, d)
	if err == nil {
		res.MessageIDs, err = e.sendAll(ctx, d, msgs, now)
	}
	switch {
	case err == nil:
		res.State = Sent
		if d.Action != Send {
			res.MessageIDs = nil // the ledger keeps the edited messages' ids
		}
	case ctx.Err() != nil:
		// Shutting down: it may or may not have gone out. Release it.
		if len(res.MessageIDs) > 0 {
			res.State = Sent // the first part went out; do not send it twice
			break
		}
		res.State, res.NextAt = Pending, now
		e.count(d.Kind, "released")
		return res, true
	case errors.Is(err, bot.ErrUnreachable):
		res.State = Unreachable
	case errors.Is(err, bot.ErrRejected):
		res.State = Failed
		e.log.Warn("delivery refused by Telegram", "broadcast", d.Broadcast, "lang", d.Lang, "err", err)
	case len(res.MessageIDs) > 0:
		// The photo went out but its text did not: record what was sent
		// rather than send the photo twice.
		res.State = Sent
	case d.Attempts >= e.cfg.MaxAttempts:
		res.State = Failed
		e.log.Error("delivery failed for good", "broadcast", d.Broadcast, "attempts", d.Attempts, "err", err)
	default:
		res.State, res.NextAt = Pending, now.Add(e.backoff(d.Attempts))
		e.count(d.Kind, "retry")
		return res, true
	}
	e.count(d.Kind, res.State.String())
	return res, true
}

// sendAll sends or edits the messages of one delivery and returns the ids of
// what it sent new (Send: photo then text).
func (e *Engine) sendAll(ctx context.Context, d Delivery, m Messages, now time.Time) ([]int, error) {
	out := bot.Outgoing{
		Chat: d.Chat, ParseMode: bot.HTML, Priority: d.Priority, PaidBroadcast: e.cfg.Paid,
		DeleteAfter: d.DeleteAfter,
		Silent:      d.QuietNights && e.cfg.Silent != nil && e.cfg.Silent(d.Region, now),
	}
	var ids []int
	switch d.Action {
	case Send:
		if m.Photo != "" {
			photo := out
			photo.Photo, photo.Text = m.Photo, m.Caption
			if m.Text == "" {
				photo.Keyboard = m.Keyboard // the photo is the whole message
			}
			id, err := e.send.Send(ctx, photo)
			if id != 0 {
				ids = append(ids, id)
			}
			if err != nil && id == 0 {
				return ids, err
			}
			if m.Text == "" {
				return ids, nil
			}
		}
		text := out
		text.Text, text.Keyboard = m.Text, m.Keyboard
		id, err := e.send.Send(ctx, text)
		if id != 0 {
			ids = append(ids, id)
		}
		if err != nil && id == 0 {
			return ids, err
		}
		return ids, nil

	case Edit, EditFollowUp:
		if err := e.edit(ctx, out, d.MessageIDs, m); err != nil {
			// A message the person deleted (or discreet mode did) cannot be
			// edited; the follow-up still tells them what changed.
			if !errors.Is(err, bot.ErrRejected) || d.Action != EditFollowUp || m.FollowUp == "" {
				return nil, err
			}
		}
		if d.Action == Edit || m.FollowUp == "" {
			return nil, nil
		}
		fallthrough
	case FollowUp:
		if m.FollowUp == "" {
			return nil, nil
		}
		follow := out
		follow.Text = m.FollowUp
		if _, err := e.send.Send(ctx, follow); err != nil {
			return nil, err
		}
		return nil, nil
	}
	return nil, fmt.Errorf("delivery of broadcast %d: unknown action %d", d.Broadcast, d.Action)
}

// edit changes an earlier delivery's messages in place: the caption of the
// photo (when there was one) and the text.
func (e *Engine) edit(ctx context.Context, out bot.Outgoing, ids []int, m Messages) error {
	out.DeleteAfter = 0 // already scheduled when first sent
	out.Silent = false  // edits make no sound anyway
	switch len(ids) {
	case 0:
		return fmt.Errorf("editing a delivery: no messages recorded: %w", bot.ErrRejected)
	case 1:
		out.EditMessageID, out.Text, out.Keyboard = ids[0], m.Text, m.Keyboard
		_, err := e.send.Send(ctx, out)
		return err
	}
	if m.Photo != "" && m.Caption != "" {
		caption := out
		caption.EditMessageID, caption.Photo, caption.Text = ids[0], m.Photo, m.Caption
		if _, err := e.send.Send(ctx, caption); err != nil {
			return err
		}
	}
	out.EditMessageID, out.Text, out.Keyboard = ids[len(ids)-1], m.Text, m.Keyboard
	_, err := e.send.Send(ctx, out)
	return err
}

// messages renders a delivery's messages, once per broadcast and language.
func (e *Engine) messages(ctx context.Context, d Delivery) (Messages, error) {
	k := cacheKey{d.Kind, d.Subject, d.Lang}
	now := e.cfg.Now()
	e.mu.Lock()
	c, ok := e.cache[k]
	e.mu.Unlock()
	if ok && now.Sub(c.at) < cacheTTL {
		return c.msgs, nil
	}
	content, ok := e.content[d.Kind]
	if !ok {
		return Messages{}, fmt.Errorf("broadcast %d: no content for kind %q: %w", d.Broadcast, d.Kind, bot.ErrRejected)
	}
	msgs, err := content.Messages(ctx, d.Subject, d.Lang)
	if err != nil {
		// Not cached: a database hiccup must not fail a whole language.
		return Messages{}, fmt.Errorf("rendering broadcast %d: %w", d.Broadcast, err)
	}
	e.mu.Lock()
	if len(e.cache) > 1000 {
		for k, c := range e.cache {
			if now.Sub(c.at) >= cacheTTL {
				delete(e.cache, k)
			}
		}
	}
	e.cache[k] = cached{msgs: msgs, at: now}
	e.mu.Unlock()
	return msgs, nil
}

// recordBatch is how many results are written at once; recordEvery how
// long a result waits for others before it is written.
const (
	recordBatch = 500
	recordEvery = 50 * time.Millisecond
)

// record writes results to the ledger in batches until results is closed.
// A failed write is retried: the outcomes are facts that must not be lost
// (an unrecorded send would be sent again when its lease lapses).
func (e *Engine) record(results <-chan Result) {
	ctx := context.Background()
	var batch []Result
	flush := func() {
		for failures := 0; len(batch) > 0; failures++ {
			wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err := e.store.Record(wctx, batch)
			cancel()
			if err == nil {
				batch = batch[:0]
				return
			}
			if failures == 0 || failures%30 == 0 {
				e.log.Error("recording deliveries", "err", err, "results", len(batch), "failures", failures+1)
			}
			if failures >= 600 { // about ten minutes: the leases have lapsed long ago
				e.log.Error("giving up recording deliveries; they will be sent again", "results", len(batch))
				batch = batch[:0]
				return
			}
			time.Sleep(time.Second)
		}
	}
	timer := time.NewTimer(recordEvery)
	defer timer.Stop()
	for {
		select {
		case r, ok := <-results:
			if !ok {
				flush()
				return
			}
			batch = append(batch, r)
			if len(batch) >= recordBatch {
				flush()
			}
		case <-timer.C:
			flush()
			timer.Reset(recordEvery)
		}
	}
}

// backoff is the wait before claim number attempts+1: doubling from
// RetryBackoff, capped at ten minutes, with jitter so replicas spread out.
func (e *Engine) backoff(attempts int) time.Duration {
	d := 10 * time.Minute
	if attempts < 20 {
		d = min(e.cfg.RetryBackoff<<max(attempts-1, 0), d)
	}
	return d/2 + rand.N(d/2+1)
}

func (e *Engine) count(kind Kind, state string) {
	if e.m != nil {
		e.m.Deliveries.WithLabelValues(string(kind), state).Inc()
	}
}
