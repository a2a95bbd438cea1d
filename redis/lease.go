package redis

import (
	"context"
	"fmt"
	"time"
)

// AcquireLease takes the lease name for holder for ttl, or renews it when
// holder already has it, and reports whether holder holds it now. Only one
// replica at a time may long-poll Telegram: each calls this well within ttl
// and polls only while it returns true.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	if ttl < time.Millisecond {
		return false, fmt.Errorf("acquiring lease %s: ttl %v is under 1ms", name, ttl)
	}
	n, err := leaseAcquireScript.Run(ctx, s.rdb, []string{s.leaseKey(name)}, holder, ttl.Milliseconds()).Int64()
	if err != nil {
		return false, fmt.Errorf("acquiring lease %s: %w", name, err)
	}
	return n == 1, nil
}

// ReleaseLease gives up the lease name if holder holds it, so another replica
// can take over without waiting for it to expire, and reports whether it did.
// A holder whose lease already expired releases nothing, whoever holds it now.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) (bool, error) {
	n, err := deleteIfEqualScript.Run(ctx, s.rdb, []string{s.leaseKey(name)}, holder).Int64()
	if err != nil {
		return false, fmt.Errorf("releasing lease %s: %w", name, err)
	}
	return n == 1, nil
}

func (s *Store) leaseKey(name string) string { return s.key("lease:" + name) }
