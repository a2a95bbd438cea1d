package postgres

import (
	"context"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/peerbot/peerbot/postgres/pgtest"
)

// embeddedVersions lists the versions of the embedded migration files.
func embeddedVersions(t *testing.T) []int64 {
	t.Helper()
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var versions []int64
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		v, err := strconv.ParseInt(base[:strings.IndexByte(base, '_')], 10, 64)
		if err != nil {
			t.Fatalf("migration %s has no version number: %v", n, err)
		}
		versions = append(versions, v)
	}
	if len(versions) == 0 {
		t.Fatal("no embedded migrations")
	}
	slices.Sort(versions)
	return versions
}

func TestMigrateConcurrently(t *testing.T) {
	all := embeddedVersions(t)
	tests := []struct {
		name string
		// from is the version the database is at before the replicas start.
		from int64
	}{
		{"fresh database", 0},
		// The version table exists: nothing else serializes the replicas.
		{"new migrations on a running database", all[0]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := pgtest.NewDatabase(t)
			if tt.from > 0 {
				provider, closeProvider, err := openDB(t, url).migrationProvider()
				if err != nil {
					t.Fatal(err)
				}
				_, err = provider.UpTo(testContext(t), tt.from)
				closeProvider()
				if err != nil {
					t.Fatalf("UpTo(%d): %v", tt.from, err)
				}
			}
			var want []int64
			for _, v := range all {
				if v > tt.from {
					want = append(want, v)
				}
			}
			migrateConcurrently(t, url, want)
		})
	}
}

// migrateConcurrently runs Migrate from several pools at once on the
// database at url and checks that want was applied once, by one of them.
func migrateConcurrently(t *testing.T, url string, want []int64) {
	t.Helper()
	// Separate pools, like replicas starting together.
	const replicas = 4
	var dbs []*DB
	for range replicas {
		dbs = append(dbs, openDB(t, url))
	}
	applied := make([][]int64, replicas)
	errs := make([]error, replicas)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, db := range dbs {
		wg.Go(func() {
			<-start
			applied[i], errs[i] = db.Migrate(testContext(t))
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Migrate %d: %v", i, err)
		}
	}
	var got []int64
	appliers := 0
	for _, a := range applied {
		got = append(got, a...)
		if len(a) > 0 {
			appliers++
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) || appliers != 1 {
		t.Errorf("replicas applied %v, want %v applied once, by one replica", applied, want)
	}

	var rows, distinct int
	err := dbs[0].pool.QueryRow(testContext(t),
		`SELECT count(*), count(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0`).Scan(&rows, &distinct)
	if err != nil {
		t.Fatal(err)
	}
	total := len(embeddedVersions(t))
	if rows != total || distinct != total {
		t.Errorf("goose_db_version has %d rows (%d versions), want %d", rows, distinct, total)
	}

	// A later start has nothing to do.
	again, err := dbs[1].Migrate(testContext(t))
	if err != nil || len(again) != 0 {
		t.Errorf("Migrate on an up-to-date database = %v, %v; want nothing applied", again, err)
	}
}

func TestMigrationsDownAndUpAgain(t *testing.T) {
	db, _ := newStore(t)
	ctx := testContext(t)
	// The Down sections must work: roll everything back, then up again.
	provider, closeProvider, err := db.migrationProvider()
	if err != nil {
		t.Fatal(err)
	}
	defer closeProvider()
	if _, err := provider.DownTo(ctx, 0); err != nil {
		t.Fatalf("DownTo(0): %v", err)
	}
	var tables int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables
		WHERE table_schema = 'public' AND table_name <> 'goose_db_version'`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 0 {
		t.Errorf("%d tables left after rolling back every migration", tables)
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		t.Fatalf("Migrate after rollback: %v", err)
	}
	if !slices.Equal(applied, embeddedVersions(t)) {
		t.Errorf("applied %v after rollback, want %v", applied, embeddedVersions(t))
	}
}

// columns returns "table.column" for every column of the migrated schema,
// except goose's bookkeeping.
func columns(t *testing.T, db *DB) []string {
	t.Helper()
	rows, err := db.pool.Query(testContext(t), `
		SELECT table_name || '.' || column_name FROM information_schema.columns
		WHERE table_schema = 'public' AND table_name <> 'goose_db_version'
		ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cols) == 0 {
		t.Fatal("no columns found")
	}
	return cols
}

// identifyingColumn matches column names that would hold a person's name,
// username, phone or a clear Telegram id. Hashed and sealed chat ids are
// named chat_hash and chat_sealed.
var identifyingColumn = regexp.MustCompile(`(^|_)(name|first_?name|last_?name|full_?name|display_?name|user_?name|nick(name)?|handle|phone\w*|tel|telephone|mobile|msisdn|chat_?id|telegram_?id|tg_?id|user_?id|from_?id|email)($|_)`)

func TestIdentifyingColumnPattern(t *testing.T) {
	tests := []struct {
		column string
		want   bool
	}{
		{"name", true}, {"first_name", true}, {"lastname", true}, {"username", true},
		{"user_name", true}, {"phone", true}, {"phone_number", true}, {"chat_id", true},
		{"chatid", true}, {"telegram_id", true}, {"tg_user_id", true}, {"email", true},
		{"chat_hash", false}, {"chat_sealed", false}, {"person_id", false}, {"message_id", false},
		{"lang", false}, {"regions", false}, {"source", false}, {"id", false},
	}
	for _, tt := range tests {
		if got := identifyingColumn.MatchString(tt.column); got != tt.want {
			t.Errorf("%s: matched = %v, want %v", tt.column, got, tt.want)
		}
	}
}

// allowedColumns lists "table.column" names that match identifyingColumn but
// hold nothing about a person, each with the reason. Keep it short.
var allowedColumns = map[string]string{
	"partners.name":      "a drug-checking organisation's name, shown as the source of its alerts; not a person",
	"organisations.name": "a harm-reduction organisation's public name, shown to its members; not a person",
}

func TestNoIdentifyingColumns(t *testing.T) {
	db, _ := newStore(t)
	for _, c := range columns(t, db) {
		_, column, _ := strings.Cut(c, ".")
		if _, ok := allowedColumns[c]; ok {
			continue
		}
		if identifyingColumn.MatchString(column) {
			t.Errorf("column %s looks like it holds a name, username, phone or clear chat id", c)
		}
	}
}

func TestSchemaIsCommented(t *testing.T) {
	db, _ := newStore(t)
	ctx := context.Background()
	for _, c := range columns(t, db) {
		table, column, _ := strings.Cut(c, ".")
		var tableComment, columnComment *string
		err := db.pool.QueryRow(ctx, `
			SELECT obj_description(c.oid, 'pg_class'), col_description(c.oid, a.attnum)
			FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
			WHERE c.relname = $1 AND c.relnamespace = 'public'::regnamespace AND a.attname = $2`,
			table, column).Scan(&tableComment, &columnComment)
		if err != nil {
			t.Fatalf("%s: %v", c, err)
		}
		if tableComment == nil || *tableComment == "" {
			t.Errorf("table %s has no COMMENT", table)
		}
		if columnComment == nil || *columnComment == "" {
			t.Errorf("column %s has no COMMENT", c)
		}
	}
}
