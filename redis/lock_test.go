package redis

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// TestLockChatExclusive runs workers on two Store values (two "replicas",
// each with its own connection pool) that read-modify-write a Redis counter
// under the chat lock with separate GET and SET calls. Without exclusion,
// increments are lost.
func TestLockChatExclusive(t *testing.T) {
	ctx := context.Background()
	a := newTestStore(t)
	rdb2, err := Open(ctx, testURL())
	if err != nil {
		t.Fatal(err)
	}
	defer rdb2.Close()
	replicas := []*Store{a, New(rdb2, a.prefix)}

	const workers, rounds = 8, 25
	counter := a.key("counter")
	var inside, maxInside atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func(s *Store) {
			defer wg.Done()
			for range rounds {
				if err := incrementLocked(ctx, s, counter, &inside, &maxInside); err != nil {
					errs <- err
					return
				}
			}
		}(replicas[w%len(replicas)])
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, err := a.rdb.Get(ctx, counter).Int()
	if err != nil {
		t.Fatal(err)
	}
	if got != workers*rounds {
		t.Errorf("counter = %d, want %d: updates were lost", got, workers*rounds)
	}
	if m := maxInside.Load(); m != 1 {
		t.Errorf("%d holders at once, want 1", m)
	}
}

func incrementLocked(ctx context.Context, s *Store, counter string, inside, maxInside *atomic.Int32) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	unlock, err := s.LockChat(ctx, "chat-1", 10*time.Second)
	if err != nil {
		return err
	}
	n := inside.Add(1)
	for {
		m := maxInside.Load()
		if n <= m || maxInside.CompareAndSwap(m, n) {
			break
		}
	}
	v, err := s.rdb.Get(ctx, counter).Result()
	if err != nil && !errors.Is(err, goredis.Nil) {
		return err
	}
	i, _ := strconv.Atoi(v)
	if err := s.rdb.Set(ctx, counter, i+1, time.Minute).Err(); err != nil {
		return err
	}
	inside.Add(-1)
	return unlock(ctx)
}

func TestLockChatStaleHolder(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)

	unlockOld, err := s.LockChat(ctx, "c", 50*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	// The old holder overruns its ttl; a new holder takes the lock.
	eventually(t, 5*time.Second, "lock expires", keyGone(t, s, s.lockKey("c")))
	unlockNew, err := s.LockChat(ctx, "c", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if err := unlockOld(ctx); !errors.Is(err, ErrLockLost) {
		t.Fatalf("stale unlock = %v, want ErrLockLost", err)
	}
	// The new holder still holds it: another locker must wait.
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := s.LockChat(short, "c", time.Minute); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("LockChat while held = %v, want deadline exceeded", err)
	}
	if err := unlockNew(ctx); err != nil {
		t.Fatalf("unlock = %v", err)
	}
	if err := unlockNew(ctx); !errors.Is(err, ErrLockLost) {
		t.Fatalf("second unlock = %v, want ErrLockLost", err)
	}
}

func TestLockChatIndependentChats(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s := newTestStore(t)
	unlockA, err := s.LockChat(ctx, "a", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	// Another chat is not blocked by chat a's lock.
	unlockB, err := s.LockChat(ctx, "b", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, unlock := range []func(context.Context) error{unlockA, unlockB} {
		if err := unlock(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLockChatWakesWaiter checks a waiter takes the lock once the holder
// releases it, and that a cancelled waiter gives up.
func TestLockChatWakesWaiter(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	unlock, err := s.LockChat(ctx, "c", time.Minute)
	if err != nil {
		t.Fatal(err)
	}

	cancelled, cancel := context.WithCancel(ctx)
	gaveUp := make(chan error, 1)
	go func() {
		_, err := s.LockChat(cancelled, "c", time.Minute)
		gaveUp <- err
	}()
	cancel()
	if err := <-gaveUp; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled waiter = %v, want context.Canceled", err)
	}

	got := make(chan error, 1)
	go func() {
		wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		u, err := s.LockChat(wctx, "c", time.Minute)
		if err == nil {
			err = u(ctx)
		}
		got <- err
	}()
	if err := unlock(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-got; err != nil {
		t.Fatalf("waiter: %v", err)
	}
	if _, err := s.LockChat(ctx, "c", 0); err == nil {
		t.Error("LockChat with ttl 0 succeeded")
	}
}
