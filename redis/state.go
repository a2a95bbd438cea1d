package redis

import (
	"context"
	"errors"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// GetState returns the conversation state stored for chatKey, or nil and no
// error when there is none (never set, expired, deleted, or Redis was lost).
func (s *Store) GetState(ctx context.Context, chatKey string) ([]byte, error) {
	v, err := s.rdb.Get(ctx, s.stateKey(chatKey)).Bytes()
	if errors.Is(err, goredis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("loading conversation state: %w", err)
	}
	return v, nil
}

// SetState stores the conversation state for chatKey for ttl, replacing any
// earlier state. State always expires: a ttl under 1ms is an error.
func (s *Store) SetState(ctx context.Context, chatKey string, value []byte, ttl time.Duration) error {
	if ttl < time.Millisecond {
		return fmt.Errorf("saving conversation state: ttl %v is under 1ms", ttl)
	}
	if err := s.rdb.Set(ctx, s.stateKey(chatKey), value, ttl).Err(); err != nil {
		return fmt.Errorf("saving conversation state: %w", err)
	}
	return nil
}

// DeleteState removes the conversation state for chatKey and reports whether
// there was any.
func (s *Store) DeleteState(ctx context.Context, chatKey string) (bool, error) {
	n, err := s.rdb.Del(ctx, s.stateKey(chatKey)).Result()
	if err != nil {
		return false, fmt.Errorf("deleting conversation state: %w", err)
	}
	return n > 0, nil
}

func (s *Store) stateKey(chatKey string) string { return s.key("state:" + chatKey) }
