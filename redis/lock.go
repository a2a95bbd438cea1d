package redis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// ErrLockLost is returned by an unlock function when the lock had already
// expired: the work done under it may have overlapped with another holder.
var ErrLockLost = errors.New("chat lock expired before release")

// How waiting for a held lock works. The unlocker pushes one entry to the
// chat's wake list; waiters block on it with BLPOP, so a release wakes one
// waiter at once without anyone spinning. A waiter never blocks longer than
// lockPoll (nor past the holder's expiry or its own context deadline): a
// holder that died releases nothing, and its lock only expires.
const (
	// lockPoll bounds one BLPOP. It must stay below the client's ReadTimeout
	// (3s by default in go-redis).
	lockPoll = 250 * time.Millisecond
	// lockMinBlock is the shortest BLPOP: Redis reads a timeout of 0 as
	// "forever", and sub-millisecond timeouts round to it.
	lockMinBlock = 5 * time.Millisecond
	// wakeTTL lets a wake nobody consumed lapse; a stale wake costs the next
	// waiter one extra attempt, nothing more.
	wakeTTL = time.Second
)

// LockChat takes the lock of one chat, shared by all replicas, waiting until
// it is free or ctx is done. The lock expires after ttl even if never
// released, so a dead replica cannot block a chat for long; ttl must exceed
// the longest handling. The returned unlock function releases it (with its
// own context, since ctx may be done by then) and returns ErrLockLost when the
// lock had expired; it never releases a lock someone else took since.
//
// Uncontended, locking and unlocking are one round trip each. A waiter holds
// one pooled connection while it blocks (at most lockPoll at a time). The
// lock is not re-entrant and not fair: a newcomer may overtake a waiter.
func (s *Store) LockChat(ctx context.Context, chatKey string, ttl time.Duration) (unlock func(context.Context) error, err error) {
	lockKey := s.lockKey(chatKey)
	return s.lock(ctx, chatKey, ttl, func(token string) ([]int64, error) {
		return lockScript.Run(ctx, s.rdb, []string{lockKey}, token, ttl.Milliseconds()).Int64Slice()
	})
}

// LockChatFirstSeen is LockChat and FirstSeen in one round trip: it waits for
// the chat's lock like LockChat and, once it holds it, marks updateID as seen
// for seenTTL, reporting whether this is the first time. The update is marked
// only under the lock, so a redelivery that raced a failing first attempt
// finds it forgotten (Unsee) when its turn comes.
func (s *Store) LockChatFirstSeen(ctx context.Context, chatKey string, updateID int64, lockTTL, seenTTL time.Duration) (unlock func(context.Context) error, first bool, err error) {
	if seenTTL < time.Millisecond {
		return nil, false, fmt.Errorf("recording update: ttl %v is under 1ms", seenTTL)
	}
	keys := []string{s.lockKey(chatKey), s.updateKey(chatKey, updateID)}
	unlock, err = s.lock(ctx, chatKey, lockTTL, func(token string) ([]int64, error) {
		res, err := lockSeenScript.Run(ctx, s.rdb, keys, token, lockTTL.Milliseconds(), seenTTL.Milliseconds()).Int64Slice()
		if err == nil && len(res) == 2 && res[0] == 1 {
			first = res[1] == 1
		}
		return res, err
	})
	return unlock, first, err
}

// lock runs try (one attempt at the lock, answering {1, _} when taken or
// {0, pttl} when held) until it succeeds, blocking on the chat's wake list in
// between.
func (s *Store) lock(ctx context.Context, chatKey string, ttl time.Duration, try func(token string) ([]int64, error)) (unlock func(context.Context) error, err error) {
	if ttl < time.Millisecond {
		return nil, fmt.Errorf("locking chat: ttl %v is under 1ms", ttl)
	}
	token, err := newToken()
	if err != nil {
		return nil, fmt.Errorf("locking chat: %w", err)
	}
	lockKey, wakeKey := s.lockKey(chatKey), s.lockWakeKey(chatKey)
	for {
		res, err := try(token)
		if err != nil {
			return nil, fmt.Errorf("locking chat: %w", err)
		}
		if len(res) == 2 && res[0] == 1 {
			return s.unlockFunc(lockKey, wakeKey, token), nil
		}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("waiting for chat lock: %w", err)
		}
		block := lockPoll
		if len(res) == 2 && res[1] > 0 {
			block = min(block, time.Duration(res[1])*time.Millisecond)
		}
		if deadline, ok := ctx.Deadline(); ok {
			block = min(block, time.Until(deadline))
		}
		block = max(block, lockMinBlock)
		// BLPop in go-redis rounds timeouts to whole seconds; BLPOP itself
		// takes fractional seconds (Redis 6+).
		err = s.rdb.Do(ctx, "blpop", wakeKey, strconv.FormatFloat(block.Seconds(), 'f', 3, 64)).Err()
		if err != nil && !errors.Is(err, goredis.Nil) {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return nil, fmt.Errorf("waiting for chat lock: %w", ctxErr)
			}
			return nil, fmt.Errorf("waiting for chat lock: %w", err)
		}
	}
}

func (s *Store) unlockFunc(lockKey, wakeKey, token string) func(context.Context) error {
	return func(ctx context.Context) error {
		n, err := unlockScript.Run(ctx, s.rdb, []string{lockKey, wakeKey}, token, wakeTTL.Milliseconds()).Int64()
		if err != nil {
			return fmt.Errorf("unlocking chat: %w", err)
		}
		if n == 0 {
			return ErrLockLost
		}
		return nil
	}
}

func (s *Store) lockKey(chatKey string) string     { return s.key("lock:{" + chatKey + "}") }
func (s *Store) lockWakeKey(chatKey string) string { return s.key("lockwake:{" + chatKey + "}") }

// newToken returns a random holder token, so only the holder can release.
func newToken() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("making lock token: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}
