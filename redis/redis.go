// Package redis holds everything the replicas share through Redis: update
// de-duplication, per-chat locks, conversation state, the outgoing rate
// limiter with its shared 429 pause and priority lanes, and the leader lease
// for long polling.
//
// Redis may be lost: nothing here is the system of record. Losing it costs a
// person at most one conversation step, and sends wait until it returns.
//
// Keys never contain raw chat ids. Callers pass an opaque chat key (a keyed
// hash prefix computed elsewhere) and every key starts with the Store's
// prefix, so deployments and tests sharing one Redis keep apart.
//
// Key layout, after the prefix:
//
//	upd:{<chat key>}:<update id> de-duplication marker (SET NX PX)
//	lock:{<chat key>}          per-chat lock holding the holder's random token
//	lockwake:{<chat key>}      wake list the unlocker pushes to (capped, expiring)
//	state:<chat key>           conversation state
//	{rl}:global                global token bucket (hash: t tokens, ts µs)
//	{rl}:chat:<chat key>       per-chat token bucket
//	{rl}:pause                 shared 429 pause; its PTTL is the time left
//	{rl}:lane:<n>              "lane n is waiting" marker
//	lease:<name>               leader lease holding the holder's name
//
// The braces are Redis Cluster hash tags: keys a script touches together
// always live in one slot, so the same code runs on a single node or a cluster.
package redis

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	neturl "net/url"

	goredis "github.com/redis/go-redis/v9"
)

// Scripts, embedded so they are reviewed as Lua and loaded by SHA.
var (
	//go:embed scripts/lock.lua
	lockLua string
	//go:embed scripts/unlock.lua
	unlockLua string
	//go:embed scripts/lock_seen.lua
	lockSeenLua string
	//go:embed scripts/reserve.lua
	reserveLua string
	//go:embed scripts/pause.lua
	pauseLua string
	//go:embed scripts/lease_acquire.lua
	leaseAcquireLua string
	//go:embed scripts/delete_if_equal.lua
	deleteIfEqualLua string

	lockScript          = goredis.NewScript(lockLua)
	unlockScript        = goredis.NewScript(unlockLua)
	lockSeenScript      = goredis.NewScript(lockSeenLua)
	reserveScript       = goredis.NewScript(reserveLua)
	pauseScript         = goredis.NewScript(pauseLua)
	leaseAcquireScript  = goredis.NewScript(leaseAcquireLua)
	deleteIfEqualScript = goredis.NewScript(deleteIfEqualLua)
)

// Open connects to the Redis named by url (REDIS_URL, for example
// redis://127.0.0.1:6379/0) and pings it. The caller closes the client.
// Errors name the address but never the password.
func Open(ctx context.Context, url string) (*goredis.Client, error) {
	opts, err := goredis.ParseURL(url)
	if err != nil {
		// url.Error quotes the whole URL, password included: keep only its cause.
		var uerr *neturl.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, fmt.Errorf("parsing REDIS_URL: %w", err)
	}
	rdb := goredis.NewClient(opts)
	if err := rdb.Ping(ctx).Err(); err != nil {
		_ = rdb.Close()
		return nil, fmt.Errorf("connecting to redis at %s: %w", opts.Addr, err)
	}
	return rdb, nil
}

// Store is the shared state of all replicas, kept in Redis under one prefix.
// It is safe for concurrent use.
type Store struct {
	rdb    goredis.UniversalClient
	prefix string
}

// New returns a Store using rdb, with every key starting with prefix
// verbatim (conventionally ending in ":", e.g. "peerbot:"). The Store does
// not own rdb: the caller closes it.
func New(rdb goredis.UniversalClient, prefix string) *Store {
	return &Store{rdb: rdb, prefix: prefix}
}

// Ping checks that Redis answers, for health checks.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("pinging redis: %w", err)
	}
	return nil
}

// key returns the full key for the given suffix.
func (s *Store) key(suffix string) string { return s.prefix + suffix }
