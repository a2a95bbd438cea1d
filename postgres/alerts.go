package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/alerts"
)

// AlertsChannel is the PostgreSQL notification channel on which an alert
// version's id is announced, in the transaction that publishes it, puts it
// in review or rejects it. The broadcast engine listens on it and plans the
// delivery of published versions whose planned_at is still null; the
// moderation worker posts versions in review to the moderator groups and
// shows decisions there.
const AlertsChannel = "peerbot_alerts"

// AlertStore keeps alert versions and their audit log. It satisfies
// alerts.Store.
type AlertStore struct {
	db *DB
}

// NewAlertStore returns an alert store on db.
func NewAlertStore(db *DB) *AlertStore { return &AlertStore{db: db} }

// selectStored reads what scanStored scans. The content (identifier,
// msg_type, regions, times...) is read from the body, the documented JSON;
// the other content columns exist for the engine's queries.
const selectStored = `SELECT a.id, a.partner_id, p.name, a.chain_id, a.replaces, a.status, a.format,
	a.body, a.received_at, a.published_at
	FROM alerts a JOIN partners p ON p.id = a.partner_id`

func scanStored(row pgx.Row) (*alerts.Stored, error) {
	var s alerts.Stored
	var replaces *int64
	var published *time.Time
	var body []byte
	if err := row.Scan(&s.ID, &s.PartnerID, &s.PartnerName, &s.ChainID, &replaces, &s.Status, &s.Format,
		&body, &s.ReceivedAt, &published); err != nil {
		return nil, err
	}
	id, partner := s.ID, s.PartnerID
	if err := json.Unmarshal(body, &s.Alert); err != nil {
		return nil, fmt.Errorf("reading the body of alert %d: %w", id, err)
	}
	s.ID, s.PartnerID = id, partner
	if replaces != nil {
		s.Replaces = alerts.AlertID(*replaces)
	}
	if published != nil {
		s.PublishedAt = *published
	}
	return &s, nil
}

func collectStored(rows pgx.Rows) ([]*alerts.Stored, error) {
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*alerts.Stored, error) { return scanStored(r) })
}

// querier is what the reads need: the pool or a transaction.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func alertByIdentifier(ctx context.Context, q querier, partner alerts.PartnerID, identifier string) (*alerts.Stored, error) {
	s, err := scanStored(q.QueryRow(ctx, selectStored+` WHERE a.partner_id = $1 AND a.identifier = $2`, partner, identifier))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, alerts.Errorf(alerts.ErrNotFound, "", "no alert with the identifier %q", identifier)
	}
	if err != nil {
		return nil, fmt.Errorf("loading alert %q: %w", identifier, err)
	}
	return s, nil
}

// AlertByIdentifier returns a partner's version by its identifier, or a
// not_found error.
func (s *AlertStore) AlertByIdentifier(ctx context.Context, partner alerts.PartnerID, identifier string) (*alerts.Stored, error) {
	return alertByIdentifier(ctx, s.db.pool, partner, identifier)
}

// Alert returns a version by id, or a not_found error.
func (s *AlertStore) Alert(ctx context.Context, id alerts.AlertID) (*alerts.Stored, error) {
	st, err := scanStored(s.db.pool.QueryRow(ctx, selectStored+` WHERE a.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, alerts.Errorf(alerts.ErrNotFound, "", "no alert %d", id)
	}
	if err != nil {
		return nil, fmt.Errorf("loading alert %d: %w", id, err)
	}
	return st, nil
}

// Chain returns every version of a chain, oldest first; a chain that does
// not exist is a not_found error.
func (s *AlertStore) Chain(ctx context.Context, chain alerts.AlertID) ([]*alerts.Stored, error) {
	rows, err := s.db.pool.Query(ctx, selectStored+` WHERE a.chain_id = $1 ORDER BY a.id`, chain)
	if err != nil {
		return nil, fmt.Errorf("loading alert chain %d: %w", chain, err)
	}
	versions, err := collectStored(rows)
	if err != nil {
		return nil, fmt.Errorf("loading alert chain %d: %w", chain, err)
	}
	if len(versions) == 0 {
		return nil, alerts.Errorf(alerts.ErrNotFound, "", "no alert %d", chain)
	}
	return versions, nil
}

// ActiveAlerts returns, newest first, the latest published version of every
// chain unless it is a cancel or has expired at now.
func (s *AlertStore) ActiveAlerts(ctx context.Context, now time.Time) ([]*alerts.Stored, error) {
	rows, err := s.db.pool.Query(ctx, `
		WITH latest AS (
			SELECT DISTINCT ON (chain_id) id, msg_type, expires FROM alerts
			WHERE status = 'published' ORDER BY chain_id, id DESC
		)
		`+selectStored+` JOIN latest l ON l.id = a.id
		WHERE l.msg_type <> 'cancel' AND (l.expires IS NULL OR l.expires > $1)
		ORDER BY a.published_at DESC, a.id DESC`, now)
	if err != nil {
		return nil, fmt.Errorf("loading active alerts: %w", err)
	}
	active, err := collectStored(rows)
	if err != nil {
		return nil, fmt.Errorf("loading active alerts: %w", err)
	}
	return active, nil
}

// InsertAlert stores a version in one transaction with its audit entries
// ("submitted", and "published" when published at once) and a
// notification on AlertsChannel, so that nothing is ever half
// written and the engine hears of it only once it is committed. A version
// joining a chain locks the chain's first row, so that it is never added
// after a concurrent cancel. The partner's identifier already stored
// returns that version and created false.
func (s *AlertStore) InsertAlert(ctx context.Context, v *alerts.NewVersion) (stored *alerts.Stored, created bool, err error) {
	a := v.Alert
	body, err := json.Marshal(a)
	if err != nil {
		return nil, false, fmt.Errorf("encoding alert: %w", err)
	}
	tx, err := s.db.pool.Begin(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("inserting alert: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit

	var chain *int64
	if v.ChainID != 0 {
		c := int64(v.ChainID)
		chain = &c
		if _, err := tx.Exec(ctx, `SELECT 1 FROM alerts WHERE id = $1 FOR UPDATE`, c); err != nil {
			return nil, false, fmt.Errorf("locking alert chain %d: %w", c, err)
		}
		// With the lock held, what the service saw may have changed: a
		// concurrent duplicate, or a cancel.
		existing, err := alertByIdentifier(ctx, tx, a.PartnerID, a.Identifier)
		if err == nil {
			return existing, false, nil
		}
		if !alerts.IsNotFound(err) {
			return nil, false, err
		}
		var cancel string
		err = tx.QueryRow(ctx, `SELECT identifier FROM alerts
			WHERE chain_id = $1 AND msg_type = 'cancel' AND status <> 'rejected' LIMIT 1`, c).Scan(&cancel)
		if err == nil {
			return nil, false, alerts.Errorf(alerts.ErrConflict, "references[0].identifier", "the alert was already withdrawn by %q", cancel)
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return nil, false, fmt.Errorf("checking alert chain %d: %w", c, err)
		}
	}
	var replaces *int64
	if v.Replaces != 0 {
		r := int64(v.Replaces)
		replaces = &r
	}
	var published *time.Time
	if v.Status == alerts.StatusPublished {
		published = &v.At
	}
	var id int64
	var partnerName string
	// A first version is its own chain: take the id first to use it twice.
	err = tx.QueryRow(ctx, `
		WITH n AS (SELECT nextval('alerts_id_seq') AS id)
		INSERT INTO alerts (id, partner_id, identifier, chain_id, replaces, msg_type, severity, status,
			regions, substance_groups, body, format, received_at, published_at, effective, expires)
		SELECT n.id, $1, $2, coalesce($3, n.id), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15 FROM n
		ON CONFLICT (partner_id, identifier) DO NOTHING
		RETURNING id, (SELECT name FROM partners WHERE id = $1)`,
		a.PartnerID, a.Identifier, chain, replaces, a.MsgType.String(), a.Severity.String(), string(v.Status),
		a.Regions, v.SubstanceGroups, body, string(v.Format), v.At, published, nullTime(a.Effective), nullTime(a.Expires),
	).Scan(&id, &partnerName)
	if errors.Is(err, pgx.ErrNoRows) {
		// A concurrent request with the same identifier committed first
		// (the insert waited for it): answer with its version.
		_ = tx.Rollback(ctx)
		existing, err := alertByIdentifier(ctx, s.db.pool, a.PartnerID, a.Identifier)
		if err != nil {
			return nil, false, err
		}
		return existing, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("inserting alert: %w", err)
	}
	actions := []string{"submitted"}
	if published != nil {
		actions = append(actions, "published")
	}
	if _, err := tx.Exec(ctx, `INSERT INTO alert_audit (alert_id, at, actor, action)
		SELECT $1, $2, $3, unnest($4::text[])`, id, v.At, v.Actor, actions); err != nil {
		return nil, false, fmt.Errorf("auditing alert %d: %w", id, err)
	}
	// Published: the engine plans it; in review: the moderators hear of it.
	if err := notify(ctx, tx, id); err != nil {
		return nil, false, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, false, fmt.Errorf("inserting alert: %w", err)
	}
	st := &alerts.Stored{Alert: *a, ChainID: alerts.AlertID(id), Replaces: v.Replaces, Status: v.Status,
		Format: v.Format, PartnerName: partnerName, ReceivedAt: v.At}
	st.ID = alerts.AlertID(id)
	if chain != nil {
		st.ChainID = v.ChainID
	}
	if published != nil {
		st.PublishedAt = v.At
	}
	return st, true, nil
}

// notify announces a published version to the broadcast engine; the
// notification is delivered when the transaction commits.
func notify(ctx context.Context, tx pgx.Tx, id int64) error {
	if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2::bigint::text)`, AlertsChannel, id); err != nil {
		return fmt.Errorf("announcing alert %d: %w", id, err)
	}
	return nil
}

// Decide applies a moderator's decision to a version in review, in one
// transaction with its audit entries ("approved" and "published", or
// "rejected" with the reason) and the notification. A version
// not in review, or one approved after a published cancel of its chain, is
// a conflict.
func (s *AlertStore) Decide(ctx context.Context, d alerts.Decision) (*alerts.Stored, error) {
	tx, err := s.db.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("deciding on alert %d: %w", d.ID, err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit

	var chain int64
	err = tx.QueryRow(ctx, `SELECT chain_id FROM alerts WHERE id = $1`, d.ID).Scan(&chain)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, alerts.Errorf(alerts.ErrNotFound, "", "no alert %d", d.ID)
	}
	if err != nil {
		return nil, fmt.Errorf("deciding on alert %d: %w", d.ID, err)
	}
	// The chain's first row first, as InsertAlert does: no deadlock, and no
	// cancel slips in between the check and the approval.
	if _, err := tx.Exec(ctx, `SELECT 1 FROM alerts WHERE id = $1 FOR UPDATE`, chain); err != nil {
		return nil, fmt.Errorf("locking alert chain %d: %w", chain, err)
	}
	var status, msgType string
	if err := tx.QueryRow(ctx, `SELECT status, msg_type FROM alerts WHERE id = $1 FOR UPDATE`, d.ID).Scan(&status, &msgType); err != nil {
		return nil, fmt.Errorf("deciding on alert %d: %w", d.ID, err)
	}
	if status != string(alerts.StatusReview) {
		return nil, alerts.Errorf(alerts.ErrConflict, "", "alert %d is %s, not waiting for review", d.ID, status)
	}
	if d.Approve && msgType != "cancel" {
		var cancel string
		err := tx.QueryRow(ctx, `SELECT identifier FROM alerts
			WHERE chain_id = $1 AND msg_type = 'cancel' AND status = 'published' LIMIT 1`, chain).Scan(&cancel)
		if err == nil {
			return nil, alerts.Errorf(alerts.ErrConflict, "", "the alert was withdrawn by %q meanwhile; reject this version", cancel)
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return nil, fmt.Errorf("checking alert chain %d: %w", chain, err)
		}
	}
	status, actions := string(alerts.StatusRejected), []string{"rejected"}
	var published *time.Time
	if d.Approve {
		status, actions, published = string(alerts.StatusPublished), []string{"approved", "published"}, &d.At
	}
	if _, err := tx.Exec(ctx, `UPDATE alerts SET status = $2, published_at = $3 WHERE id = $1`, d.ID, status, published); err != nil {
		return nil, fmt.Errorf("deciding on alert %d: %w", d.ID, err)
	}
	// The reason goes with the rejection, not with the publication.
	if _, err := tx.Exec(ctx, `INSERT INTO alert_audit (alert_id, at, actor, action, note)
		SELECT $1, $2, $3, action, CASE WHEN action = 'rejected' THEN $5 ELSE '' END FROM unnest($4::text[]) action`,
		d.ID, d.At, d.Actor, actions, d.Note); err != nil {
		return nil, fmt.Errorf("auditing alert %d: %w", d.ID, err)
	}
	// Approved: the engine plans it; either way the moderator groups'
	// messages show the decision.
	if err := notify(ctx, tx, int64(d.ID)); err != nil {
		return nil, err
	}
	st, err := scanStored(tx.QueryRow(ctx, selectStored+` WHERE a.id = $1`, d.ID))
	if err != nil {
		return nil, fmt.Errorf("loading alert %d: %w", d.ID, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("deciding on alert %d: %w", d.ID, err)
	}
	return st, nil
}

// AuditEntry is one line of an alert version's audit log.
type AuditEntry struct {
	At     time.Time
	Actor  string
	Action string
	Note   string
}

// Audit returns the audit log of a version, oldest first.
func (s *AlertStore) Audit(ctx context.Context, id alerts.AlertID) ([]AuditEntry, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT at, actor, action, note FROM alert_audit WHERE alert_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("loading the audit log of alert %d: %w", id, err)
	}
	entries, err := pgx.CollectRows(rows, pgx.RowToStructByPos[AuditEntry])
	if err != nil {
		return nil, fmt.Errorf("loading the audit log of alert %d: %w", id, err)
	}
	return entries, nil
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
