package redis

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestTakeQuota: up to the limit, then refused, and the key expires at
// the time given (the end of the day).
func TestTakeQuota(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	end := time.Now().Add(time.Hour)
	for i := range 5 {
		if ok, err := s.TakeQuota(ctx, "fbday:k", 5, end); err != nil || !ok {
			t.Fatalf("use %d: %v, %v", i+1, ok, err)
		}
	}
	for _, key := range []string{"fbday:k", "fbday:k"} {
		if ok, err := s.TakeQuota(ctx, key, 5, end); err != nil || ok {
			t.Fatalf("use over the limit: %v, %v", ok, err)
		}
	}
	if n, err := s.QuotaUsed(ctx, "fbday:k"); err != nil || n != 5 {
		t.Errorf("used %d, %v; want 5", n, err)
	}
	ttl, err := s.rdb.PTTL(ctx, s.key("fbday:k")).Result()
	if err != nil || ttl <= 0 || ttl > time.Hour {
		t.Errorf("ttl %v, %v; want up to an hour", ttl, err)
	}
	if ok, err := s.TakeQuota(ctx, "fbday:other", 5, end); err != nil || !ok {
		t.Errorf("another person: %v, %v", ok, err)
	}
}

// TestTakeOnceUnderContention: of many concurrent takers of one key,
// exactly one wins; Release lets one more in; DeletePrefix clears a
// survey's keys and no other's.
func TestTakeOnceUnderContention(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	until := time.Now().Add(time.Hour)
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			ok, err := s.TakeOnce(ctx, "svans:1:abc", until)
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d takers won, want 1", wins.Load())
	}
	if taken, err := s.Taken(ctx, "svans:1:abc"); err != nil || !taken {
		t.Errorf("Taken = %v, %v", taken, err)
	}
	if err := s.Release(ctx, "svans:1:abc"); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.TakeOnce(ctx, "svans:1:abc", until); err != nil || !ok {
		t.Errorf("after Release: %v, %v", ok, err)
	}
	for _, k := range []string{"svans:1:def", "svans:12:abc"} {
		if _, err := s.TakeOnce(ctx, k, until); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.DeletePrefix(ctx, "svans:1:"); err != nil || n != 2 {
		t.Errorf("deleted %d, %v; want 2", n, err)
	}
	if taken, err := s.Taken(ctx, "svans:12:abc"); err != nil || !taken {
		t.Errorf("another survey's key was deleted: %v, %v", taken, err)
	}
}
