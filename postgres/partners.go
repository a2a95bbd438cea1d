package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/peerbot/peerbot/alerts"
)

// PartnerStore keeps drug-checking partners and finds them by bearer
// token. Tokens are stored as their SHA-256 only.
type PartnerStore struct {
	db *DB
}

// NewPartnerStore returns a partner store on db.
func NewPartnerStore(db *DB) *PartnerStore { return &PartnerStore{db: db} }

const partnerColumns = `id, name, regions, review, created_at, revoked_at`

func scanPartner(row pgx.Row) (*alerts.Partner, error) {
	var p alerts.Partner
	var revoked *time.Time
	if err := row.Scan(&p.ID, &p.Name, &p.Regions, &p.Review, &p.CreatedAt, &revoked); err != nil {
		return nil, err
	}
	if revoked != nil {
		p.RevokedAt = *revoked
	}
	return &p, nil
}

// AddPartner stores a new partner (p's Name, Regions and Review; validate
// it first) with a new token, fills in p's ID and CreatedAt, and returns
// the token: the only time it is ever seen. A name already taken is a
// conflict.
func (s *PartnerStore) AddPartner(ctx context.Context, p *alerts.Partner) (token string, err error) {
	token, hash, err := alerts.NewPartnerToken()
	if err != nil {
		return "", err
	}
	err = s.db.pool.QueryRow(ctx, `
		INSERT INTO partners (name, regions, review, token_hash) VALUES ($1, $2, $3, $4)
		RETURNING id, created_at`, p.Name, p.Regions, p.Review, hash).Scan(&p.ID, &p.CreatedAt)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == "partners_name_key" {
		return "", alerts.Errorf(alerts.ErrConflict, "name", "a partner named %q already exists", p.Name)
	}
	if err != nil {
		return "", fmt.Errorf("adding partner: %w", err)
	}
	return token, nil
}

// Partners returns every partner, revoked ones included, in the order they
// were added.
func (s *PartnerStore) Partners(ctx context.Context) ([]*alerts.Partner, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT `+partnerColumns+` FROM partners ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("listing partners: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*alerts.Partner, error) { return scanPartner(r) })
	if err != nil {
		return nil, fmt.Errorf("listing partners: %w", err)
	}
	return list, nil
}

// PartnerByToken returns the partner holding a bearer token. An unknown,
// malformed or revoked token is an unauthorized error.
func (s *PartnerStore) PartnerByToken(ctx context.Context, token string) (*alerts.Partner, error) {
	if !alerts.WellFormedToken(token) {
		return nil, alerts.Errorf(alerts.ErrUnauthorized, "", "the token is not a Peerbot partner token")
	}
	p, err := scanPartner(s.db.pool.QueryRow(ctx,
		`SELECT `+partnerColumns+` FROM partners WHERE token_hash = $1 AND revoked_at IS NULL`,
		alerts.HashPartnerToken(token)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, alerts.Errorf(alerts.ErrUnauthorized, "", "the token is unknown or has been revoked")
	}
	if err != nil {
		return nil, fmt.Errorf("looking up partner token: %w", err)
	}
	return p, nil
}

// RevokePartner revokes the token of the partner with this name, or else
// with this id, and returns the partner. Unknown is not_found; already
// revoked is a conflict.
func (s *PartnerStore) RevokePartner(ctx context.Context, nameOrID string) (*alerts.Partner, error) {
	id, _ := strconv.ParseInt(nameOrID, 10, 64)
	// A name wins over an id: a partner may be called "42".
	p, err := scanPartner(s.db.pool.QueryRow(ctx, `
		SELECT `+partnerColumns+` FROM partners WHERE name = $1 OR id = $2
		ORDER BY name = $1 DESC LIMIT 1`, nameOrID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, alerts.Errorf(alerts.ErrNotFound, "", "no partner named %q", nameOrID)
	}
	if err != nil {
		return nil, fmt.Errorf("finding partner %q: %w", nameOrID, err)
	}
	if p.Revoked() {
		return nil, alerts.Errorf(alerts.ErrConflict, "", "partner %q was already revoked on %s",
			p.Name, p.RevokedAt.UTC().Format(time.DateOnly))
	}
	err = s.db.pool.QueryRow(ctx,
		`UPDATE partners SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING revoked_at`,
		p.ID).Scan(&p.RevokedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, alerts.Errorf(alerts.ErrConflict, "", "partner %q was revoked meanwhile", p.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("revoking partner %q: %w", p.Name, err)
	}
	return p, nil
}
