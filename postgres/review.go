package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/moderation"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/privacy"
)

// ReviewStore keeps which moderator groups were told about which alert in
// review, and the message to edit in each. It satisfies moderation.Store.
// Group chat ids are stored sealed, as in staff_groups.
type ReviewStore struct {
	db     *DB
	sealer *privacy.Sealer
}

// NewReviewStore returns a review store on db.
func NewReviewStore(db *DB, sealer *privacy.Sealer) *ReviewStore {
	return &ReviewStore{db: db, sealer: sealer}
}

// ClaimUnannounced takes the oldest version in review not yet posted to
// the groups and not held by another replica, and holds it for lease.
// Replicas asking at once get different versions (SKIP LOCKED); one that
// stops before MarkAnnounced loses its hold when the lease ends.
func (s *ReviewStore) ClaimUnannounced(ctx context.Context, lease time.Duration) (alerts.AlertID, bool, error) {
	var id alerts.AlertID
	err := s.db.pool.QueryRow(ctx, `
		UPDATE alerts SET review_claimed_until = now() + $1 * interval '1 millisecond'
		WHERE id = (SELECT id FROM alerts
			WHERE status = 'review' AND review_announced_at IS NULL
				AND (review_claimed_until IS NULL OR review_claimed_until < now())
			ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
		RETURNING id`, lease.Milliseconds()).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("claiming an alert to post for review: %w", err)
	}
	return id, true, nil
}

// PostedChats returns the groups the version was posted to.
func (s *ReviewStore) PostedChats(ctx context.Context, id alerts.AlertID) ([]people.ChatID, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT chat_sealed FROM review_posts WHERE alert_id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("loading the review posts of alert %d: %w", id, err)
	}
	chats, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (people.ChatID, error) {
		var sealed []byte
		if err := row.Scan(&sealed); err != nil {
			return 0, err
		}
		return s.sealer.Open(sealed)
	})
	if err != nil {
		return nil, fmt.Errorf("loading the review posts of alert %d: %w", id, err)
	}
	return chats, nil
}

// AddPost records the message with the buttons in a group. A group no
// longer linked is skipped: its message will not be edited.
func (s *ReviewStore) AddPost(ctx context.Context, p moderation.Post) error {
	sealed, err := s.sealer.Seal(p.Chat)
	if err != nil {
		return fmt.Errorf("recording a review post: %w", err)
	}
	if _, err := s.db.pool.Exec(ctx, `
		INSERT INTO review_posts (alert_id, chat_hash, chat_sealed, message_id)
		SELECT $1, chat_hash, $3, $4 FROM staff_groups WHERE chat_hash = $2
		ON CONFLICT (alert_id, chat_hash) DO NOTHING`,
		p.Alert, s.sealer.Hash(p.Chat), sealed, p.MessageID); err != nil {
		return fmt.Errorf("recording a review post of alert %d: %w", p.Alert, err)
	}
	return nil
}

// MarkAnnounced records that the version was posted to every group.
func (s *ReviewStore) MarkAnnounced(ctx context.Context, id alerts.AlertID) error {
	if _, err := s.db.pool.Exec(ctx, `UPDATE alerts SET review_announced_at = now(), review_claimed_until = NULL WHERE id = $1`, id); err != nil {
		return fmt.Errorf("marking alert %d announced: %w", id, err)
	}
	return nil
}

// ClaimUnsettled takes up to limit posts of decided versions that still
// show the buttons, marking them settled at once so that no other replica
// edits them too; ReleasePost undoes that for an edit that failed.
func (s *ReviewStore) ClaimUnsettled(ctx context.Context, limit int) ([]moderation.Post, error) {
	rows, err := s.db.pool.Query(ctx, `
		UPDATE review_posts p SET settled_at = now()
		FROM (SELECT rp.alert_id, rp.chat_hash FROM review_posts rp JOIN alerts a ON a.id = rp.alert_id
			WHERE rp.settled_at IS NULL AND a.status <> 'review'
			ORDER BY rp.alert_id LIMIT $1 FOR UPDATE OF rp SKIP LOCKED) c
		WHERE p.alert_id = c.alert_id AND p.chat_hash = c.chat_hash
		RETURNING p.alert_id, p.chat_sealed, p.message_id`, limit)
	if err != nil {
		return nil, fmt.Errorf("claiming review posts to settle: %w", err)
	}
	posts, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (moderation.Post, error) {
		var p moderation.Post
		var sealed []byte
		if err := row.Scan(&p.Alert, &sealed, &p.MessageID); err != nil {
			return p, err
		}
		chat, err := s.sealer.Open(sealed)
		p.Chat = chat
		return p, err
	})
	if err != nil {
		return nil, fmt.Errorf("claiming review posts to settle: %w", err)
	}
	return posts, nil
}

// ReleasePost marks a claimed post unsettled again.
func (s *ReviewStore) ReleasePost(ctx context.Context, p moderation.Post) error {
	if _, err := s.db.pool.Exec(ctx, `UPDATE review_posts SET settled_at = NULL WHERE alert_id = $1 AND chat_hash = $2`,
		p.Alert, s.sealer.Hash(p.Chat)); err != nil {
		return fmt.Errorf("releasing a review post of alert %d: %w", p.Alert, err)
	}
	return nil
}

// Decision returns the approval or rejection of a version from its audit
// log; a version nobody decided on is a not_found error.
func (s *ReviewStore) Decision(ctx context.Context, id alerts.AlertID) (alerts.Decision, error) {
	d := alerts.Decision{ID: id}
	var action string
	err := s.db.pool.QueryRow(ctx, `SELECT at, actor, action, note FROM alert_audit
		WHERE alert_id = $1 AND action IN ('approved', 'rejected') ORDER BY id DESC LIMIT 1`, id).
		Scan(&d.At, &d.Actor, &action, &d.Note)
	if errors.Is(err, pgx.ErrNoRows) {
		return d, alerts.Errorf(alerts.ErrNotFound, "", "no decision about alert %d", id)
	}
	if err != nil {
		return d, fmt.Errorf("loading the decision about alert %d: %w", id, err)
	}
	d.Approve = action == "approved"
	return d, nil
}

// RecentAlerts returns the latest limit versions, whatever their status,
// newest first.
func (s *AlertStore) RecentAlerts(ctx context.Context, limit int) ([]*alerts.Stored, error) {
	rows, err := s.db.pool.Query(ctx, selectStored+` ORDER BY a.id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("loading recent alerts: %w", err)
	}
	recent, err := collectStored(rows)
	if err != nil {
		return nil, fmt.Errorf("loading recent alerts: %w", err)
	}
	return recent, nil
}

// PartnerAlerts returns one partner's latest limit versions, whatever their
// status, newest first.
func (s *AlertStore) PartnerAlerts(ctx context.Context, partner alerts.PartnerID, limit int) ([]*alerts.Stored, error) {
	rows, err := s.db.pool.Query(ctx, selectStored+` WHERE a.partner_id = $1 ORDER BY a.id DESC LIMIT $2`, int64(partner), limit)
	if err != nil {
		return nil, fmt.Errorf("loading the partner's recent alerts: %w", err)
	}
	recent, err := collectStored(rows)
	if err != nil {
		return nil, fmt.Errorf("loading the partner's recent alerts: %w", err)
	}
	return recent, nil
}
