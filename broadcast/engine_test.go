package broadcast

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestQueueSize(t *testing.T) {
	tests := []struct {
		cfg  Config
		want int
	}{
		{Config{Workers: 64, Rate: 25}, 128},    // the workers' worth at a low rate
		{Config{Workers: 64, Rate: 1000}, 2000}, // two seconds of sending
		{Config{Workers: 64}, 2048},             // unlimited
		{Config{Workers: 4, Rate: 1}, 16},
		{Config{Workers: 64, Rate: 100000}, 4096},
	}
	for _, tt := range tests {
		if got := tt.cfg.withDefaults().queueSize(); got != tt.want {
			t.Errorf("queueSize(%+v) = %d, want %d", tt.cfg, got, tt.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	e := New(nil, nil, nil, nil, Config{RetryBackoff: time.Second}, nil, nil)
	for attempts, max := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 4: 8 * time.Second, 30: 10 * time.Minute} {
		for range 50 {
			if d := e.backoff(attempts); d < max/2 || d > max {
				t.Fatalf("backoff(%d) = %v, want between %v and %v", attempts, d, max/2, max)
			}
		}
	}
}

// A delivery claimed too long ago may be another replica's by now: it is
// dropped unsent and nothing is recorded.
func TestStaleClaimIsDropped(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	e := New(nil, nil, nil, nil, Config{Lease: time.Minute, Now: func() time.Time { return now }}, nil, nil)
	if _, ok := e.deliver(context.Background(), Delivery{ClaimedAt: now.Add(-31 * time.Second)}); ok {
		t.Fatal("a stale claim was delivered")
	}
}

type planned struct {
	n   int
	err error
}

func (p planned) PlanPending(context.Context) (int, error) { return p.n, p.err }

func TestPlanners(t *testing.T) {
	boom := errors.New("boom")
	n, err := Planners{planned{n: 2}, planned{n: 3}}.PlanPending(context.Background())
	if n != 5 || err != nil {
		t.Fatalf("= %d, %v; want 5, nil", n, err)
	}
	n, err = Planners{planned{n: 2}, planned{n: 1, err: boom}, planned{n: 7}}.PlanPending(context.Background())
	if n != 3 || !errors.Is(err, boom) {
		t.Fatalf("= %d, %v; want 3 and the error, the last planner not asked", n, err)
	}
}

func TestStateNames(t *testing.T) {
	for s, want := range map[State]string{Pending: "pending", Sent: "sent", Unreachable: "unreachable", Skipped: "skipped", State(42): "unknown"} {
		if s.String() != want {
			t.Errorf("State(%d) = %q, want %q", int(s), s.String(), want)
		}
	}
}
