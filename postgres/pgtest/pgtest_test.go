package pgtest

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func databaseExists(t *testing.T, name string) bool {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, ServerURL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	return exists
}

func TestNewDatabase(t *testing.T) {
	var names []string
	var held *pgx.Conn
	// Long, odd test names still give valid, distinct database names.
	for _, name := range []string{"first", "Second/With Spaces & Symbols " + strings.Repeat("x", 80)} {
		t.Run(name, func(t *testing.T) {
			u := NewDatabase(t)
			parsed, err := url.Parse(u)
			if err != nil {
				t.Fatal(err)
			}
			dbName := strings.TrimPrefix(parsed.Path, "/")
			if len(dbName) > 63 || !strings.HasPrefix(dbName, "pgtest_") {
				t.Errorf("database name %q", dbName)
			}
			names = append(names, dbName)
			ctx := context.Background()
			conn, err := pgx.Connect(ctx, u)
			if err != nil {
				t.Fatalf("connecting to the new database: %v", err)
			}
			var current string
			var tables int
			err = conn.QueryRow(ctx, `SELECT current_database(),
				(SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public')`).Scan(&current, &tables)
			if err != nil {
				t.Fatal(err)
			}
			if current != dbName || tables != 0 {
				t.Errorf("connected to %q with %d tables, want empty %q", current, tables, dbName)
			}
			// Left open on purpose: the cleanup must drop the database anyway.
			held = conn
		})
	}
	if held != nil {
		defer held.Close(context.Background())
	}
	if len(names) != 2 || names[0] == names[1] {
		t.Fatalf("database names %v", names)
	}
	for _, n := range names {
		if databaseExists(t, n) {
			t.Errorf("database %s still exists after its test ended", n)
		}
	}
}
