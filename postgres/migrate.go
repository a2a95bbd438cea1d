package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"slices"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrations holds the numbered schema changes, applied in order by Migrate.
//
//go:embed migrations/*.sql
var migrations embed.FS

// migrationLockID is the PostgreSQL advisory lock held while migrating. It is
// our own rather than goose's default so that another goose-managed program
// sharing the database cannot block us; advisory locks are per database.
// (The bytes of "peerbot!" as a big-endian int64.)
const migrationLockID int64 = 0x70656572626f7421

// Migrate applies the migrations the database does not have yet and returns
// their versions in order (none when it is up to date). Replicas starting
// together are safe: each holds a PostgreSQL advisory session lock while
// migrating, so one applies the schema and the others find it done.
func (db *DB) Migrate(ctx context.Context) (applied []int64, err error) {
	provider, closeProvider, err := db.migrationProvider()
	if err != nil {
		return nil, err
	}
	defer closeProvider()
	results, err := provider.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("applying migrations: %w", err)
	}
	for _, r := range results {
		applied = append(applied, r.Source.Version)
	}
	slices.Sort(applied)
	if len(applied) > 0 {
		db.log.Info("migrations applied", "versions", applied)
	}
	return applied, nil
}

// migrationProvider returns a goose provider for the embedded migrations,
// locked by migrationLockID, and a function that releases it.
func (db *DB) migrationProvider() (*goose.Provider, func(), error) {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, nil, fmt.Errorf("reading embedded migrations: %w", err)
	}
	// A fresh locker per call: its retry state is not meant to be shared.
	// Poll every second for up to 10 minutes while another replica migrates.
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(migrationLockID), lock.WithLockTimeout(1, 600))
	if err != nil {
		return nil, nil, fmt.Errorf("creating migration lock: %w", err)
	}
	sqlDB := stdlib.OpenDBFromPool(db.pool) // closing it leaves the pool open
	provider, err := goose.NewProvider(goose.DialectPostgres, sqlDB, fsys,
		goose.WithSessionLocker(locker),
		goose.WithSlog(db.log),
		// Only our embedded files: nothing registered globally by other code.
		goose.WithDisableGlobalRegistry(true),
	)
	if err != nil {
		sqlDB.Close()
		return nil, nil, fmt.Errorf("preparing migrations: %w", err)
	}
	return provider, func() { sqlDB.Close() }, nil
}
