package redis

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// FirstSeen records updateID and reports whether this is the first time any
// replica has seen it within ttl. Each update id gets its own expiring key
// (SET NX PX) rather than a "highest id seen" mark, so updates that arrive
// out of order, or are redelivered after a failure, are judged one by one.
//
// The key carries the chat's key as a hash tag, so the marker lives in the
// same Redis Cluster slot as the chat's lock (see LockChatFirstSeen).
func (s *Store) FirstSeen(ctx context.Context, chatKey string, updateID int64, ttl time.Duration) (bool, error) {
	if ttl < time.Millisecond {
		return false, fmt.Errorf("recording update: ttl %v is under 1ms", ttl)
	}
	first, err := s.rdb.SetNX(ctx, s.updateKey(chatKey, updateID), "1", ttl).Result()
	if err != nil {
		return false, fmt.Errorf("recording update: %w", err)
	}
	return first, nil
}

// Unsee forgets updateID, so that when handling it failed, Telegram's
// redelivery is handled again instead of dropped as a duplicate.
func (s *Store) Unsee(ctx context.Context, chatKey string, updateID int64) error {
	if err := s.rdb.Del(ctx, s.updateKey(chatKey, updateID)).Err(); err != nil {
		return fmt.Errorf("forgetting update: %w", err)
	}
	return nil
}

func (s *Store) updateKey(chatKey string, updateID int64) string {
	return s.key("upd:{" + chatKey + "}:" + strconv.FormatInt(updateID, 10))
}
