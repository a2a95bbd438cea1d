package redis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// testURL is the Redis the tests use: the local one unless REDIS_URL says
// otherwise.
func testURL() string {
	if u := os.Getenv("REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379/0"
}

// newTestStore returns a Store under a fresh random prefix, and deletes every
// key under that prefix when the test ends.
func newTestStore(tb testing.TB) *Store {
	tb.Helper()
	ctx := context.Background()
	rdb, err := Open(ctx, testURL())
	if err != nil {
		tb.Fatalf("tests need a Redis (set REDIS_URL): %v", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	prefix := "peerbot-test:" + hex.EncodeToString(b[:]) + ":"
	tb.Cleanup(func() {
		cleanup(tb, rdb, prefix)
		_ = rdb.Close()
	})
	return New(rdb, prefix)
}

func cleanup(tb testing.TB, rdb *goredis.Client, prefix string) {
	if _, err := New(rdb, prefix).DeleteAll(context.Background()); err != nil {
		tb.Errorf("deleting test keys: %v", err)
	}
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("still not true after %v: %s", within, what)
		}
		time.Sleep(2 * time.Millisecond) // polling a condition, not waiting for time to pass
	}
}

// keyGone reports whether key no longer exists.
func keyGone(t *testing.T, s *Store, key string) func() bool {
	return func() bool {
		n, err := s.rdb.Exists(context.Background(), key).Result()
		if err != nil {
			t.Fatalf("checking %s: %v", key, err)
		}
		return n == 0
	}
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	rdb, err := Open(ctx, testURL())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer rdb.Close()
	if err := New(rdb, "x:").Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}

	tests := []struct {
		name, url, want string
	}{
		{"bad scheme", "http://127.0.0.1:6379", "invalid URL scheme"},
		{"bad db", "redis://127.0.0.1:6379/x", "invalid database number"},
		{"nobody listening", "redis://:s3cret@127.0.0.1:1/0", "connecting to redis at 127.0.0.1:1"},
		{"unparseable", "redis://:s3cret@[::1", "parsing REDIS_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			rdb, err := Open(ctx, tt.url)
			if err == nil {
				rdb.Close()
				t.Fatalf("Open(%q) succeeded", tt.url)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open(%q) = %v, want it to mention %q", tt.url, err, tt.want)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("Open error leaks the password: %v", err)
			}
		})
	}
}

func TestPrefixIsolation(t *testing.T) {
	ctx := context.Background()
	a, b := newTestStore(t), newTestStore(t)
	if err := a.SetState(ctx, "k", []byte("a"), time.Minute); err != nil {
		t.Fatal(err)
	}
	got, err := b.GetState(ctx, "k")
	if err != nil || got != nil {
		t.Fatalf("other prefix sees state: %q, %v", got, err)
	}
	if err := a.Pause(ctx, time.Minute); err != nil {
		t.Fatal(err)
	}
	if d, err := b.PausedFor(ctx); err != nil || d != 0 {
		t.Fatalf("other prefix paused: %v, %v", d, err)
	}
	keys, err := a.rdb.Keys(ctx, a.prefix+"*").Result()
	if err != nil || len(keys) != 2 {
		t.Fatalf("keys under prefix = %v, %v; want the state and the pause", keys, err)
	}
}
