package redis

import (
	"context"
	"testing"
	"time"
)

func TestFirstSeen(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)

	check := func(id int64, want bool) {
		t.Helper()
		got, err := s.FirstSeen(ctx, "chat", id, time.Minute)
		if err != nil {
			t.Fatalf("FirstSeen(%d): %v", id, err)
		}
		if got != want {
			t.Fatalf("FirstSeen(%d) = %v, want %v", id, got, want)
		}
	}
	check(100, true)
	check(100, false)
	check(100, false)
	// Out of order: a lower id is judged on its own, not against the highest.
	check(99, true)
	check(99, false)

	// A failed handling is forgotten so the redelivery is handled.
	if err := s.Unsee(ctx, "chat", 100); err != nil {
		t.Fatal(err)
	}
	check(100, true)
	check(100, false)
	if err := s.Unsee(ctx, "chat", 12345); err != nil {
		t.Fatalf("Unsee of an unknown id: %v", err)
	}

	if _, err := s.FirstSeen(ctx, "chat", 1, 0); err == nil {
		t.Error("FirstSeen with ttl 0 succeeded")
	}
}

func TestFirstSeenExpires(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if first, err := s.FirstSeen(ctx, "chat", 7, 50*time.Millisecond); err != nil || !first {
		t.Fatalf("FirstSeen = %v, %v", first, err)
	}
	if first, err := s.FirstSeen(ctx, "chat", 7, 50*time.Millisecond); err != nil || first {
		t.Fatalf("second FirstSeen = %v, %v", first, err)
	}
	eventually(t, 5*time.Second, "dedup key expires", keyGone(t, s, s.updateKey("chat", 7)))
	if first, err := s.FirstSeen(ctx, "chat", 7, time.Minute); err != nil || !first {
		t.Fatalf("FirstSeen after expiry = %v, %v", first, err)
	}
}

func TestLockChatFirstSeen(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	unlock, first, err := s.LockChatFirstSeen(ctx, "chat", 500, time.Minute, time.Minute)
	if err != nil || !first {
		t.Fatalf("first = %v, %v; want a new update", first, err)
	}
	// While locked, a second attempt waits and marks nothing.
	wctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	if _, _, err := s.LockChatFirstSeen(wctx, "chat", 501, time.Minute, time.Minute); err == nil {
		t.Fatal("took a held lock")
	}
	cancel()
	if err := unlock(ctx); err != nil {
		t.Fatal(err)
	}
	// Update 501 was not marked while the lock was held elsewhere.
	unlock, first, err = s.LockChatFirstSeen(ctx, "chat", 501, time.Minute, time.Minute)
	if err != nil || !first {
		t.Fatalf("update 501 after waiting: first = %v, %v", first, err)
	}
	unlock(ctx)
	// The marker is the same as FirstSeen's, so both agree.
	unlock, first, err = s.LockChatFirstSeen(ctx, "chat", 500, time.Minute, time.Minute)
	if err != nil || first {
		t.Fatalf("redelivered update 500: first = %v, %v; want a duplicate", first, err)
	}
	unlock(ctx)
	if got, err := s.FirstSeen(ctx, "chat", 501, time.Minute); err != nil || got {
		t.Fatalf("FirstSeen(501) = %v, %v; want seen", got, err)
	}
	if _, _, err := s.LockChatFirstSeen(ctx, "chat", 502, time.Minute, 0); err == nil {
		t.Error("seen ttl 0 accepted")
	}
}
