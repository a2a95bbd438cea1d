package redis

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkReserve measures one granted reservation: one script round trip
// through both buckets (rates high enough never to refuse).
func BenchmarkReserve(b *testing.B) {
	ctx := context.Background()
	s := newTestStore(b)
	l := Limits{GlobalRate: 1e9, GlobalBurst: 1e9, ChatRate: 1e9, ChatBurst: 1e9}
	for i := 0; b.Loop(); i++ {
		wait, err := s.Reserve(ctx, fmt.Sprintf("chat-%d", i%64), LaneReply, l)
		if err != nil || wait != 0 {
			b.Fatalf("Reserve = %v, %v", wait, err)
		}
	}
}

// BenchmarkReserveParallel is BenchmarkReserve from GOMAXPROCS goroutines,
// all on the same global bucket.
func BenchmarkReserveParallel(b *testing.B) {
	ctx := context.Background()
	s := newTestStore(b)
	l := Limits{GlobalRate: 1e9, GlobalBurst: 1e9, ChatRate: 1e9, ChatBurst: 1e9}
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if wait, err := s.Reserve(ctx, "chat", LaneCampaign, l); err != nil || wait != 0 {
				b.Errorf("Reserve = %v, %v", wait, err)
				return
			}
		}
	})
}

// BenchmarkLockChat measures an uncontended lock and unlock: two round trips.
func BenchmarkLockChat(b *testing.B) {
	ctx := context.Background()
	s := newTestStore(b)
	for i := 0; b.Loop(); i++ {
		unlock, err := s.LockChat(ctx, fmt.Sprintf("chat-%d", i%64), time.Minute)
		if err != nil {
			b.Fatal(err)
		}
		if err := unlock(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLockChatContended has GOMAXPROCS goroutines take turns on one
// chat's lock: the cost of a hand-over through the wake list.
func BenchmarkLockChatContended(b *testing.B) {
	ctx := context.Background()
	s := newTestStore(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			unlock, err := s.LockChat(ctx, "chat", time.Minute)
			if err != nil {
				b.Error(err)
				return
			}
			if err := unlock(ctx); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
