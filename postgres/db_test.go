package postgres

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peerbot/peerbot/postgres/pgtest"
)

// freeAddr returns a local address nothing listens on (as of now); a
// connection there is refused.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// withHost returns the database url u pointed at addr instead.
func withHost(t *testing.T, u, addr string) string {
	t.Helper()
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	parsed.Host = addr
	return parsed.String()
}

func TestOpenRetriesUntilContextEnds(t *testing.T) {
	h := newRecordHandler()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		db, err := Open(ctx, "postgres://postgres@"+freeAddr(t)+"/postgres?sslmode=disable&connect_timeout=5", slog.New(h))
		if db != nil {
			db.Close()
		}
		errc <- err
	}()
	// Two attempts show it retries; then stop it.
	h.waitFor(t, "postgres unavailable, retrying", 2)
	cancel()
	var err error
	select {
	case err = <-errc:
	case <-time.After(time.Minute):
		t.Fatal("Open did not return after its context ended")
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Open error = %v, want context.Canceled", err)
	}

	records := h.all()
	var delays []time.Duration
	for _, r := range records {
		if r.Message != "postgres unavailable, retrying" || r.Level != slog.LevelWarn {
			t.Errorf("unexpected log %q at %v", r.Message, r.Level)
			continue
		}
		if v, ok := attr(r, "error"); !ok || v.String() == "" {
			t.Errorf("log line without the error")
		}
		v, ok := attr(r, "delay")
		if !ok {
			t.Fatalf("log line without the delay")
		}
		delays = append(delays, v.Duration())
	}
	if delays[0] != firstRetryDelay || delays[1] != 2*firstRetryDelay {
		t.Errorf("delays %v, want exponential from %v", delays, firstRetryDelay)
	}
}

func TestNextDelay(t *testing.T) {
	tests := []struct {
		in, want time.Duration
	}{
		{250 * time.Millisecond, 500 * time.Millisecond},
		{2 * time.Second, 4 * time.Second},
		{4 * time.Second, 5 * time.Second},
		{5 * time.Second, 5 * time.Second},
	}
	for _, tt := range tests {
		if got := nextDelay(tt.in); got != tt.want {
			t.Errorf("nextDelay(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestOpenConnectsWhenServerArrives starts Open against a proxy that hangs up
// on every connection, as a server still starting would, then lets the proxy
// through to the real server: Open must connect without being restarted.
func TestOpenConnectsWhenServerArrives(t *testing.T) {
	target := pgtest.NewDatabase(t)
	real, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var up atomic.Bool
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	serverAddr := real.Host
	if real.Port() == "" {
		serverAddr = net.JoinHostPort(real.Hostname(), "5432")
	}
	wg.Go(func() { proxy(l, serverAddr, &up, &wg) })

	h := newRecordHandler()
	type result struct {
		db  *DB
		err error
	}
	done := make(chan result, 1)
	go func() {
		db, err := Open(testContext(t), withHost(t, target, l.Addr().String()), slog.New(h))
		done <- result{db, err}
	}()
	h.waitFor(t, "postgres unavailable, retrying", 1)
	up.Store(true)

	var r result
	select {
	case r = <-done:
	case <-time.After(time.Minute):
		t.Fatal("Open did not connect once the server was there")
	}
	if r.err != nil {
		t.Fatalf("Open: %v", r.err)
	}
	defer r.db.Close()
	if err := r.db.Ping(testContext(t)); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

// proxy forwards each connection accepted on l to addr once up is true, and
// hangs up at once before that. It returns when l is closed.
func proxy(l net.Listener, addr string, up *atomic.Bool, wg *sync.WaitGroup) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		if !up.Load() {
			c.Close()
			continue
		}
		wg.Go(func() {
			defer c.Close()
			s, err := net.Dial("tcp", addr)
			if err != nil {
				return
			}
			defer s.Close()
			wg.Go(func() { io.Copy(s, c); s.Close() })
			io.Copy(c, s)
		})
	}
}

func TestOpenRejectsBadURL(t *testing.T) {
	_, err := Open(testContext(t), "postgres://user:secretpw@[::1", nil)
	if err == nil {
		t.Fatal("Open accepted an unparseable url")
	}
	if strings.Contains(err.Error(), "secretpw") {
		t.Errorf("error leaks the password: %v", err)
	}
}

func TestPing(t *testing.T) {
	db := openDB(t, pgtest.NewDatabase(t))
	if err := db.Ping(testContext(t)); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	db.Close()
	if err := db.Ping(testContext(t)); err == nil {
		t.Error("Ping succeeded on a closed pool")
	}
}
