package bot

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	goredis "github.com/redis/go-redis/v9"

	"github.com/peerbot/peerbot/metrics"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/redis"
)

// intakeRedisURL is the Redis the intake tests use.
func intakeRedisURL() string {
	if u := os.Getenv("REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379/0"
}

// intakeStore returns a Store under a fresh random prefix whose keys are
// deleted when the test ends. Two calls with the same prefix share state,
// like two replicas.
func intakeStore(t *testing.T) (*redis.Store, string) {
	t.Helper()
	prefix := "peerbot-test:bot:" + rand.Text()[:12] + ":"
	return intakeStoreWithPrefix(t, prefix), prefix
}

func intakeStoreWithPrefix(t *testing.T, prefix string) *redis.Store {
	t.Helper()
	ctx := context.Background()
	rdb, err := redis.Open(ctx, intakeRedisURL())
	if err != nil {
		t.Fatalf("tests need a Redis (set REDIS_URL): %v", err)
	}
	t.Cleanup(func() {
		iter := rdb.Scan(ctx, 0, prefix+"*", 200).Iterator()
		var keys []string
		for iter.Next(ctx) {
			keys = append(keys, iter.Val())
		}
		if len(keys) > 0 {
			rdb.Del(ctx, keys...)
		}
		_ = rdb.Close()
	})
	return redis.New(rdb, prefix)
}

// intakeKeys stands in for the keyed hash the service uses: it must not be
// the raw id, so tests can check logs never carry the raw id.
func intakeKeys(c people.ChatID) string { return fmt.Sprintf("k%x", uint64(c)*0x9E3779B97F4A7C15) }

// handlerFunc adapts a function to Handler.
type handlerFunc func(ctx context.Context, in Incoming) error

func (f handlerFunc) Handle(ctx context.Context, in Incoming) error { return f(ctx, in) }

// startDispatcher runs a Dispatcher until the test ends.
func startDispatcher(t *testing.T, h Handler, store *redis.Store, cfg DispatchConfig, log *slog.Logger, m *metrics.Metrics) *Dispatcher {
	t.Helper()
	d := NewDispatcher(h, store, store, intakeKeys, cfg, log, m)
	done := make(chan error, 1)
	go func() { done <- d.Run(context.Background()) }()
	t.Cleanup(func() {
		d.Stop()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	return d
}

// intakeWaitUntil polls cond until it holds, failing the test after a deadline.
func intakeWaitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// orderRecorder records, per chat, the update ids in handling order, and
// fails when two handlings of one chat overlap.
type orderRecorder struct {
	mu       sync.Mutex
	order    map[people.ChatID][]int64
	active   map[people.ChatID]int
	overlaps atomic.Int64
	yield    func(ctx context.Context) // widens the window for overlaps
}

func newOrderRecorder() *orderRecorder {
	return &orderRecorder{order: map[people.ChatID][]int64{}, active: map[people.ChatID]int{}}
}

func (r *orderRecorder) Handle(ctx context.Context, in Incoming) error {
	r.mu.Lock()
	r.active[in.Chat]++
	if r.active[in.Chat] > 1 {
		r.overlaps.Add(1)
	}
	r.mu.Unlock()
	if r.yield != nil {
		r.yield(ctx)
	}
	r.mu.Lock()
	r.order[in.Chat] = append(r.order[in.Chat], in.UpdateID)
	r.active[in.Chat]--
	r.mu.Unlock()
	return nil
}

func TestDispatchKeepsPerChatOrder(t *testing.T) {
	store, _ := intakeStore(t)
	rec := newOrderRecorder()
	m := metrics.New()
	d := startDispatcher(t, rec, store, DispatchConfig{Workers: 8, QueueSize: 4}, nil, m)

	const chats, perChat = 40, 25
	ctx := context.Background()
	var results []<-chan error
	want := map[people.ChatID][]int64{}
	id := int64(1)
	// Interleave chats the way Telegram does, submitting in update order.
	for round := range perChat {
		for c := range chats {
			chat := people.ChatID(1000 + c)
			kind := KindText
			if round%5 == 0 {
				kind = KindCommand
			}
			results = append(results, d.Submit(ctx, Incoming{UpdateID: id, Chat: chat, Kind: kind}))
			want[chat] = append(want[chat], id)
			id++
		}
	}
	for _, r := range results {
		if err := <-r; err != nil {
			t.Fatalf("Submit: %v", err)
		}
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for chat, ids := range want {
		if got := rec.order[chat]; !slicesEqual(got, ids) {
			t.Errorf("chat %d handled %v, want %v", chat, got, ids)
		}
	}
	if n := rec.overlaps.Load(); n != 0 {
		t.Errorf("%d overlapping handlings of one chat", n)
	}
	if got := metricValue(t, m.Updates.WithLabelValues("text")); got != chats*perChat*4/5 {
		t.Errorf("text updates metric = %v, want %v", got, chats*perChat*4/5)
	}
	if got := metricValue(t, m.Updates.WithLabelValues("command")); got != chats*perChat/5 {
		t.Errorf("command updates metric = %v, want %v", got, chats*perChat/5)
	}
	if got := histogramCount(t, m.HandlerSeconds); got != chats*perChat {
		t.Errorf("handler histogram counted %d handlings, want %d", got, chats*perChat)
	}
	if got := metricValue(t, m.QueueDepth); got != 0 {
		t.Errorf("queue depth = %v after everything was handled", got)
	}
}

// metricValue reads a counter or gauge.
func metricValue(t *testing.T, c prometheus.Metric) float64 {
	t.Helper()
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		t.Fatal(err)
	}
	if m.Counter != nil {
		return m.Counter.GetValue()
	}
	return m.Gauge.GetValue()
}

// histogramCount reads how many observations a histogram holds.
func histogramCount(t *testing.T, h prometheus.Histogram) uint64 {
	t.Helper()
	var m dto.Metric
	if err := h.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.Histogram.GetSampleCount()
}

func slicesEqual(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDispatchHandlesChatsInParallel(t *testing.T) {
	store, _ := intakeStore(t)
	bStarted := make(chan struct{})
	h := handlerFunc(func(ctx context.Context, in Incoming) error {
		if in.UpdateID == 1 {
			// Chat A waits for chat B: this only ends if B runs meanwhile.
			select {
			case <-bStarted:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		close(bStarted)
		return nil
	})
	d := startDispatcher(t, h, store, DispatchConfig{Workers: 4, HandlerTimeout: 10 * time.Second}, nil, nil)

	// Two chats on different workers: one worker per chat is what lets them
	// run at the same time.
	a, b := people.ChatID(1), people.ChatID(2)
	for d.worker(intakeKeys(a)) == d.worker(intakeKeys(b)) {
		b++
	}
	ra := d.Submit(context.Background(), Incoming{UpdateID: 1, Chat: a})
	rb := d.Submit(context.Background(), Incoming{UpdateID: 2, Chat: b})
	if err := <-ra; err != nil {
		t.Fatalf("chat A: %v", err)
	}
	if err := <-rb; err != nil {
		t.Fatalf("chat B: %v", err)
	}
}

// TestDispatchTwoReplicas runs two Dispatchers on one Redis, as two replicas
// behind a load balancer: each chat's updates are alternated between them and
// submitted concurrently, and no two handlings of one chat may overlap.
func TestDispatchTwoReplicas(t *testing.T) {
	storeA, prefix := intakeStore(t)
	storeB := intakeStoreWithPrefix(t, prefix)
	rec := newOrderRecorder()
	// A Redis round trip inside the handler gives the other replica time to
	// break in if the lock did not keep it out.
	rec.yield = func(ctx context.Context) { _ = storeA.Ping(ctx) }
	a := startDispatcher(t, rec, storeA, DispatchConfig{Workers: 4}, nil, nil)
	b := startDispatcher(t, rec, storeB, DispatchConfig{Workers: 4}, nil, nil)

	const chats, perChat = 8, 30
	var wg sync.WaitGroup
	errs := make(chan error, chats*perChat)
	for c := range chats {
		chat := people.ChatID(5000 + c)
		for i, d := range []*Dispatcher{a, b} {
			wg.Go(func() {
				// Replica i gets every other update of the chat, in order.
				for n := i; n < perChat; n += 2 {
					id := int64(c*perChat + n + 1)
					if err := d.Dispatch(context.Background(), Incoming{UpdateID: id, Chat: chat, Kind: KindText}); err != nil {
						errs <- err
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("Dispatch: %v", err)
	}
	if n := rec.overlaps.Load(); n != 0 {
		t.Fatalf("%d overlapping handlings of one chat across replicas", n)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for c := range chats {
		chat := people.ChatID(5000 + c)
		got := rec.order[chat]
		if len(got) != perChat {
			t.Fatalf("chat %d: %d handlings, want %d", chat, len(got), perChat)
		}
		// Each replica keeps its own share in order.
		var last [2]int64
		for _, id := range got {
			n := (id - 1) % perChat
			if id <= last[n%2] {
				t.Errorf("chat %d: replica %d handled %d after %d", chat, n%2, id, last[n%2])
			}
			last[n%2] = id
		}
	}
}

// TestDispatchLockExcludesOtherReplica pins the exclusion deterministically:
// while replica A handles a chat, replica B cannot start on it.
func TestDispatchLockExcludesOtherReplica(t *testing.T) {
	storeA, prefix := intakeStore(t)
	storeB := intakeStoreWithPrefix(t, prefix)
	entered, release := make(chan struct{}), make(chan struct{})
	var handledOnB atomic.Int64
	a := startDispatcher(t, handlerFunc(func(ctx context.Context, in Incoming) error {
		close(entered)
		<-release
		return nil
	}), storeA, DispatchConfig{}, nil, nil)
	b := startDispatcher(t, handlerFunc(func(ctx context.Context, in Incoming) error {
		handledOnB.Add(1)
		return nil
	}), storeB, DispatchConfig{}, nil, nil)

	chat := people.ChatID(77)
	ra := a.Submit(context.Background(), Incoming{UpdateID: 1, Chat: chat})
	<-entered
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	err := b.Dispatch(ctx, Incoming{UpdateID: 2, Chat: chat})
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, ErrHandlerFailed) {
		t.Fatalf("B.Dispatch while A holds the chat = %v, want a deadline error", err)
	}
	if handledOnB.Load() != 0 {
		t.Fatal("B handled the chat while A held it")
	}
	close(release)
	if err := <-ra; err != nil {
		t.Fatalf("A: %v", err)
	}
	// The update B gave up on was not marked seen: its redelivery is handled.
	if err := b.Dispatch(context.Background(), Incoming{UpdateID: 2, Chat: chat}); err != nil {
		t.Fatalf("B after A released: %v", err)
	}
	if handledOnB.Load() != 1 {
		t.Fatalf("B handled %d updates, want 1", handledOnB.Load())
	}
}

func TestDispatchDropsDuplicates(t *testing.T) {
	storeA, prefix := intakeStore(t)
	storeB := intakeStoreWithPrefix(t, prefix)
	var calls atomic.Int64
	h := handlerFunc(func(ctx context.Context, in Incoming) error { calls.Add(1); return nil })
	m := metrics.New()
	a := startDispatcher(t, h, storeA, DispatchConfig{}, nil, m)
	b := startDispatcher(t, h, storeB, DispatchConfig{}, nil, m)

	in := Incoming{UpdateID: 42, Chat: 9, Kind: KindCallback}
	for i, d := range []*Dispatcher{a, a, b} {
		if err := d.Dispatch(context.Background(), in); err != nil {
			t.Fatalf("delivery %d: %v", i, err)
		}
	}
	if calls.Load() != 1 {
		t.Errorf("handler called %d times, want 1", calls.Load())
	}
	if got := metricValue(t, m.Updates.WithLabelValues("duplicate")); got != 2 {
		t.Errorf("duplicate metric = %v, want 2", got)
	}
	if got := metricValue(t, m.Updates.WithLabelValues("callback")); got != 1 {
		t.Errorf("callback metric = %v, want 1", got)
	}
}

func TestDispatchRedeliversFailedUpdate(t *testing.T) {
	store, _ := intakeStore(t)
	var calls atomic.Int64
	boom := errors.New("store unavailable")
	h := handlerFunc(func(ctx context.Context, in Incoming) error {
		if calls.Add(1) == 1 {
			return boom
		}
		return nil
	})
	d := startDispatcher(t, h, store, DispatchConfig{}, nil, nil)
	in := Incoming{UpdateID: 7, Chat: 3}

	err := d.Dispatch(context.Background(), in)
	if !errors.Is(err, ErrHandlerFailed) || !errors.Is(err, boom) {
		t.Fatalf("first delivery = %v, want ErrHandlerFailed wrapping the handler's error", err)
	}
	if err := d.Dispatch(context.Background(), in); err != nil {
		t.Fatalf("redelivery: %v", err)
	}
	if err := d.Dispatch(context.Background(), in); err != nil {
		t.Fatalf("third delivery: %v", err)
	}
	if calls.Load() != 2 {
		t.Errorf("handler called %d times, want 2 (failure, redelivery; the third is a duplicate)", calls.Load())
	}
}

func TestDispatchRecoversPanics(t *testing.T) {
	tests := []struct {
		name    string
		panic   func(in Incoming)
		wantMsg string // in the error and the log
	}{
		{"value", func(in Incoming) { panic("cannot parse " + in.Text) }, "value of type string"},
		{"runtime error", func(in Incoming) {
			var m map[string]int
			m[in.Text]++
		}, "assignment to entry in nil map"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store, _ := intakeStore(t)
			var logs bytes.Buffer
			log := slog.New(slog.NewJSONHandler(&logs, nil))
			var calls atomic.Int64
			h := handlerFunc(func(ctx context.Context, in Incoming) error {
				if calls.Add(1) == 1 {
					tt.panic(in)
				}
				return nil
			})
			d := startDispatcher(t, h, store, DispatchConfig{}, log, nil)
			chat := people.ChatID(987654321)
			in := Incoming{UpdateID: 31, Chat: chat, Kind: KindText, Text: "my dealer sells pink pills"}

			err := d.Dispatch(context.Background(), in)
			if !errors.Is(err, ErrHandlerFailed) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("Dispatch = %v, want ErrHandlerFailed mentioning %q", err, tt.wantMsg)
			}
			out := logs.String()
			for _, want := range []string{"handler panicked", tt.wantMsg, intakeKeys(chat), "dispatch_test.go"} {
				if !strings.Contains(out, want) {
					t.Errorf("log lacks %q:\n%s", want, out)
				}
			}
			for _, secret := range []string{"pink pills", "987654321", fmt.Sprintf("%x", int64(chat))} {
				if strings.Contains(out, secret) || strings.Contains(err.Error(), secret) {
					t.Errorf("log or error carries %q:\n%s\n%v", secret, out, err)
				}
			}
			// The panic did not kill the worker, and the update is redelivered.
			if err := d.Dispatch(context.Background(), in); err != nil {
				t.Fatalf("redelivery after panic: %v", err)
			}
			if calls.Load() != 2 {
				t.Errorf("handler called %d times, want 2", calls.Load())
			}
		})
	}
}

func TestDispatchRedisDown(t *testing.T) {
	// Nothing listens on port 1: every Redis call fails at once.
	rdb := goredis.NewClient(&goredis.Options{Addr: "127.0.0.1:1", MaxRetries: -1})
	t.Cleanup(func() { _ = rdb.Close() })
	store := redis.New(rdb, "unused:")
	var calls atomic.Int64
	d := startDispatcher(t, handlerFunc(func(ctx context.Context, in Incoming) error {
		calls.Add(1)
		return nil
	}), store, DispatchConfig{}, nil, nil)

	err := d.Dispatch(context.Background(), Incoming{UpdateID: 1, Chat: 1})
	if err == nil || errors.Is(err, ErrHandlerFailed) {
		t.Fatalf("Dispatch with Redis down = %v, want an infrastructure error", err)
	}
	if calls.Load() != 0 {
		t.Error("handler ran without the chat lock")
	}
}

func TestDispatchStopDrainsQueue(t *testing.T) {
	store, _ := intakeStore(t)
	gate, entered := make(chan struct{}), make(chan struct{}, 100)
	var handled atomic.Int64
	h := handlerFunc(func(ctx context.Context, in Incoming) error {
		entered <- struct{}{}
		<-gate
		handled.Add(1)
		return nil
	})
	m := metrics.New()
	d := NewDispatcher(h, store, store, intakeKeys, DispatchConfig{Workers: 2}, nil, m)
	runDone := make(chan error, 1)
	go func() { runDone <- d.Run(context.Background()) }()

	const n = 20
	var results []<-chan error
	for i := range n {
		results = append(results, d.Submit(context.Background(), Incoming{UpdateID: int64(i + 1), Chat: people.ChatID(i % 3)}))
	}
	<-entered // Run is running: the workers took their first updates.
	stopped := make(chan struct{})
	go func() { d.Stop(); close(stopped) }()
	// Once stopping, new updates are refused...
	intakeWaitUntil(t, "Stop to close the queues", func() bool {
		d.mu.RLock()
		defer d.mu.RUnlock()
		return d.stopped
	})
	if err := <-d.Submit(context.Background(), Incoming{UpdateID: 999, Chat: 1}); !errors.Is(err, ErrStopped) {
		t.Fatalf("Submit while stopping = %v, want ErrStopped", err)
	}
	// ...but everything queued before is still handled.
	close(gate)
	<-stopped
	for i, r := range results {
		if err := <-r; err != nil {
			t.Errorf("update %d: %v", i+1, err)
		}
	}
	if handled.Load() != n {
		t.Errorf("handled %d updates, want %d", handled.Load(), n)
	}
	if err := <-runDone; err != nil {
		t.Errorf("Run: %v", err)
	}
	if got := metricValue(t, m.QueueDepth); got != 0 {
		t.Errorf("queue depth = %v after draining", got)
	}
	if err := d.Run(context.Background()); !errors.Is(err, ErrStopped) {
		t.Errorf("Run after Stop = %v, want ErrStopped", err)
	}
}

func TestDispatchCancelledBeforeHandling(t *testing.T) {
	store, _ := intakeStore(t)
	var calls atomic.Int64
	d := startDispatcher(t, handlerFunc(func(ctx context.Context, in Incoming) error {
		calls.Add(1)
		return nil
	}), store, DispatchConfig{}, nil, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := d.Dispatch(ctx, Incoming{UpdateID: 5, Chat: 5}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Dispatch with a cancelled context = %v", err)
	}
	// Not marked seen: a later delivery is handled.
	if err := d.Dispatch(context.Background(), Incoming{UpdateID: 5, Chat: 5}); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 1 {
		t.Errorf("handler called %d times, want 1", calls.Load())
	}
}

func TestDispatchConfigDefaults(t *testing.T) {
	c := DispatchConfig{}.withDefaults()
	if c.Workers != 64 || c.DedupTTL != 24*time.Hour || c.HandlerTimeout != time.Minute || c.LockTTL != 90*time.Second {
		t.Errorf("defaults = %+v", c)
	}
	c = DispatchConfig{HandlerTimeout: 20 * time.Second, LockTTL: 5 * time.Second}.withDefaults()
	if c.LockTTL != 30*time.Second {
		t.Errorf("LockTTL shorter than the handler timeout was kept: %v", c.LockTTL)
	}
}

func TestSanitizedStack(t *testing.T) {
	s := sanitizedStack()
	if strings.Contains(s, "0x") {
		t.Errorf("stack keeps argument words or offsets:\n%s", s)
	}
	if !strings.Contains(s, "TestSanitizedStack") || !strings.Contains(s, "dispatch_test.go:") {
		t.Errorf("stack lost the frames:\n%s", s)
	}
}
