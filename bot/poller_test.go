package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/redis"
)

// lockedBuffer is a log sink the test can read while the poller writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// countingLeaser counts the lease attempts of one replica.
type countingLeaser struct {
	*redis.Store
	attempts atomic.Int64
}

func (c *countingLeaser) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	ok, err := c.Store.AcquireLease(ctx, name, holder, ttl)
	c.attempts.Add(1)
	return ok, err
}

// countingTransport counts the HTTP requests one replica makes.
type countingTransport struct{ n atomic.Int64 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

// testPollerConfig polls fast and fails over fast, for tests.
func testPollerConfig(apiURL, token, holder string) PollerConfig {
	return PollerConfig{
		APIURL: apiURL, Token: token, Holder: holder,
		PollTimeout: time.Second, LeaseTTL: 3 * time.Second, StandbyInterval: 20 * time.Millisecond,
		MaxBackoff: 100 * time.Millisecond,
	}
}

// runPoller runs p until stop is called or the test ends; stop returns Run's
// error.
func runPoller(t *testing.T, p *Poller) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			err = <-done
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

func getUpdatesOffsets(fake *tgfake.Server) []int64 {
	var out []int64
	for _, c := range fake.CallsTo("getUpdates") {
		n, _ := strconv.ParseInt(c.Params["offset"], 10, 64)
		out = append(out, n)
	}
	return out
}

func TestPollerHandlesUpdatesInOrder(t *testing.T) {
	fake := tgfake.New(tgfake.Options{})
	t.Cleanup(fake.Close)
	store, _ := intakeStore(t)
	rec := newOrderRecorder()
	d := startDispatcher(t, rec, store, DispatchConfig{Workers: 4}, nil, nil)

	// Updates pile up before the poller starts, then keep coming.
	want := map[people.ChatID][]int64{}
	send := func(round int) {
		for u := int64(1); u <= 5; u++ {
			fake.AddUser(u, "en")
			var id int64
			switch round % 3 {
			case 0:
				id = fake.SendText(u, fmt.Sprintf("message %d", round))
			case 1:
				id = fake.SendCommand(u, "/help")
			default:
				id = fake.SendSticker(u)
			}
			want[people.ChatID(u)] = append(want[people.ChatID(u)], id)
		}
	}
	for round := range 6 {
		send(round)
	}
	p, err := NewPoller(d, store, testPollerConfig(fake.URL(), fake.Token(), "replica-a"), nil)
	if err != nil {
		t.Fatal(err)
	}
	runPoller(t, p)
	for round := 6; round < 12; round++ {
		send(round)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := fake.Wait(ctx, func() bool { return fake.PendingUpdates() == 0 }); err != nil {
		t.Fatalf("updates not confirmed: %v", err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for chat, ids := range want {
		if !slicesEqual(rec.order[chat], ids) {
			t.Errorf("chat %d handled %v, want %v", chat, rec.order[chat], ids)
		}
	}
	for _, c := range fake.CallsTo("getUpdates") {
		if c.Status != http.StatusOK {
			t.Errorf("getUpdates answered %d %s", c.Status, c.Description)
		}
		var kinds []string
		if err := json.Unmarshal([]byte(c.Params["allowed_updates"]), &kinds); err != nil || strings.Join(kinds, ",") != "message,callback_query,my_chat_member" {
			t.Errorf("allowed_updates = %q", c.Params["allowed_updates"])
		}
	}
}

// TestPollerConfirmsOnlyAfterHandling holds the handler on one update and
// checks that the poller neither asks for later updates nor confirms it
// meanwhile.
func TestPollerConfirmsOnlyAfterHandling(t *testing.T) {
	fake := tgfake.New(tgfake.Options{})
	t.Cleanup(fake.Close)
	store, _ := intakeStore(t)
	entered, release := make(chan struct{}), make(chan struct{})
	var handled atomic.Int64
	d := startDispatcher(t, handlerFunc(func(ctx context.Context, in Incoming) error {
		if handled.Add(1) == 1 {
			close(entered)
			<-release
		}
		return nil
	}), store, DispatchConfig{}, nil, nil)

	fake.AddUser(10, "de")
	first := fake.SendText(10, "hallo")
	p, err := NewPoller(d, store, testPollerConfig(fake.URL(), fake.Token(), "replica-a"), nil)
	if err != nil {
		t.Fatal(err)
	}
	runPoller(t, p)
	<-entered

	// While the batch is being handled: one getUpdates so far, from offset
	// 0, and the update still pending at Telegram.
	if offsets := getUpdatesOffsets(fake); len(offsets) != 1 || offsets[0] != 0 {
		t.Errorf("getUpdates offsets while handling = %v, want [0]", offsets)
	}
	if fake.PendingUpdates() != 1 {
		t.Errorf("pending updates while handling = %d, want 1", fake.PendingUpdates())
	}
	close(release)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = fake.Wait(ctx, func() bool {
		offsets := getUpdatesOffsets(fake)
		return len(offsets) >= 2 && offsets[1] == first+1
	})
	if err != nil {
		t.Fatalf("the offset did not move past the handled update: %v (offsets %v)", err, getUpdatesOffsets(fake))
	}
	if fake.PendingUpdates() != 0 {
		t.Errorf("pending updates after handling = %d", fake.PendingUpdates())
	}
}

func TestPollerRetriesFailedUpdates(t *testing.T) {
	fake := tgfake.New(tgfake.Options{})
	t.Cleanup(fake.Close)
	store, _ := intakeStore(t)
	var attempts atomic.Int64
	handled := make(chan Incoming, 4)
	d := startDispatcher(t, handlerFunc(func(ctx context.Context, in Incoming) error {
		if in.Kind == KindCommand && attempts.Add(1) == 1 {
			return errors.New("first attempt fails")
		}
		handled <- in
		return nil
	}), store, DispatchConfig{}, nil, nil)

	fake.AddUser(20, "es")
	fake.AddUser(21, "es")
	cmd := fake.SendCommand(20, "/start src_flyer12")
	text := fake.SendText(21, "hola")
	p, err := NewPoller(d, store, testPollerConfig(fake.URL(), fake.Token(), "replica-a"), nil)
	if err != nil {
		t.Fatal(err)
	}
	runPoller(t, p)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := fake.Wait(ctx, func() bool { return fake.PendingUpdates() == 0 }); err != nil {
		t.Fatal(err)
	}
	close(handled)
	var ids []int64
	for in := range handled {
		ids = append(ids, in.UpdateID)
	}
	// The text (another chat) was handled on the first pass, the command
	// once retried; the text's refetch was dropped as a duplicate.
	if len(ids) != 2 || !(ids[0] == text && ids[1] == cmd || ids[0] == cmd && ids[1] == text) {
		t.Errorf("handled %v, want %d and %d once each", ids, text, cmd)
	}
	if attempts.Load() != 2 {
		t.Errorf("command attempts = %d, want 2", attempts.Load())
	}
	offsets := getUpdatesOffsets(fake)
	if len(offsets) < 2 || offsets[1] > cmd {
		t.Errorf("offsets = %v: the failed update must be fetched again before moving on", offsets)
	}
}

func TestPollerSkipsUpdateThatKeepsFailing(t *testing.T) {
	fake := tgfake.New(tgfake.Options{})
	t.Cleanup(fake.Close)
	store, _ := intakeStore(t)
	var attempts atomic.Int64
	d := startDispatcher(t, handlerFunc(func(ctx context.Context, in Incoming) error {
		attempts.Add(1)
		return errors.New("always fails")
	}), store, DispatchConfig{}, nil, nil)
	fake.AddUser(21, "")
	fake.SendText(21, "poison")
	cfg := testPollerConfig(fake.URL(), fake.Token(), "replica-a")
	cfg.MaxAttempts = 3
	p, err := NewPoller(d, store, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	runPoller(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := fake.Wait(ctx, func() bool { return fake.PendingUpdates() == 0 }); err != nil {
		t.Fatal(err)
	}
	if attempts.Load() != 3 {
		t.Errorf("attempts = %d, want 3", attempts.Load())
	}
}

// TestPollerStandby runs two replicas' pollers on one Redis: only the lease
// holder calls getUpdates; the other takes over when it stops.
func TestPollerStandby(t *testing.T) {
	fake := tgfake.New(tgfake.Options{})
	t.Cleanup(fake.Close)
	storeA, prefix := intakeStore(t)
	storeB := intakeStoreWithPrefix(t, prefix)
	handledBy := make(chan string, 10)
	dA := startDispatcher(t, handlerFunc(func(ctx context.Context, in Incoming) error { handledBy <- "a"; return nil }), storeA, DispatchConfig{}, nil, nil)
	dB := startDispatcher(t, handlerFunc(func(ctx context.Context, in Incoming) error { handledBy <- "b"; return nil }), storeB, DispatchConfig{}, nil, nil)

	var httpA, httpB countingTransport
	cfgA := testPollerConfig(fake.URL(), fake.Token(), "replica-a")
	cfgA.Client = &http.Client{Transport: &httpA}
	pA, err := NewPoller(dA, storeA, cfgA, nil)
	if err != nil {
		t.Fatal(err)
	}
	stopA := runPoller(t, pA)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := fake.Wait(ctx, func() bool { return httpA.n.Load() > 0 }); err != nil {
		t.Fatalf("A never polled: %v", err)
	}

	leaseB := &countingLeaser{Store: storeB}
	cfgB := testPollerConfig(fake.URL(), fake.Token(), "replica-b")
	cfgB.Client = &http.Client{Transport: &httpB}
	pB, err := NewPoller(dB, leaseB, cfgB, nil)
	if err != nil {
		t.Fatal(err)
	}
	runPoller(t, pB)
	intakeWaitUntil(t, "B to try the lease a few times", func() bool { return leaseB.attempts.Load() >= 5 })
	if n := httpB.n.Load(); n != 0 {
		t.Fatalf("B made %d calls while A held the lease", n)
	}
	fake.AddUser(30, "en")
	fake.SendText(30, "one")
	if who := <-handledBy; who != "a" {
		t.Fatalf("update handled by %s while A held the lease", who)
	}

	// A stops and releases the lease: B takes over without waiting for it
	// to expire, and nobody got a 409 for polling concurrently.
	if err := stopA(); err != nil {
		t.Fatalf("A.Run: %v", err)
	}
	fake.SendText(30, "two")
	select {
	case who := <-handledBy:
		if who != "b" {
			t.Fatalf("update handled by %s after A stopped", who)
		}
	case <-ctx.Done():
		t.Fatal("B did not take over")
	}
	for _, c := range fake.CallsTo("getUpdates") {
		if c.Status == http.StatusConflict {
			t.Errorf("getUpdates got 409: two pollers at once")
		}
	}
}

func TestPollerStopsOnBadToken(t *testing.T) {
	fake := tgfake.New(tgfake.Options{})
	t.Cleanup(fake.Close)
	store, _ := intakeStore(t)
	d := startDispatcher(t, handlerFunc(func(ctx context.Context, in Incoming) error { return nil }), store, DispatchConfig{}, nil, nil)
	const wrong = "999:WrongTokenValue"
	p, err := NewPoller(d, store, testPollerConfig(fake.URL(), wrong, "replica-a"), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = p.Run(ctx)
	if !errors.Is(err, ErrBadToken) {
		t.Fatalf("Run = %v, want ErrBadToken", err)
	}
	if strings.Contains(err.Error(), wrong) || !strings.Contains(err.Error(), "401") {
		t.Errorf("error = %q: want the status, not the token", err)
	}
	// The lease was released on the way out.
	ok, err := store.AcquireLease(ctx, "telegram-poller", "someone-else", time.Second)
	if err != nil || !ok {
		t.Errorf("lease still held after Run returned: %v, %v", ok, err)
	}
}

func TestPollerBacksOffOnServerErrors(t *testing.T) {
	fake := tgfake.New(tgfake.Options{})
	t.Cleanup(fake.Close)
	store, _ := intakeStore(t)
	got := make(chan Incoming, 1)
	d := startDispatcher(t, handlerFunc(func(ctx context.Context, in Incoming) error { got <- in; return nil }), store, DispatchConfig{}, nil, nil)
	fake.Fail(tgfake.Fault{Method: "getUpdates", Status: http.StatusBadGateway, Times: 3})
	fake.AddUser(40, "uk")
	id := fake.SendText(40, "привіт")

	var logs lockedBuffer
	p, err := NewPoller(d, store, testPollerConfig(fake.URL(), fake.Token(), "replica-a"), slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	runPoller(t, p)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	select {
	case in := <-got:
		if in.UpdateID != id {
			t.Errorf("handled update %d, want %d", in.UpdateID, id)
		}
	case <-ctx.Done():
		t.Fatal("update not handled after the 502s")
	}
	if n := strings.Count(logs.String(), "polling telegram failed"); n != 3 {
		t.Errorf("%d retry log lines, want 3:\n%s", n, logs.String())
	}
	if strings.Contains(logs.String(), fake.Token()) {
		t.Errorf("logs carry the token:\n%s", logs.String())
	}
}

func TestPollerRedactsTokenFromNetworkErrors(t *testing.T) {
	store, _ := intakeStore(t)
	d := startDispatcher(t, handlerFunc(func(ctx context.Context, in Incoming) error { return nil }), store, DispatchConfig{}, nil, nil)
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	const token = "4242:SecretTokenThatMustNotLeak"
	var logs lockedBuffer
	p, err := NewPoller(d, store, testPollerConfig(deadURL, token, "replica-a"), slog.New(slog.NewJSONHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	stop := runPoller(t, p)
	intakeWaitUntil(t, "two retry log lines", func() bool { return strings.Count(logs.String(), "polling telegram failed") >= 2 })
	if err := stop(); err != nil {
		t.Errorf("Run = %v, want nil after cancellation", err)
	}
	out := logs.String()
	if strings.Contains(out, token) || strings.Contains(out, "SecretToken") {
		t.Errorf("logs carry the token:\n%s", out)
	}
	if !strings.Contains(out, "<token>") || !strings.Contains(out, "connection refused") {
		t.Errorf("logs lost the useful part of the error:\n%s", out)
	}
}

// TestPollerSkipsUndecodableUpdate uses a hand-written getUpdates answer,
// since the fake only produces valid updates: one that does not decode must
// be skipped, or it would be fetched forever.
func TestPollerSkipsUndecodableUpdate(t *testing.T) {
	store, _ := intakeStore(t)
	got := make(chan Incoming, 2)
	d := startDispatcher(t, handlerFunc(func(ctx context.Context, in Incoming) error { got <- in; return nil }), store, DispatchConfig{}, nil, nil)

	offsets := make(chan int64, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Offset int64 `json:"offset"`
		}
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &req); err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		offsets <- req.Offset
		w.Header().Set("Content-Type", "application/json")
		if req.Offset > 0 {
			// Later polls wait like a long poll with nothing new.
			<-r.Context().Done()
			return
		}
		fmt.Fprint(w, `{"ok":true,"result":[
			{"update_id":500,"my_chat_member":{"chat":{"id":7,"type":"private"},"from":{"id":7,"is_bot":false,"first_name":"X"},"date":1,
				"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"B"}},
				"new_chat_member":{"status":"some_future_status","user":{"id":1,"is_bot":true,"first_name":"B"}}}},
			{"update_id":501,"message":{"message_id":3,"from":{"id":7,"is_bot":false,"first_name":"X"},"chat":{"id":7,"type":"private"},"date":1,"text":"hi"}}
		]}`)
	}))
	t.Cleanup(srv.Close)
	p, err := NewPoller(d, store, testPollerConfig(srv.URL, "1:T", "replica-a"), nil)
	if err != nil {
		t.Fatal(err)
	}
	runPoller(t, p)
	if in := <-got; in.UpdateID != 501 || in.Text != "hi" {
		t.Errorf("handled %+v", in)
	}
	if first := <-offsets; first != 0 {
		t.Errorf("first offset = %d", first)
	}
	if next := <-offsets; next != 502 {
		t.Errorf("next offset = %d, want 502", next)
	}
}

func TestNewPollerValidates(t *testing.T) {
	tests := []PollerConfig{
		{},
		{Token: "1:A", APIURL: "ftp://example.org"},
		{Token: "1:A", APIURL: "not a url"},
	}
	for _, cfg := range tests {
		if _, err := NewPoller(nil, nil, cfg, nil); err == nil {
			t.Errorf("NewPoller(%+v) accepted", cfg)
		}
	}
	p, err := NewPoller(nil, nil, PollerConfig{Token: "1:A"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.cfg.APIURL != DefaultAPIURL || p.cfg.PollTimeout != 30*time.Second || p.cfg.Holder == "" || p.cfg.MaxBackoff != 5*time.Second {
		t.Errorf("defaults = %+v", p.cfg)
	}
}

func TestBackoff(t *testing.T) {
	b := newBackoff(5 * time.Second)
	var got []time.Duration
	for range 7 {
		got = append(got, b.next())
	}
	want := []time.Duration{250 * time.Millisecond, 500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("backoff = %v, want %v", got, want)
		}
	}
	b.reset()
	if d := b.next(); d != 250*time.Millisecond {
		t.Errorf("after reset: %v", d)
	}
}
