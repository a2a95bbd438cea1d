// Package postgres is the system of record: a pgx connection pool, the
// embedded schema migrations, and the stores that read and write people and
// their settings in domain terms.
//
// Nothing stored here identifies a person: chat ids are kept encrypted and
// found by a keyed hash (see package privacy).
package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Retry delays while the server is unreachable at startup.
const (
	firstRetryDelay = 250 * time.Millisecond
	maxRetryDelay   = 5 * time.Second
	attemptTimeout  = 10 * time.Second
)

// DB is a pool of connections to PostgreSQL. It is safe for concurrent use.
type DB struct {
	pool *pgxpool.Pool
	log  *slog.Logger
}

// defaultMaxConns is the pool size unless DATABASE_URL sets pool_max_conns.
const defaultMaxConns = 32

// Open connects to the database at url. While the server is unreachable (it
// may still be starting next to us) it logs one line per attempt and retries
// with exponential backoff up to 5s; it gives up only when ctx ends. A url that
// cannot be parsed fails at once. log is used as given (callers add their
// component attribute); nil discards logs.
func Open(ctx context.Context, url string, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's parse errors redact the password (best effort).
		return nil, fmt.Errorf("parsing DATABASE_URL: %w", err)
	}
	if !strings.Contains(url, "pool_max_conns") {
		// pgxpool's default (the number of CPUs, at least 4) makes dozens of
		// concurrent updates queue for a connection; a URL may still set it.
		cfg.MaxConns = defaultMaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("creating postgres pool: %w", err)
	}
	delay := firstRetryDelay
	for attempt := 1; ; attempt++ {
		// Bounded, so a host that drops packets still gets a log line per attempt.
		pingCtx, cancel := context.WithTimeout(ctx, attemptTimeout)
		err := pool.Ping(pingCtx)
		cancel()
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			pool.Close()
			return nil, fmt.Errorf("connecting to postgres: %w (last error: %v)", ctx.Err(), err)
		}
		log.Warn("postgres unavailable, retrying", "error", err, "delay", delay, "attempt", attempt)
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			pool.Close()
			return nil, fmt.Errorf("connecting to postgres: %w (last error: %v)", ctx.Err(), err)
		case <-t.C:
		}
		delay = nextDelay(delay)
	}
	return &DB{pool: pool, log: log}, nil
}

// nextDelay doubles the retry delay up to maxRetryDelay.
func nextDelay(d time.Duration) time.Duration { return min(d*2, maxRetryDelay) }

// Close closes every connection, waiting for those in use to be released.
func (db *DB) Close() { db.pool.Close() }

// Ping checks that the database answers, for health checks.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return fmt.Errorf("pinging postgres: %w", err)
	}
	return nil
}
