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
		got, err := s.FirstSeen(ctx, id, time.Minute)
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
	if err := s.Unsee(ctx, 100); err != nil {
		t.Fatal(err)
	}
	check(100, true)
	check(100, false)
	if err := s.Unsee(ctx, 12345); err != nil {
		t.Fatalf("Unsee of an unknown id: %v", err)
	}

	if _, err := s.FirstSeen(ctx, 1, 0); err == nil {
		t.Error("FirstSeen with ttl 0 succeeded")
	}
}

func TestFirstSeenExpires(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if first, err := s.FirstSeen(ctx, 7, 50*time.Millisecond); err != nil || !first {
		t.Fatalf("FirstSeen = %v, %v", first, err)
	}
	if first, err := s.FirstSeen(ctx, 7, 50*time.Millisecond); err != nil || first {
		t.Fatalf("second FirstSeen = %v, %v", first, err)
	}
	eventually(t, 5*time.Second, "dedup key expires", keyGone(t, s, s.updateKey(7)))
	if first, err := s.FirstSeen(ctx, 7, time.Minute); err != nil || !first {
		t.Fatalf("FirstSeen after expiry = %v, %v", first, err)
	}
}
