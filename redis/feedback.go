package redis

import (
	"context"
	"errors"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// Keys for anonymous feedback (see feedback.Keys), after the prefix:
//
//	fbday:<day>:<keyed hash>    feedback given today (INCR, expires at the day's end)
//	svans:<survey>:<keyed hash> the person answered that survey (expires when it closes)
//
// They hold a count or "1", never who.

// takeQuotaScript counts one more use of key, up to limit, and sets it to
// expire at the given unix time in milliseconds; it returns 1 when the use
// was allowed.
var takeQuotaScript = goredis.NewScript(`
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1`)

// TakeQuota counts one more use of key (a daily anti-spam key) and reports
// whether it stays within limit. The key expires at expireAt.
func (s *Store) TakeQuota(ctx context.Context, key string, limit int, expireAt time.Time) (bool, error) {
	n, err := takeQuotaScript.Run(ctx, s.rdb, []string{s.key(key)}, limit, expireAt.UnixMilli()).Int()
	if err != nil {
		return false, fmt.Errorf("taking quota: %w", err)
	}
	return n == 1, nil
}

// QuotaUsed returns how many uses key has counted.
func (s *Store) QuotaUsed(ctx context.Context, key string) (int, error) {
	n, err := s.rdb.Get(ctx, s.key(key)).Int()
	if errors.Is(err, goredis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("reading quota: %w", err)
	}
	return n, nil
}

// TakeOnce sets key unless it exists, to expire at expireAt, and reports
// whether it set it: the first answer to a survey takes it, a second finds
// it taken.
func (s *Store) TakeOnce(ctx context.Context, key string, expireAt time.Time) (bool, error) {
	ok, err := s.rdb.SetArgs(ctx, s.key(key), "1", goredis.SetArgs{Mode: "NX", ExpireAt: expireAt}).Result()
	if errors.Is(err, goredis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("taking once key: %w", err)
	}
	return ok == "OK", nil
}

// Taken reports whether key exists.
func (s *Store) Taken(ctx context.Context, key string) (bool, error) {
	n, err := s.rdb.Exists(ctx, s.key(key)).Result()
	if err != nil {
		return false, fmt.Errorf("checking once key: %w", err)
	}
	return n > 0, nil
}

// Release deletes a key taken with TakeOnce (the answer it guarded could
// not be stored).
func (s *Store) Release(ctx context.Context, key string) error {
	if err := s.rdb.Del(ctx, s.key(key)).Err(); err != nil {
		return fmt.Errorf("releasing once key: %w", err)
	}
	return nil
}

// DeletePrefix deletes every key starting with prefix (after the store's
// own prefix), as when a survey closes, and returns how many.
func (s *Store) DeletePrefix(ctx context.Context, prefix string) (int, error) {
	n := 0
	iter := s.rdb.Scan(ctx, 0, escapeGlob(s.key(prefix))+"*", 1000).Iterator()
	for iter.Next(ctx) {
		if err := s.rdb.Unlink(ctx, iter.Val()).Err(); err != nil {
			return n, fmt.Errorf("deleting keys: %w", err)
		}
		n++
	}
	if err := iter.Err(); err != nil {
		return n, fmt.Errorf("listing keys: %w", err)
	}
	return n, nil
}
