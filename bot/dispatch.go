package bot

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"net"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/peerbot/peerbot/metrics"
	"github.com/peerbot/peerbot/people"
)

// Handler handles one incoming update. The Dispatcher calls it for one chat
// at a time, in update order, across replicas. An error makes the update
// count as not handled: it is delivered again (webhook 500, poller retry).
type Handler interface {
	Handle(ctx context.Context, in Incoming) error
}

// Deduper forgets updates whose handling failed, so their redelivery is
// handled (marking them seen happens with the chat lock, see ChatLocker).
type Deduper interface {
	Unsee(ctx context.Context, chatKey string, updateID int64) error
}

// ChatLocker serialises the handling of one chat across replicas and
// remembers which updates were already handled.
type ChatLocker interface {
	// LockChatFirstSeen takes the chat's lock for at most lockTTL, waiting
	// while another replica holds it, and in the same step marks the update
	// as seen for seenTTL, reporting whether it was new. One round trip per
	// update on the common path. The returned unlock releases the lock.
	LockChatFirstSeen(ctx context.Context, chatKey string, updateID int64, lockTTL, seenTTL time.Duration) (unlock func(context.Context) error, first bool, err error)
}

// ErrHandlerFailed wraps the errors returned by the Handler, and its panics.
// Other errors from Dispatch come from the infrastructure (Redis down, a
// cancelled context, a stopped Dispatcher).
var ErrHandlerFailed = errors.New("handler failed")

// ErrStopped is returned for updates submitted to a stopped Dispatcher.
var ErrStopped = errors.New("dispatcher stopped")

// DispatchConfig tunes a Dispatcher. Zero fields take their defaults.
type DispatchConfig struct {
	// Workers is the number of chats handled in parallel on this replica
	// (default 64).
	Workers int
	// QueueSize is how many updates wait for each worker before Submit
	// blocks (default 256).
	QueueSize int
	// DedupTTL is how long an update id is remembered (default 24h, how long
	// Telegram keeps an unconfirmed update).
	DedupTTL time.Duration
	// HandlerTimeout bounds one handling (default 60s).
	HandlerTimeout time.Duration
	// LockTTL bounds how long a dead replica can hold a chat's lock. It is
	// raised to HandlerTimeout plus 10s when shorter, so that a live
	// handler never outlives its lock (default HandlerTimeout plus 30s).
	LockTTL time.Duration
}

func (c DispatchConfig) withDefaults() DispatchConfig {
	if c.Workers <= 0 {
		c.Workers = 64
	}
	if c.QueueSize <= 0 {
		c.QueueSize = 256
	}
	if c.DedupTTL <= 0 {
		c.DedupTTL = 24 * time.Hour
	}
	if c.HandlerTimeout <= 0 {
		c.HandlerTimeout = time.Minute
	}
	if c.LockTTL <= 0 {
		c.LockTTL = c.HandlerTimeout + 30*time.Second
	}
	if c.LockTTL < c.HandlerTimeout+10*time.Second {
		c.LockTTL = c.HandlerTimeout + 10*time.Second
	}
	return c
}

// cleanupTimeout bounds the Redis calls made after a handling (unlock,
// unsee), which run even when the update's context is cancelled.
const cleanupTimeout = 5 * time.Second

// Dispatcher hands updates to the Handler: one chat's updates in order,
// different chats in parallel.
//
// Within a replica every chat always goes to the same worker (by a hash of
// its key), and each worker takes its queue in order, so updates submitted in
// order are handled in order. Across replicas each handling holds the chat's
// Redis lock, and update ids are de-duplicated in Redis.
type Dispatcher struct {
	h      Handler
	dedup  Deduper
	locks  ChatLocker
	keys   func(people.ChatID) string
	cfg    DispatchConfig
	log    *slog.Logger
	m      *metrics.Metrics
	queues []chan *job

	// mu guards stopped, and is held for reading while enqueueing so that
	// queues are never closed under a sender.
	mu       sync.RWMutex
	stopped  bool
	started  atomic.Bool
	stop     chan struct{} // closed by Stop or the end of Run's context
	stopOnce sync.Once
	done     chan struct{} // closed when Run has drained the queues
}

type job struct {
	ctx    context.Context
	in     Incoming
	key    string
	queued time.Time
	done   chan error
}

// NewDispatcher returns a Dispatcher calling h. keys turns a chat id into the
// stable, non-reversible key used for the chat's lock and in logs. A nil log
// discards; a nil m gets private collectors.
func NewDispatcher(h Handler, dedup Deduper, locks ChatLocker, keys func(people.ChatID) string,
	cfg DispatchConfig, log *slog.Logger, m *metrics.Metrics) *Dispatcher {
	cfg = cfg.withDefaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if m == nil {
		m = metrics.New()
	}
	d := &Dispatcher{
		h: h, dedup: dedup, locks: locks, keys: keys, cfg: cfg,
		log:    log.With("component", "bot.dispatch"),
		m:      m,
		queues: make([]chan *job, cfg.Workers),
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	for i := range d.queues {
		d.queues[i] = make(chan *job, cfg.QueueSize)
	}
	return d
}

// Run starts the workers and blocks until ctx ends or Stop is called. It then
// stops taking updates, handles what is already queued and returns nil. A
// Dispatcher runs once: a second Run returns ErrStopped.
func (d *Dispatcher) Run(ctx context.Context) error {
	if !d.started.CompareAndSwap(false, true) {
		return fmt.Errorf("running dispatcher: %w", ErrStopped)
	}
	var wg sync.WaitGroup
	for _, q := range d.queues {
		wg.Go(func() {
			for j := range q {
				d.m.QueueDepth.Dec()
				j.done <- d.process(j)
			}
		})
	}
	select {
	case <-ctx.Done():
		d.stopOnce.Do(func() { close(d.stop) })
	case <-d.stop:
	}
	d.closeQueues()
	wg.Wait()
	close(d.done)
	return nil
}

// Stop stops taking updates and, when Run is running, waits until what was
// queued has been handled. Updates queued on a Dispatcher that never ran get
// ErrStopped.
func (d *Dispatcher) Stop() {
	// Closing stop first releases Submit calls blocked on a full queue,
	// which hold the lock closeQueues needs.
	d.stopOnce.Do(func() { close(d.stop) })
	if d.started.Load() {
		<-d.done
		return
	}
	d.closeQueues()
	for _, q := range d.queues {
		for j := range q {
			d.m.QueueDepth.Dec()
			j.done <- ErrStopped
		}
	}
}

func (d *Dispatcher) closeQueues() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stopped {
		return
	}
	d.stopped = true
	for _, q := range d.queues {
		close(q)
	}
}

// Submit queues in for handling and returns a channel that receives the
// outcome once. Calls made in update order are handled in that order for
// each chat. Submit blocks while the chat's worker queue is full, until ctx
// ends. ctx is also the context of the handling.
func (d *Dispatcher) Submit(ctx context.Context, in Incoming) <-chan error {
	j := &job{ctx: ctx, in: in, key: d.keys(in.Chat), queued: time.Now(), done: make(chan error, 1)}
	d.mu.RLock()
	defer d.mu.RUnlock()
	if d.stopped {
		j.done <- ErrStopped
		return j.done
	}
	select {
	case d.queues[d.worker(j.key)] <- j:
		d.m.QueueDepth.Inc()
	case <-ctx.Done():
		j.done <- fmt.Errorf("queueing update: %w", ctx.Err())
	case <-d.stop:
		// Stop waits for the lock this call holds: give way.
		j.done <- ErrStopped
	}
	return j.done
}

// Dispatch submits in and waits for its handling. A nil error means the
// update was handled, or dropped as a duplicate of one that was.
func (d *Dispatcher) Dispatch(ctx context.Context, in Incoming) error {
	return <-d.Submit(ctx, in)
}

// worker picks the worker of a chat key.
func (d *Dispatcher) worker(key string) int {
	h := fnv.New32a()
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(len(d.queues)))
}

// retryUnlock retries a failed unlock with backoff until it succeeds or the
// lock expires by itself. The lock is token-guarded, so a late unlock never
// releases someone else's lock.
func (d *Dispatcher) retryUnlock(unlock func(context.Context) error, expires time.Time, log *slog.Logger) {
	delay := 100 * time.Millisecond
	for time.Now().Before(expires) {
		timer := time.NewTimer(delay)
		<-timer.C
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		err := unlock(ctx)
		cancel()
		if err == nil {
			log.Info("chat unlocked after Redis came back")
			return
		}
		if !unreachable(err) {
			return // the lock expired or was taken over: nothing left to release
		}
		delay = min(delay*2, 2*time.Second)
	}
}

// unreachable reports whether err means Redis could not be reached, as
// opposed to an answer from it.
func unreachable(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET)
}

// process handles one job under the chat's lock. The update is marked seen
// only once the lock is held (in the same round trip), so that a redelivery
// racing a failing first attempt waits for it, then finds the update unseen
// again.
func (d *Dispatcher) process(j *job) error {
	ctx, in := j.ctx, j.in
	log := d.log.With("chat", j.key, "type", kindLabel(in.Kind))
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("handling update: %w", err)
	}
	unlock, first, err := d.locks.LockChatFirstSeen(ctx, j.key, in.UpdateID, d.cfg.LockTTL, d.cfg.DedupTTL)
	if err != nil {
		log.Error("locking chat failed", "err", err)
		return fmt.Errorf("locking chat: %w", err)
	}
	locked := time.Now()
	defer func() {
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancel()
		if err := unlock(uctx); err != nil {
			// Redis may be back in a moment: keep trying in the background
			// rather than leave the chat stuck until the lock expires.
			log.Warn("unlocking chat failed; trying again until Redis answers", "err", err)
			go d.retryUnlock(unlock, locked.Add(d.cfg.LockTTL), log)
		}
	}()
	if !first {
		d.m.Updates.WithLabelValues("duplicate").Inc()
		return nil
	}
	d.m.Updates.WithLabelValues(kindLabel(in.Kind)).Inc()

	hctx, cancel := context.WithTimeout(ctx, d.cfg.HandlerTimeout)
	err = d.handle(hctx, in, log)
	cancel()
	d.m.HandlerSeconds.Observe(time.Since(j.queued).Seconds())
	if err == nil {
		return nil
	}
	log.Warn("handling update failed; it will be delivered again", "err", err)
	uctx, ucancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer ucancel()
	if uerr := d.dedup.Unsee(uctx, j.key, in.UpdateID); uerr != nil {
		// The redelivery will be taken for a duplicate: the update is lost.
		log.Error("forgetting failed update failed; its redelivery will be dropped", "err", uerr)
	}
	return fmt.Errorf("%w: %w", ErrHandlerFailed, err)
}

// handle calls the Handler, turning a panic into an error.
func (d *Dispatcher) handle(ctx context.Context, in Incoming, log *slog.Logger) (err error) {
	defer func() {
		if r := recover(); r != nil {
			desc := describePanic(r)
			log.Error("handler panicked", "panic", desc, "stack", sanitizedStack())
			err = fmt.Errorf("panic: %s", desc)
		}
	}()
	return d.h.Handle(ctx, in)
}

// describePanic describes a panic value without its content, which may hold
// message text: runtime errors are the runtime's own words, anything else is
// reduced to its type.
func describePanic(r any) string {
	if re, ok := r.(runtime.Error); ok {
		return re.Error()
	}
	return fmt.Sprintf("value of type %T", r)
}

// sanitizedStack is the current stack without argument values, which may be
// chat ids.
func sanitizedStack() string {
	lines := strings.Split(strings.TrimSpace(string(debug.Stack())), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "\t") {
			// "\t/path/file.go:42 +0x1d": keep the position only.
			if j := strings.LastIndex(l, " +0x"); j >= 0 {
				lines[i] = l[:j]
			}
			continue
		}
		if strings.HasSuffix(l, ")") {
			if j := strings.LastIndex(l, "("); j > 0 {
				lines[i] = l[:j] + "(...)"
			}
		}
	}
	return strings.Join(lines, "\n")
}
