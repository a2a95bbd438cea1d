package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/privacy"
)

// OrgStore reads and writes organisations, their members, invite and link
// codes, staff groups and API tokens. Codes and tokens are stored only as
// hashes; staff group chat ids only sealed and hashed, like people's.
type OrgStore struct {
	db     *DB
	sealer *privacy.Sealer
	now    func() time.Time // tests move the clock
}

// NewOrgStore returns a store on db that hashes codes and seals group chat
// ids with sealer.
func NewOrgStore(db *DB, sealer *privacy.Sealer) *OrgStore {
	return &OrgStore{db: db, sealer: sealer, now: time.Now}
}

// codeHash is the keyed hash a code is stored and found by. The purpose is
// part of it, so a join code can never work as a link code or the reverse.
func (s *OrgStore) codeHash(purpose orgs.Purpose, code string) []byte {
	return s.sealer.Keyed("org-code", string(purpose), code)
}

const orgColumns = `o.id, o.name, o.regions, o.moderates_alerts, o.created_at`

func scanOrg(row pgx.Row) (orgs.Org, error) {
	var o orgs.Org
	if err := row.Scan(&o.ID, &o.Name, &o.Regions, &o.ModeratesAlerts, &o.CreatedAt); err != nil {
		return orgs.Org{}, err
	}
	if len(o.Regions) == 0 {
		o.Regions = nil
	}
	return o, nil
}

// isUniqueViolation reports whether err is PostgreSQL's unique_violation
// on the named constraint or index.
func isUniqueViolation(err error, constraint string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505" && pe.ConstraintName == constraint
}

// isForeignKeyViolation reports whether err is PostgreSQL's
// foreign_key_violation.
func isForeignKeyViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23503"
}

// CreateOrg adds an organisation and returns it with its id. A name another
// organisation has (in any case) is orgs.ErrNameTaken.
func (s *OrgStore) CreateOrg(ctx context.Context, o orgs.Org) (orgs.Org, error) {
	if err := o.Validate(); err != nil {
		return orgs.Org{}, fmt.Errorf("creating organisation: %w", err)
	}
	created, err := scanOrg(s.db.pool.QueryRow(ctx, `
		INSERT INTO organisations AS o (name, regions, moderates_alerts) VALUES ($1, $2, $3)
		RETURNING `+orgColumns, o.Name, nonNil(o.Regions), o.ModeratesAlerts))
	if isUniqueViolation(err, "organisations_name_idx") {
		return orgs.Org{}, fmt.Errorf("creating organisation %q: %w", o.Name, orgs.ErrNameTaken)
	}
	if err != nil {
		return orgs.Org{}, fmt.Errorf("creating organisation: %w", err)
	}
	return created, nil
}

// Org returns the organisation with that id, or orgs.ErrNotFound.
func (s *OrgStore) Org(ctx context.Context, id orgs.OrgID) (orgs.Org, error) {
	return s.oneOrg(ctx, `SELECT `+orgColumns+` FROM organisations o WHERE o.id = $1`, id)
}

// OrgByName returns the organisation with that name in any case, or
// orgs.ErrNotFound.
func (s *OrgStore) OrgByName(ctx context.Context, name string) (orgs.Org, error) {
	return s.oneOrg(ctx, `SELECT `+orgColumns+` FROM organisations o WHERE lower(o.name) = lower($1)`, name)
}

// OrgByGroupChat returns the organisation whose staff group chat is, or
// orgs.ErrNotFound when the group is not linked.
func (s *OrgStore) OrgByGroupChat(ctx context.Context, chat people.ChatID) (orgs.Org, error) {
	return s.oneOrg(ctx, `SELECT `+orgColumns+` FROM organisations o
		JOIN staff_groups g ON g.org_id = o.id WHERE g.chat_hash = $1`, s.sealer.Hash(chat))
}

// OrgByToken returns the organisation an API token acts for, or
// orgs.ErrTokenUnknown for anything but a valid, unrevoked token.
func (s *OrgStore) OrgByToken(ctx context.Context, token string) (orgs.Org, error) {
	if !orgs.LooksLikeToken(token) {
		return orgs.Org{}, orgs.ErrTokenUnknown
	}
	o, err := s.oneOrg(ctx, `SELECT `+orgColumns+` FROM organisations o
		JOIN org_tokens t ON t.org_id = o.id WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
		orgs.HashToken(token))
	if errors.Is(err, orgs.ErrNotFound) {
		return orgs.Org{}, orgs.ErrTokenUnknown
	}
	return o, err
}

func (s *OrgStore) oneOrg(ctx context.Context, sql string, arg any) (orgs.Org, error) {
	o, err := scanOrg(s.db.pool.QueryRow(ctx, sql, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		return orgs.Org{}, orgs.ErrNotFound
	}
	if err != nil {
		return orgs.Org{}, fmt.Errorf("loading organisation: %w", err)
	}
	return o, nil
}

// Summaries lists every organisation by name, with how many members it has
// in each role, its staff groups and its valid API tokens.
func (s *OrgStore) Summaries(ctx context.Context) ([]orgs.Summary, error) {
	rows, err := s.db.pool.Query(ctx, `
		SELECT `+orgColumns+`,
			(SELECT count(*) FROM members m WHERE m.org_id = o.id AND m.role = 'peer'),
			(SELECT count(*) FROM members m WHERE m.org_id = o.id AND m.role = 'staff'),
			(SELECT count(*) FROM members m WHERE m.org_id = o.id AND m.role = 'admin'),
			(SELECT count(*) FROM staff_groups g WHERE g.org_id = o.id),
			(SELECT count(*) FROM org_tokens t WHERE t.org_id = o.id AND t.revoked_at IS NULL)
		FROM organisations o ORDER BY lower(o.name)`)
	if err != nil {
		return nil, fmt.Errorf("listing organisations: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (orgs.Summary, error) {
		var sum orgs.Summary
		var peers, staff, admins int
		err := row.Scan(&sum.ID, &sum.Name, &sum.Regions, &sum.ModeratesAlerts, &sum.CreatedAt,
			&peers, &staff, &admins, &sum.StaffGroups, &sum.ActiveTokens)
		if len(sum.Regions) == 0 {
			sum.Regions = nil
		}
		sum.Members = map[orgs.Role]int{orgs.RolePeer: peers, orgs.RoleStaff: staff, orgs.RoleAdmin: admins}
		return sum, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing organisations: %w", err)
	}
	return out, nil
}

// CreateInvite makes a join code for org granting role, usable uses times
// until ttl from now, and returns the code: this is the only time it exists
// in clear.
func (s *OrgStore) CreateInvite(ctx context.Context, org orgs.OrgID, role orgs.Role, uses int, ttl time.Duration) (string, error) {
	now := s.now()
	return s.createCode(ctx, orgs.Invite{Org: org, Purpose: orgs.PurposeJoin, Role: role, UsesLeft: uses, ExpiresAt: now.Add(ttl)}, now)
}

// CreateLinkCode makes a one-time /linkgroup code for org, valid for
// orgs.LinkCodeTTL, and returns it.
func (s *OrgStore) CreateLinkCode(ctx context.Context, org orgs.OrgID) (string, error) {
	now := s.now()
	return s.createCode(ctx, orgs.Invite{Org: org, Purpose: orgs.PurposeLinkGroup, UsesLeft: 1, ExpiresAt: now.Add(orgs.LinkCodeTTL)}, now)
}

func (s *OrgStore) createCode(ctx context.Context, inv orgs.Invite, now time.Time) (string, error) {
	if err := inv.Validate(now); err != nil {
		return "", fmt.Errorf("creating code: %w", err)
	}
	var role *orgs.Role
	if inv.Role != "" {
		role = &inv.Role
	}
	// 50 random bits: a collision is all but impossible, and answered by
	// drawing again rather than by failing.
	for range 3 {
		code, err := orgs.NewCode()
		if err != nil {
			return "", err
		}
		_, err = s.db.pool.Exec(ctx, `
			INSERT INTO invites (org_id, purpose, code_hash, role, uses_left, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			inv.Org, inv.Purpose, s.codeHash(inv.Purpose, code), role, inv.UsesLeft, inv.ExpiresAt)
		switch {
		case err == nil:
			return code, nil
		case isForeignKeyViolation(err):
			return "", fmt.Errorf("creating code: %w", orgs.ErrNotFound)
		case !isUniqueViolation(err, "invites_code_hash_key"):
			return "", fmt.Errorf("creating code: %w", err)
		}
	}
	return "", errors.New("creating code: drew taken codes three times")
}

// lockCode finds a code of purpose and locks its row until tx ends, so
// concurrent uses of it queue and each sees the uses left by the one before.
func (s *OrgStore) lockCode(ctx context.Context, tx pgx.Tx, purpose orgs.Purpose, code string) (id int64, inv orgs.Invite, err error) {
	code, ok := orgs.NormalizeCode(code)
	if !ok {
		return 0, orgs.Invite{}, orgs.ErrCodeUnknown
	}
	var role *string
	err = tx.QueryRow(ctx, `
		SELECT i.id, i.org_id, o.name, i.role, i.uses_left, i.expires_at, i.created_at
		FROM invites i JOIN organisations o ON o.id = i.org_id
		WHERE i.code_hash = $1 AND i.purpose = $2
		FOR UPDATE OF i`, s.codeHash(purpose, code), purpose).
		Scan(&id, &inv.Org, &inv.OrgName, &role, &inv.UsesLeft, &inv.ExpiresAt, &inv.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, orgs.Invite{}, orgs.ErrCodeUnknown
	}
	if err != nil {
		return 0, orgs.Invite{}, fmt.Errorf("loading code: %w", err)
	}
	inv.Purpose = purpose
	if role != nil {
		inv.Role = orgs.Role(*role)
	}
	return id, inv, nil
}

func spendCode(ctx context.Context, tx pgx.Tx, id int64) error {
	if _, err := tx.Exec(ctx, `UPDATE invites SET uses_left = uses_left - 1 WHERE id = $1`, id); err != nil {
		return fmt.Errorf("spending code: %w", err)
	}
	return nil
}

// Redeem uses a join code for person, in one transaction: the person joins
// with the code's role, is upgraded to it, or keeps the equal or higher role
// they have (spending nothing). Errors: orgs.ErrCodeUnknown, ErrCodeExpired,
// ErrCodeUsedUp; people.ErrNotFound when the person is gone.
func (s *OrgStore) Redeem(ctx context.Context, code string, person people.PersonID) (orgs.Redemption, error) {
	var r orgs.Redemption
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		id, inv, err := s.lockCode(ctx, tx, orgs.PurposeJoin, code)
		if err != nil {
			return err
		}
		var current orgs.Role
		err = tx.QueryRow(ctx, `SELECT role FROM members WHERE org_id = $1 AND person_id = $2 FOR UPDATE`,
			inv.Org, person).Scan(&current)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("loading membership: %w", err)
		}
		var spend bool
		r, spend, err = orgs.Redeem(inv, current, s.now())
		if err != nil || !spend {
			return err
		}
		// The row lock above serializes one person's codes of one org only
		// when the membership exists; a concurrent first join is settled
		// here by keeping the higher role, and spends nothing if it loses.
		tag, err := tx.Exec(ctx, `
			INSERT INTO members (org_id, person_id, role) VALUES ($1, $2, $3)
			ON CONFLICT (org_id, person_id) DO UPDATE SET role = excluded.role, joined_at = now()
			WHERE array_position($4::text[], members.role) < array_position($4::text[], excluded.role)`,
			inv.Org, person, r.Role, roleOrder())
		if isForeignKeyViolation(err) {
			return people.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("saving membership: %w", err)
		}
		if tag.RowsAffected() == 0 {
			if err := tx.QueryRow(ctx, `SELECT role FROM members WHERE org_id = $1 AND person_id = $2`,
				inv.Org, person).Scan(&r.Role); err != nil {
				return fmt.Errorf("loading membership: %w", err)
			}
			r.Outcome = orgs.Unchanged
			return nil
		}
		return spendCode(ctx, tx, id)
	})
	if err != nil {
		return orgs.Redemption{}, fmt.Errorf("redeeming invite: %w", err)
	}
	return r, nil
}

// roleOrder is orgs.Roles as text, fewest rights first, for SQL comparisons.
func roleOrder() []string {
	out := make([]string, len(orgs.Roles))
	for i, r := range orgs.Roles {
		out[i] = string(r)
	}
	return out
}

// LinkGroup uses a link code to make the group chat a staff group of the
// code's organisation, and returns the organisation. already is true when
// the group was that organisation's already (the code is not spent). A group
// linked to another organisation is orgs.ErrGroupTaken; other errors are
// those of Redeem.
func (s *OrgStore) LinkGroup(ctx context.Context, code string, chat people.ChatID) (org orgs.Org, already bool, err error) {
	sealed, err := s.sealer.Seal(chat)
	if err != nil {
		return orgs.Org{}, false, fmt.Errorf("linking group: %w", err)
	}
	hash := s.sealer.Hash(chat)
	err = pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		id, inv, err := s.lockCode(ctx, tx, orgs.PurposeLinkGroup, code)
		if err != nil {
			return err
		}
		var linkedTo orgs.OrgID
		err = tx.QueryRow(ctx, `SELECT org_id FROM staff_groups WHERE chat_hash = $1 FOR UPDATE`, hash).Scan(&linkedTo)
		switch {
		case err == nil && linkedTo == inv.Org:
			already = true
		case err == nil:
			return orgs.ErrGroupTaken
		case !errors.Is(err, pgx.ErrNoRows):
			return fmt.Errorf("loading group: %w", err)
		default:
			if err := inv.Usable(s.now()); err != nil {
				return err
			}
			if err := spendCode(ctx, tx, id); err != nil {
				return err
			}
			// Two link codes sent in one new group at once: the second
			// insert waits for the first and then finds the row taken.
			tag, err := tx.Exec(ctx, `INSERT INTO staff_groups (chat_hash, chat_sealed, org_id) VALUES ($1, $2, $3)
				ON CONFLICT (chat_hash) DO NOTHING`, hash, sealed, inv.Org)
			if err != nil {
				return fmt.Errorf("saving group: %w", err)
			}
			if tag.RowsAffected() == 0 {
				return orgs.ErrGroupTaken
			}
		}
		org, err = scanOrg(tx.QueryRow(ctx, `SELECT `+orgColumns+` FROM organisations o WHERE o.id = $1`, inv.Org))
		if err != nil {
			return fmt.Errorf("loading organisation: %w", err)
		}
		return nil
	})
	if err != nil {
		return orgs.Org{}, false, fmt.Errorf("linking group: %w", err)
	}
	return org, already, nil
}

// MembershipsOf returns the person's memberships, by organisation name.
func (s *OrgStore) MembershipsOf(ctx context.Context, person people.PersonID) ([]orgs.Membership, error) {
	return s.memberships(ctx, `WHERE m.person_id = $1 ORDER BY lower(o.name)`, person)
}

// Members returns the members of org whose role includes min (min peer:
// everyone; staff: staff and admins), in the order they joined.
func (s *OrgStore) Members(ctx context.Context, org orgs.OrgID, min orgs.Role) ([]orgs.Membership, error) {
	var roles []string
	for _, r := range orgs.Roles {
		if r.Includes(min) {
			roles = append(roles, string(r))
		}
	}
	return s.memberships(ctx, `WHERE m.org_id = $1 AND m.role = ANY($2) ORDER BY m.joined_at, m.person_id`, org, roles)
}

func (s *OrgStore) memberships(ctx context.Context, where string, args ...any) ([]orgs.Membership, error) {
	rows, err := s.db.pool.Query(ctx, `
		SELECT m.org_id, o.name, m.person_id, m.role, m.joined_at
		FROM members m JOIN organisations o ON o.id = m.org_id `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("loading memberships: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (orgs.Membership, error) {
		var m orgs.Membership
		err := row.Scan(&m.Org, &m.OrgName, &m.Person, &m.Role, &m.JoinedAt)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("loading memberships: %w", err)
	}
	return out, nil
}

// Role returns the person's role in org, or orgs.ErrNotMember.
func (s *OrgStore) Role(ctx context.Context, org orgs.OrgID, person people.PersonID) (orgs.Role, error) {
	var r orgs.Role
	err := s.db.pool.QueryRow(ctx, `SELECT role FROM members WHERE org_id = $1 AND person_id = $2`, org, person).Scan(&r)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", orgs.ErrNotMember
	}
	if err != nil {
		return "", fmt.Errorf("loading role: %w", err)
	}
	return r, nil
}

// StaffGroups returns the chats of org's staff groups, in the order they
// were linked.
func (s *OrgStore) StaffGroups(ctx context.Context, org orgs.OrgID) ([]people.ChatID, error) {
	groups, err := s.groups(ctx, `WHERE g.org_id = $1`, org)
	if err != nil {
		return nil, err
	}
	out := make([]people.ChatID, len(groups))
	for i, g := range groups {
		out[i] = g.Chat
	}
	return out, nil
}

// ModeratorGroups returns the staff groups of every organisation that
// moderates alerts.
func (s *OrgStore) ModeratorGroups(ctx context.Context) ([]orgs.StaffGroup, error) {
	return s.groups(ctx, `JOIN organisations o ON o.id = g.org_id WHERE o.moderates_alerts`)
}

func (s *OrgStore) groups(ctx context.Context, where string, args ...any) ([]orgs.StaffGroup, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT g.org_id, g.chat_sealed FROM staff_groups g `+where+
		` ORDER BY g.org_id, g.linked_at, g.chat_hash`, args...)
	if err != nil {
		return nil, fmt.Errorf("loading staff groups: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (orgs.StaffGroup, error) {
		var g orgs.StaffGroup
		var sealed []byte
		if err := row.Scan(&g.Org, &sealed); err != nil {
			return g, err
		}
		chat, err := s.sealer.Open(sealed)
		g.Chat = chat
		return g, err
	})
	if err != nil {
		return nil, fmt.Errorf("loading staff groups: %w", err)
	}
	return out, nil
}

// CreateToken makes an API token for org and returns it: this is the only
// time it exists in clear.
func (s *OrgStore) CreateToken(ctx context.Context, org orgs.OrgID) (string, error) {
	token, hash, err := orgs.NewToken()
	if err != nil {
		return "", err
	}
	_, err = s.db.pool.Exec(ctx, `INSERT INTO org_tokens (org_id, token_hash) VALUES ($1, $2)`, org, hash)
	if isForeignKeyViolation(err) {
		return "", fmt.Errorf("creating token: %w", orgs.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("creating token: %w", err)
	}
	return token, nil
}

// RevokeTokens revokes every valid API token of org and says how many.
func (s *OrgStore) RevokeTokens(ctx context.Context, org orgs.OrgID) (int, error) {
	tag, err := s.db.pool.Exec(ctx, `UPDATE org_tokens SET revoked_at = now() WHERE org_id = $1 AND revoked_at IS NULL`, org)
	if err != nil {
		return 0, fmt.Errorf("revoking tokens: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
