package redis

import (
	"context"
	"fmt"
)

// DeleteAll removes every key under the store's prefix and returns how many
// it removed. Throwaway deployments (the demo, benchmarks, tests) call it when
// they end; a real deployment never needs it.
func (s *Store) DeleteAll(ctx context.Context) (int, error) {
	if s.prefix == "" {
		return 0, fmt.Errorf("deleting all keys: refusing without a prefix")
	}
	n := 0
	iter := s.rdb.Scan(ctx, 0, escapeGlob(s.prefix)+"*", 1000).Iterator()
	batch := make([]string, 0, 1000)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := s.rdb.Unlink(ctx, batch...).Err(); err != nil {
			return fmt.Errorf("deleting keys: %w", err)
		}
		n += len(batch)
		batch = batch[:0]
		return nil
	}
	for iter.Next(ctx) {
		batch = append(batch, iter.Val())
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := iter.Err(); err != nil {
		return n, fmt.Errorf("listing keys: %w", err)
	}
	return n, flush()
}

// escapeGlob escapes the characters SCAN's MATCH pattern treats specially.
func escapeGlob(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[', ']', '\\':
			out = append(out, '\\')
		}
		out = append(out, s[i])
	}
	return string(out)
}
