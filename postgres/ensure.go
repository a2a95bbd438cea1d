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

// RecreateDatabase drops the database named in url, with any connections to
// it, and creates it empty. The demo uses it for its own throwaway database,
// so every run starts as fresh as its emulated Telegram; never point it at a
// database that holds real data.
func RecreateDatabase(ctx context.Context, url string) error {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return fmt.Errorf("parsing DATABASE_URL: %w", err)
	}
	name := cfg.Database
	if name == "" || name == "postgres" {
		return fmt.Errorf("refusing to recreate database %q", name)
	}
	cfg.Database = "postgres"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connecting to recreate database %s: %w", name, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("dropping database %s: %w", name, err)
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return fmt.Errorf("creating database %s: %w", name, err)
	}
	return nil
}
