package postgres

import (
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/postgres/pgtest"
)

func TestEnsureDatabase(t *testing.T) {
	ctx := testContext(t)
	// A name that does not exist yet, on the test server; dropped at the end.
	u, err := url.Parse(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/") + "_ensured"
	u.Path = "/" + name
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, pgtest.ServerURL())
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Error(err)
		}
	})

	// Several processes at once, then again: all succeed.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { errs[i] = EnsureDatabase(ctx, u.String()) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("EnsureDatabase: %v", err)
		}
	}
	if err := EnsureDatabase(ctx, u.String()); err != nil {
		t.Fatalf("EnsureDatabase on an existing database: %v", err)
	}
	db := openDB(t, u.String())
	if err := db.Ping(ctx); err != nil {
		t.Fatalf("Ping the ensured database: %v", err)
	}
	if err := EnsureDatabase(ctx, "postgres://[::1"); err == nil {
		t.Error("EnsureDatabase accepted an unparseable url")
	}
}

func TestRecreateDatabase(t *testing.T) {
	ctx := testContext(t)
	url := pgtest.NewDatabase(t)
	db := openDB(t, url)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db.Close() // RecreateDatabase would end the connections anyway
	if err := RecreateDatabase(ctx, url); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var tables int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 0 {
		t.Errorf("recreated database has %d tables, want none", tables)
	}
	if err := RecreateDatabase(ctx, pgtest.ServerURL()); err == nil {
		t.Error("RecreateDatabase accepted the maintenance database")
	}
}
