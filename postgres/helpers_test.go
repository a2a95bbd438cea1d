package postgres

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/peerbot/peerbot/postgres/pgtest"
	"github.com/peerbot/peerbot/privacy"
)

const testSecret = "test secret for the postgres package tests"

// testContext ends with the test, and after a generous deadline so a hang
// fails instead of blocking the run.
func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// openDB opens the database at url and closes it when the test ends.
func openDB(t testing.TB, url string) *DB {
	t.Helper()
	db, err := Open(testContext(t), url, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(db.Close)
	return db
}

// newStore returns a migrated fresh database and a people store on it.
func newStore(t testing.TB) (*DB, *PeopleStore) {
	t.Helper()
	db := openDB(t, pgtest.NewDatabase(t))
	if _, err := db.Migrate(testContext(t)); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	sealer, err := privacy.NewSealer(testSecret)
	if err != nil {
		t.Fatalf("NewSealer: %v", err)
	}
	return db, NewPeopleStore(db, sealer)
}

// recordHandler is a slog handler that keeps every record, for tests that
// check what was logged.
type recordHandler struct {
	mu      *sync.Mutex
	records *[]slog.Record
	notify  chan struct{}
	attrs   []slog.Attr
}

func newRecordHandler() *recordHandler {
	return &recordHandler{mu: &sync.Mutex{}, records: new([]slog.Record), notify: make(chan struct{}, 1)}
}

func (h *recordHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *recordHandler) Handle(_ context.Context, r slog.Record) error {
	r = r.Clone()
	r.AddAttrs(h.attrs...)
	h.mu.Lock()
	*h.records = append(*h.records, r)
	h.mu.Unlock()
	select {
	case h.notify <- struct{}{}:
	default:
	}
	return nil
}

func (h *recordHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	c.attrs = append(append([]slog.Attr{}, h.attrs...), attrs...)
	return &c
}

func (h *recordHandler) WithGroup(string) slog.Handler { return h }

// all returns the records so far.
func (h *recordHandler) all() []slog.Record {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]slog.Record(nil), *h.records...)
}

// waitFor blocks until n records with message msg have been logged.
func (h *recordHandler) waitFor(t testing.TB, msg string, n int) {
	t.Helper()
	deadline := time.After(time.Minute)
	for {
		seen := 0
		for _, r := range h.all() {
			if r.Message == msg {
				seen++
			}
		}
		if seen >= n {
			return
		}
		select {
		case <-h.notify:
		case <-deadline:
			t.Fatalf("%q not logged %d times within a minute", msg, n)
		}
	}
}

// attr returns the value of the attribute key in r.
func attr(r slog.Record, key string) (slog.Value, bool) {
	var v slog.Value
	found := false
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == key {
			v, found = a.Value, true
			return false
		}
		return true
	})
	return v, found
}
