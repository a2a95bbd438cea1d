package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/privacy"
)

// PartnerMemberStore links people to the drug-checking partner they
// compose alerts for in the bot, through one-time codes stored only as
// keyed hashes.
type PartnerMemberStore struct {
	db     *DB
	sealer *privacy.Sealer
	now    func() time.Time // tests move the clock
}

// NewPartnerMemberStore returns a store on db that hashes codes with sealer.
func NewPartnerMemberStore(db *DB, sealer *privacy.Sealer) *PartnerMemberStore {
	return &PartnerMemberStore{db: db, sealer: sealer, now: time.Now}
}

// codeHash is the keyed hash a partner code is stored and found by; its
// purpose differs from the organisations' codes, so no code works for both.
func (s *PartnerMemberStore) codeHash(code string) []byte {
	return s.sealer.Keyed("partner-code", code)
}

// findPartner returns the partner with this name, or else with this id, as
// RevokePartner finds it; unknown is alerts' not_found.
func findPartner(ctx context.Context, q pgx.Tx, nameOrID string) (*alerts.Partner, error) {
	id, _ := strconv.ParseInt(nameOrID, 10, 64)
	p, err := scanPartner(q.QueryRow(ctx, `
		SELECT `+partnerColumns+` FROM partners WHERE name = $1 OR id = $2
		ORDER BY name = $1 DESC LIMIT 1`, nameOrID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, alerts.Errorf(alerts.ErrNotFound, "", "no partner named %q", nameOrID)
	}
	if err != nil {
		return nil, fmt.Errorf("finding partner %q: %w", nameOrID, err)
	}
	return p, nil
}

// CreatePartnerCode makes a one-time link code for the partner with this
// name or id, valid for alerts.PartnerCodeTTL, and returns the partner and
// the code: the only time the code exists in clear. A revoked partner is a
// conflict.
func (s *PartnerMemberStore) CreatePartnerCode(ctx context.Context, nameOrID string) (p *alerts.Partner, code string, err error) {
	err = pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		if p, err = findPartner(ctx, tx, nameOrID); err != nil {
			return err
		}
		if p.Revoked() {
			return alerts.Errorf(alerts.ErrConflict, "", "partner %q has been revoked; it cannot publish alerts", p.Name)
		}
		now := s.now()
		// 50 random bits: a collision is all but impossible, and answered
		// by drawing again rather than by failing.
		for range 3 {
			if code, err = orgs.NewCode(); err != nil {
				return err
			}
			tag, err := tx.Exec(ctx, `
				INSERT INTO partner_codes (partner_id, code_hash, expires_at, created_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (code_hash) DO NOTHING`, p.ID, s.codeHash(code), now.Add(alerts.PartnerCodeTTL), now)
			if err != nil {
				return fmt.Errorf("saving partner code: %w", err)
			}
			if tag.RowsAffected() == 1 {
				return nil
			}
		}
		return errors.New("drew taken partner codes three times")
	})
	if err != nil {
		return nil, "", fmt.Errorf("creating partner code: %w", err)
	}
	return p, code, nil
}

// LinkPartner uses a link code to make person a member of the code's
// partner, replacing any partner they composed for before, and returns the
// partner. already is true when they were its member already (the code is
// not spent). Errors: alerts.ErrPartnerCodeUnknown (also for a revoked
// partner's code), ErrPartnerCodeExpired, ErrPartnerCodeUsed;
// people.ErrNotFound when the person is gone.
func (s *PartnerMemberStore) LinkPartner(ctx context.Context, code string, person people.PersonID) (p *alerts.Partner, already bool, err error) {
	code, ok := orgs.NormalizeCode(code)
	if !ok {
		return nil, false, alerts.ErrPartnerCodeUnknown
	}
	err = pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		// Locked, so two uses of one code at once queue and the second
		// sees it used.
		var id int64
		var partner alerts.PartnerID
		var expires time.Time
		var used *time.Time
		err := tx.QueryRow(ctx, `SELECT id, partner_id, expires_at, used_at FROM partner_codes WHERE code_hash = $1 FOR UPDATE`,
			s.codeHash(code)).Scan(&id, &partner, &expires, &used)
		if errors.Is(err, pgx.ErrNoRows) {
			return alerts.ErrPartnerCodeUnknown
		}
		if err != nil {
			return fmt.Errorf("loading partner code: %w", err)
		}
		if p, err = scanPartner(tx.QueryRow(ctx, `SELECT `+partnerColumns+` FROM partners WHERE id = $1`, partner)); err != nil {
			return fmt.Errorf("loading partner: %w", err)
		}
		if p.Revoked() {
			return alerts.ErrPartnerCodeUnknown
		}
		var current alerts.PartnerID
		err = tx.QueryRow(ctx, `SELECT partner_id FROM partner_members WHERE person_id = $1 FOR UPDATE`, person).Scan(&current)
		switch {
		case err == nil && current == partner:
			already = true
			return nil
		case err != nil && !errors.Is(err, pgx.ErrNoRows):
			return fmt.Errorf("loading partner membership: %w", err)
		case used != nil:
			return alerts.ErrPartnerCodeUsed
		case !s.now().Before(expires):
			return alerts.ErrPartnerCodeExpired
		}
		if _, err := tx.Exec(ctx, `UPDATE partner_codes SET used_at = $2 WHERE id = $1`, id, s.now()); err != nil {
			return fmt.Errorf("spending partner code: %w", err)
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO partner_members (person_id, partner_id) VALUES ($1, $2)
			ON CONFLICT (person_id) DO UPDATE SET partner_id = excluded.partner_id, linked_at = now()`, person, partner)
		if isForeignKeyViolation(err) {
			return people.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("saving partner membership: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("linking partner: %w", err)
	}
	return p, already, nil
}

// PartnerOf returns the partner the person composes alerts for, revoked or
// not, or alerts.ErrNotPartnerMember.
func (s *PartnerMemberStore) PartnerOf(ctx context.Context, person people.PersonID) (*alerts.Partner, error) {
	p, err := scanPartner(s.db.pool.QueryRow(ctx, `SELECT `+partnerColumns+` FROM partners
		WHERE id = (SELECT partner_id FROM partner_members WHERE person_id = $1)`, person))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, alerts.ErrNotPartnerMember
	}
	if err != nil {
		return nil, fmt.Errorf("loading partner of person: %w", err)
	}
	return p, nil
}

// UnlinkPartner removes every member of the partner with this name or id,
// and voids its unused codes, and returns the partner and how many members
// it had. Unknown is not_found.
func (s *PartnerMemberStore) UnlinkPartner(ctx context.Context, nameOrID string) (p *alerts.Partner, members int, err error) {
	err = pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		if p, err = findPartner(ctx, tx, nameOrID); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM partner_members WHERE partner_id = $1`, p.ID)
		if err != nil {
			return fmt.Errorf("deleting partner members: %w", err)
		}
		members = int(tag.RowsAffected())
		if _, err := tx.Exec(ctx, `DELETE FROM partner_codes WHERE partner_id = $1 AND used_at IS NULL`, p.ID); err != nil {
			return fmt.Errorf("deleting partner codes: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("unlinking partner: %w", err)
	}
	return p, members, nil
}
