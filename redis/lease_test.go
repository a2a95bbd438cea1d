package redis

import (
	"context"
	"testing"
	"time"
)

func TestLease(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)

	steps := []struct {
		do     string // acquire or release
		holder string
		want   bool
	}{
		{"acquire", "a", true},
		{"acquire", "b", false},
		{"acquire", "a", true}, // renew
		{"release", "b", false},
		{"acquire", "b", false}, // b's release did not free it
		{"release", "a", true},
		{"release", "a", false},
		{"acquire", "b", true},
		{"acquire", "a", false},
	}
	for i, st := range steps {
		var got bool
		var err error
		if st.do == "acquire" {
			got, err = s.AcquireLease(ctx, "poller", st.holder, time.Minute)
		} else {
			got, err = s.ReleaseLease(ctx, "poller", st.holder)
		}
		if err != nil {
			t.Fatalf("step %d %s %s: %v", i, st.do, st.holder, err)
		}
		if got != st.want {
			t.Fatalf("step %d %s %s = %v, want %v", i, st.do, st.holder, got, st.want)
		}
	}
	// Leases of other names are independent.
	if ok, err := s.AcquireLease(ctx, "other", "a", time.Minute); err != nil || !ok {
		t.Fatalf("other lease = %v, %v", ok, err)
	}
}

func TestLeaseRenewAndExpire(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if ok, err := s.AcquireLease(ctx, "p", "a", 10*time.Second); err != nil || !ok {
		t.Fatalf("acquire = %v, %v", ok, err)
	}
	// Renewing extends the lease to the new ttl.
	if ok, err := s.AcquireLease(ctx, "p", "a", time.Hour); err != nil || !ok {
		t.Fatalf("renew = %v, %v", ok, err)
	}
	if left, err := s.rdb.PTTL(ctx, s.leaseKey("p")).Result(); err != nil || left < 59*time.Minute {
		t.Fatalf("lease ttl after renew = %v, %v", left, err)
	}

	// A holder that stops renewing loses the lease to another replica.
	if ok, err := s.AcquireLease(ctx, "p", "a", 50*time.Millisecond); err != nil || !ok {
		t.Fatalf("short renew = %v, %v", ok, err)
	}
	eventually(t, 5*time.Second, "lease expires", keyGone(t, s, s.leaseKey("p")))
	if ok, err := s.AcquireLease(ctx, "p", "b", time.Minute); err != nil || !ok {
		t.Fatalf("b after expiry = %v, %v", ok, err)
	}
	if ok, err := s.ReleaseLease(ctx, "p", "a"); err != nil || ok {
		t.Fatalf("stale holder released = %v, %v", ok, err)
	}
	if ok, err := s.AcquireLease(ctx, "p", "a", time.Minute); err != nil || ok {
		t.Fatalf("a took b's lease = %v, %v", ok, err)
	}
}
