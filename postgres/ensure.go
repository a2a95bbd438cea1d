package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// EnsureDatabase creates the database named in url if it does not exist, by
// connecting to the server's "postgres" maintenance database. The demo uses it
// so that its first run needs no set-up; a deployment normally provisions its
// database. It does not retry: Open does that. Several processes may call it
// at once.
func EnsureDatabase(ctx context.Context, url string) error {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		// pgx's parse errors redact the password (best effort).
		return fmt.Errorf("parsing DATABASE_URL: %w", err)
	}
	name := cfg.Database
	if name == "" || name == "postgres" {
		return nil // the maintenance database always exists
	}
	cfg.Database = "postgres"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connecting to create database %s: %w", name, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	exists, err := databaseExists(ctx, conn, name)
	if err != nil || exists {
		return err
	}
	_, createErr := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	if createErr == nil {
		return nil
	}
	// Another process may have created it meanwhile: PostgreSQL then reports
	// duplicate_database or a unique violation on pg_database. Either way the
	// database is there, which is all we want.
	if exists, err := databaseExists(ctx, conn, name); err == nil && exists {
		return nil
	}
	return fmt.Errorf("creating database %s: %w", name, createErr)
}

func databaseExists(ctx context.Context, conn *pgx.Conn, name string) (bool, error) {
	var exists bool
	err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists)
	if err != nil {
		return false, fmt.Errorf("checking database %s: %w", name, err)
	}
	return exists, nil
}
