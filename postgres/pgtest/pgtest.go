// Package pgtest gives each test its own empty PostgreSQL database on the
// local server, so test packages can run in parallel without sharing state.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// DefaultURL is the server used when DATABASE_TEST_URL is not set.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// ServerURL returns DATABASE_TEST_URL, or DefaultURL when it is unset.
func ServerURL() string {
	if u := os.Getenv("DATABASE_TEST_URL"); u != "" {
		return u
	}
	return DefaultURL
}

var unsafeChars = regexp.MustCompile(`[^a-z0-9]+`)

// NewDatabase creates a fresh, uniquely named database on the server at
// ServerURL and returns its URL. The database is dropped, with any connections
// still open to it, when the test ends. The test fails at once if the server
// cannot be reached.
func NewDatabase(t testing.TB) string {
	t.Helper()
	server := ServerURL()
	u, err := url.Parse(server)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("pgtest: DATABASE_TEST_URL must be a postgres:// URL, got an unusable value")
	}
	// The test name helps find a leftover database; the random part keeps it unique.
	// PostgreSQL identifiers are at most 63 bytes.
	prefix := strings.Trim(unsafeChars.ReplaceAllString(strings.ToLower(t.Name()), "_"), "_")
	if len(prefix) > 30 {
		prefix = prefix[:30]
	}
	var random [6]byte
	rand.Read(random[:])
	name := "pgtest_" + prefix + "_" + hex.EncodeToString(random[:])

	exec(t, server, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	t.Cleanup(func() {
		exec(t, server, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	})

	u.Path = "/" + name
	return u.String()
}

// exec runs one statement on its own connection to the server.
func exec(t testing.TB, server, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatalf("pgtest: connecting to the test server (set DATABASE_TEST_URL): %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("pgtest: %s: %v", sql, err)
	}
}
