package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/broadcast"
	"github.com/peerbot/peerbot/privacy"
)

// DeliveriesChannel is notified when deliveries are planned, so every
// replica's engine claims at once (AlertsChannel, when an alert is
// published, so one plans it at once).
const DeliveriesChannel = "peerbot_deliveries"

// editWindow is how old a delivered alert may be and still be edited in
// place: Telegram lets bots change their messages for 48 hours; an hour is
// kept in hand for the deliveries queued before the edit goes out.
const editWindow = 47 * time.Hour

// BroadcastStore is the delivery ledger and the planner of alert
// deliveries.
type BroadcastStore struct {
	db       *DB
	sealer   *privacy.Sealer
	audience func(*alerts.Alert) alerts.Audience
}

// NewBroadcastStore returns the ledger on db. audience says whom an alert
// reaches (alerts.AudienceOf with the deployment's vocabulary and regions).
func NewBroadcastStore(db *DB, sealer *privacy.Sealer, audience func(*alerts.Alert) alerts.Audience) *BroadcastStore {
	return &BroadcastStore{db: db, sealer: sealer, audience: audience}
}

// Claim leases up to limit due pending deliveries of one priority. Rows of
// people who have since blocked the bot, or stopped broadcasts (for new
// sends), or muted campaigns (for a campaign), are settled by the claim and
// not returned.
func (s *BroadcastStore) Claim(ctx context.Context, prio bot.Priority, limit int, lease time.Duration) ([]broadcast.Delivery, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := s.db.pool.Query(ctx, `
		WITH due AS (
			SELECT broadcast_id, person_id FROM deliveries
			WHERE state = 0 AND priority = $1 AND next_at <= now()
			ORDER BY next_at
			LIMIT $2
			FOR UPDATE SKIP LOCKED
		)
		UPDATE deliveries d SET
			attempts = d.attempts + 1,
			next_at = now() + $3 * interval '1 millisecond',
			state = CASE WHEN NOT p.active THEN 3 WHEN d.action = 0 AND (p.broadcasts_stopped
				OR (b.kind = 'campaign' AND p.campaigns_muted)) THEN 5 ELSE 0 END,
			sent_at = CASE WHEN NOT p.active OR (d.action = 0 AND (p.broadcasts_stopped
				OR (b.kind = 'campaign' AND p.campaigns_muted))) THEN now() END
		FROM due, people p, broadcasts b
		WHERE d.broadcast_id = due.broadcast_id AND d.person_id = due.person_id
			AND p.id = d.person_id AND b.id = d.broadcast_id
		RETURNING d.broadcast_id, d.person_id, d.state, d.action, d.attempts, d.message_ids,
			b.kind, coalesce(b.alert_id, b.campaign_id, b.survey_id, 0), p.chat_sealed, p.lang, coalesce(p.regions[1], ''),
			p.quiet_nights, p.delete_after_hours`,
		int(prio), limit, lease.Milliseconds())
	if err != nil {
		return nil, fmt.Errorf("claiming deliveries: %w", err)
	}
	defer rows.Close()
	now := time.Now()
	var out []broadcast.Delivery
	for rows.Next() {
		var (
			d      broadcast.Delivery
			state  int16
			action int16
			sealed []byte
			kind   string
			hours  int
			ids    []int32
		)
		if err := rows.Scan(&d.Broadcast, &d.Person, &state, &action, &d.Attempts, &ids, &kind, &d.Subject,
			&sealed, &d.Lang, &d.Region, &d.QuietNights, &hours); err != nil {
			return nil, fmt.Errorf("claiming deliveries: %w", err)
		}
		if broadcast.State(state) != broadcast.Pending {
			continue // settled by the claim
		}
		chat, err := s.sealer.Open(sealed)
		if err != nil {
			return nil, fmt.Errorf("claiming deliveries: opening a chat id: %w", err)
		}
		d.Chat, d.Kind, d.Action, d.Priority, d.ClaimedAt = chat, broadcast.Kind(kind), broadcast.Action(action), prio, now
		d.DeleteAfter = time.Duration(hours) * time.Hour
		for _, id := range ids {
			d.MessageIDs = append(d.MessageIDs, int(id))
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claiming deliveries: %w", err)
	}
	return out, nil
}

// Record writes delivery outcomes in one statement. Only rows still pending
// change: a late result for a row another replica settled is ignored. The
// exception is a send that went out while a newer version superseded it:
// it is recorded as sent, so that later versions edit its messages.
func (s *BroadcastStore) Record(ctx context.Context, results []broadcast.Result) error {
	if len(results) == 0 {
		return nil
	}
	n := len(results)
	var (
		bs     = make([]int64, n)
		ps     = make([]int64, n)
		states = make([]int16, n)
		photos = make([]int32, n)
		texts  = make([]int32, n)
		nexts  = make([]time.Time, n)
	)
	for i, r := range results {
		bs[i], ps[i], states[i], nexts[i] = int64(r.Broadcast), int64(r.Person), int16(r.State), r.NextAt
		switch len(r.MessageIDs) {
		case 0:
		case 1:
			texts[i] = int32(r.MessageIDs[0])
		default:
			photos[i], texts[i] = int32(r.MessageIDs[0]), int32(r.MessageIDs[len(r.MessageIDs)-1])
		}
	}
	_, err := s.db.pool.Exec(ctx, `
		UPDATE deliveries d SET
			state = r.state,
			message_ids = CASE WHEN r.text <> 0 THEN array_remove(ARRAY[r.photo, r.text], 0) ELSE d.message_ids END,
			messages_at = CASE WHEN r.text <> 0 THEN now() ELSE d.messages_at END,
			sent_at = CASE WHEN r.state <> 0 THEN now() END,
			next_at = CASE WHEN r.state = 0 THEN r.next_at ELSE d.next_at END
		FROM unnest($1::bigint[], $2::bigint[], $3::smallint[], $4::int[], $5::int[], $6::timestamptz[])
			AS r(broadcast_id, person_id, state, photo, text, next_at)
		WHERE d.broadcast_id = r.broadcast_id AND d.person_id = r.person_id
			AND (d.state = 0 OR (d.state = 4 AND r.state = 1))`,
		bs, ps, states, photos, texts, nexts)
	if err != nil {
		return fmt.Errorf("recording %d deliveries: %w", n, err)
	}
	return nil
}

// PlanPending plans the delivery of every published alert version that is
// not planned yet, oldest first, and returns how many it planned.
func (s *BroadcastStore) PlanPending(ctx context.Context) (int, error) {
	planned, err := planEach(ctx, s.db, "alerts", `
		SELECT id FROM alerts WHERE status = 'published' AND planned_at IS NULL ORDER BY published_at, id LIMIT 100`,
		func(ctx context.Context, id int64) (bool, error) { return s.PlanAlert(ctx, alerts.AlertID(id)) })
	if err != nil {
		return planned, err
	}
	n, err := s.planExpiries(ctx)
	return planned + n, err
}

// planEach runs plan on every id the query finds and returns how many it
// planned. Each plan is its own transaction: one that fails leaves those
// before it planned.
func planEach(ctx context.Context, db *DB, what, query string, plan func(context.Context, int64) (bool, error)) (int, error) {
	rows, err := db.pool.Query(ctx, query)
	if err != nil {
		return 0, fmt.Errorf("finding %s to plan: %w", what, err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, fmt.Errorf("finding %s to plan: %w", what, err)
	}
	planned := 0
	for _, id := range ids {
		ok, err := plan(ctx, id)
		if err != nil {
			return planned, err
		}
		if ok {
			planned++
		}
	}
	return planned, nil
}

// planExpiries plans, for every alert whose live version has expired, the
// edits that make the messages people hold say so (those still young
// enough to edit). Withdrawn alerts are left alone: they say so already.
func (s *BroadcastStore) planExpiries(ctx context.Context) (int, error) {
	planned := 0
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			SELECT a.id, a.chain_id FROM alerts a
			WHERE a.status = 'published' AND a.msg_type <> 'cancel' AND a.expires <= now()
				AND a.planned_at IS NOT NULL AND a.expiry_planned_at IS NULL
				AND NOT EXISTS (SELECT 1 FROM alerts n WHERE n.chain_id = a.chain_id AND n.id > a.id AND n.status = 'published')
			ORDER BY a.expires LIMIT 100
			FOR UPDATE OF a SKIP LOCKED`)
		if err != nil {
			return err
		}
		type due struct{ id, chain int64 }
		list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (due, error) {
			var d due
			return d, r.Scan(&d.id, &d.chain)
		})
		if err != nil {
			return err
		}
		for _, d := range list {
			var bid int64
			if err := tx.QueryRow(ctx, `
				INSERT INTO broadcasts (kind, alert_id, priority) VALUES ('expiry', $1, $2) RETURNING id`,
				d.id, int(bot.PriorityCampaign)).Scan(&bid); err != nil {
				return fmt.Errorf("creating expiry run: %w", err)
			}
			if _, err := tx.Exec(ctx, `
				INSERT INTO deliveries (broadcast_id, person_id, priority, action, message_ids, messages_at)
				SELECT $2, person_id, $3, 1, message_ids, messages_at FROM (
					SELECT DISTINCT ON (d.person_id) d.person_id, d.message_ids, d.messages_at
					FROM deliveries d
					JOIN broadcasts b ON b.id = d.broadcast_id
					JOIN alerts x ON x.id = b.alert_id
					JOIN people p ON p.id = d.person_id
					WHERE x.chain_id = $1 AND b.id <> $2 AND d.state = 1
						AND cardinality(d.message_ids) > 0 AND p.active
					ORDER BY d.person_id, d.messages_at DESC
				) latest
				WHERE messages_at > now() - $4 * interval '1 millisecond'`,
				d.chain, bid, int(bot.PriorityCampaign), editWindow.Milliseconds()); err != nil {
				return fmt.Errorf("planning expiry edits: %w", err)
			}
			if _, err := tx.Exec(ctx, `
				UPDATE broadcasts SET recipients = (SELECT count(*) FROM deliveries WHERE broadcast_id = $1) WHERE id = $1`, bid); err != nil {
				return fmt.Errorf("counting expiry edits: %w", err)
			}
			if _, err := tx.Exec(ctx, `UPDATE alerts SET expiry_planned_at = now() WHERE id = $1`, d.id); err != nil {
				return fmt.Errorf("marking expiry planned: %w", err)
			}
			planned++
		}
		if planned > 0 {
			_, err = tx.Exec(ctx, `SELECT pg_notify($1, 'expiry')`, DeliveriesChannel)
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("planning expiries: %w", err)
	}
	return planned, nil
}

// PlanAlert chooses the recipients of one published alert version, in one
// transaction, and reports whether it did (false: another replica planned
// it first, or it is not published).
//
// A new alert goes to everyone its audience selects. An update or a cancel
// settles what earlier versions still had pending (superseded), and:
//   - people who have an earlier version get its messages edited in place
//     while they are younger than editWindow, with a follow-up when the
//     severity rose or the alert was withdrawn; past the window they get
//     the follow-up alone, and nothing when there is none to send;
//   - an update also goes, as new messages, to people its audience selects
//     who have no earlier version (new regions, or whose version was still
//     pending). A cancel reaches no one new.
func (s *BroadcastStore) PlanAlert(ctx context.Context, id alerts.AlertID) (bool, error) {
	planned := false
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		var (
			chainID   int64
			msgType   string
			severity  string
			status    string
			plannedAt *time.Time
			body      []byte
			replaced  *string // severity of the version it replaces
		)
		err := tx.QueryRow(ctx, `
			SELECT a.chain_id, a.msg_type, a.severity, a.status, a.planned_at, a.body, r.severity
			FROM alerts a LEFT JOIN alerts r ON r.id = a.replaces
			WHERE a.id = $1 FOR UPDATE OF a`, int64(id)).
			Scan(&chainID, &msgType, &severity, &status, &plannedAt, &body, &replaced)
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && (plannedAt != nil || status != "published")) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("loading alert: %w", err)
		}
		var a alerts.Alert
		if err := json.Unmarshal(body, &a); err != nil {
			return fmt.Errorf("reading alert %d: %w", id, err)
		}
		// The stored row is authoritative for what the planner keys on.
		if err := a.Severity.UnmarshalText([]byte(severity)); err != nil {
			return fmt.Errorf("reading alert %d: %w", id, err)
		}
		aud := s.audience(&a)

		var bid int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO broadcasts (kind, alert_id, priority) VALUES ('alert', $1, $2) RETURNING id`,
			int64(id), int(bot.PriorityAlert)).Scan(&bid); err != nil {
			return fmt.Errorf("creating broadcast: %w", err)
		}

		if msgType != "alert" {
			var prev alerts.Severity
			if replaced != nil {
				_ = prev.UnmarshalText([]byte(*replaced))
			}
			notify := msgType == "cancel" || a.Severity > prev
			if _, err := tx.Exec(ctx, `
				UPDATE deliveries SET state = 4, sent_at = now()
				WHERE state = 0 AND broadcast_id IN (
					SELECT b.id FROM broadcasts b JOIN alerts x ON x.id = b.alert_id
					WHERE x.chain_id = $1 AND b.id <> $2)`, chainID, bid); err != nil {
				return fmt.Errorf("superseding pending deliveries: %w", err)
			}
			// Everyone who has a version, by their latest delivery of it.
			if _, err := tx.Exec(ctx, `
				INSERT INTO deliveries (broadcast_id, person_id, priority, action, message_ids, messages_at)
				SELECT $2, person_id, $3,
					CASE WHEN messages_at > now() - $4 * interval '1 millisecond'
						THEN CASE WHEN $5 THEN 2 ELSE 1 END ELSE 3 END,
					message_ids, messages_at
				FROM (
					SELECT DISTINCT ON (d.person_id) d.person_id, d.message_ids, d.messages_at
					FROM deliveries d
					JOIN broadcasts b ON b.id = d.broadcast_id
					JOIN alerts x ON x.id = b.alert_id
					JOIN people p ON p.id = d.person_id
					WHERE x.chain_id = $1 AND b.id <> $2 AND d.state = 1
						AND cardinality(d.message_ids) > 0 AND p.active
					ORDER BY d.person_id, d.messages_at DESC
				) latest
				WHERE messages_at > now() - $4 * interval '1 millisecond' OR $5`,
				chainID, bid, int(bot.PriorityAlert), editWindow.Milliseconds(), notify); err != nil {
				return fmt.Errorf("planning edits: %w", err)
			}
		}
		if msgType != "cancel" {
			// New recipients; ON CONFLICT keeps the edits planned above, and
			// the NOT EXISTS spares people who had an earlier version.
			if _, err := tx.Exec(ctx, `
				INSERT INTO deliveries (broadcast_id, person_id, priority, action)
				SELECT $1, p.id, $2, 0 FROM people p
				WHERE p.active AND NOT p.broadcasts_stopped AND p.onboarded_at IS NOT NULL
					AND p.regions && $3::text[]
					AND ($4 OR p.substance_groups && $5::text[])
					AND NOT EXISTS (
						SELECT 1 FROM deliveries d
						JOIN broadcasts b ON b.id = d.broadcast_id
						JOIN alerts x ON x.id = b.alert_id
						WHERE d.person_id = p.id AND x.chain_id = $6 AND b.id <> $1 AND d.state = 1)
				ON CONFLICT DO NOTHING`,
				bid, int(bot.PriorityAlert), aud.Regions, aud.Everyone, aud.Groups, chainID); err != nil {
				return fmt.Errorf("planning recipients: %w", err)
			}
		}
		var recipients int
		if err := tx.QueryRow(ctx, `
			UPDATE broadcasts SET recipients = (SELECT count(*) FROM deliveries WHERE broadcast_id = $1)
			WHERE id = $1 RETURNING recipients`, bid).Scan(&recipients); err != nil {
			return fmt.Errorf("counting recipients: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE alerts SET planned_at = now() WHERE id = $1`, int64(id)); err != nil {
			return fmt.Errorf("marking alert planned: %w", err)
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO alert_audit (alert_id, actor, action, note) VALUES ($1, 'system', 'planned', $2)`,
			int64(id), fmt.Sprintf("%d recipients", recipients)); err != nil {
			return fmt.Errorf("auditing plan: %w", err)
		}
		if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, DeliveriesChannel, fmt.Sprint(bid)); err != nil {
			return fmt.Errorf("announcing deliveries: %w", err)
		}
		planned = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("planning alert %d: %w", id, err)
	}
	return planned, nil
}

// DeliveryStats says how far the delivery of an alert version has got.
// An alert not planned yet has zero stats.
func (s *BroadcastStore) DeliveryStats(ctx context.Context, id alerts.AlertID) (alerts.DeliveryStats, error) {
	var (
		st                    alerts.DeliveryStats
		first, last, p50, p95 *float64
	)
	err := s.db.pool.QueryRow(ctx, `
		SELECT b.recipients,
			count(*) FILTER (WHERE d.state = 1),
			count(*) FILTER (WHERE d.state = 2),
			count(*) FILTER (WHERE d.state = 3),
			count(*) FILTER (WHERE d.state = 0),
			count(*) FILTER (WHERE d.state = 4),
			count(*) FILTER (WHERE d.state = 5),
			extract(epoch FROM min(d.sent_at - b.created_at) FILTER (WHERE d.state = 1)),
			extract(epoch FROM max(d.sent_at - b.created_at) FILTER (WHERE d.state = 1)),
			percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.sent_at - b.created_at)) FILTER (WHERE d.state = 1),
			percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM d.sent_at - b.created_at)) FILTER (WHERE d.state = 1)
		FROM broadcasts b LEFT JOIN deliveries d ON d.broadcast_id = b.id
		WHERE b.alert_id = $1 AND b.kind = 'alert'
		GROUP BY b.id`, int64(id)).Scan(&st.Recipients, &st.Sent, &st.Failed, &st.Blocked, &st.Pending,
		&st.Superseded, &st.Skipped, &first, &last, &p50, &p95)
	if errors.Is(err, pgx.ErrNoRows) {
		return alerts.DeliveryStats{}, nil
	}
	if err != nil {
		return st, fmt.Errorf("loading delivery stats: %w", err)
	}
	seconds := func(f *float64) time.Duration {
		if f == nil {
			return 0
		}
		return time.Duration(*f * float64(time.Second))
	}
	st.FirstDelivery, st.LastDelivery, st.P50, st.P95 = seconds(first), seconds(last), seconds(p50), seconds(p95)
	return st, nil
}

// Listen calls onAlert when an alert is published and onDeliveries when
// deliveries are planned, by any replica, until ctx ends. It holds one
// connection of its own and reconnects when it is lost; the engines' polls
// cover the notifications missed meanwhile.
func (db *DB) Listen(ctx context.Context, onAlert, onDeliveries func()) {
	delay := 250 * time.Millisecond
	for ctx.Err() == nil {
		err := db.listen(ctx, onAlert, onDeliveries)
		if ctx.Err() != nil {
			return
		}
		db.log.Warn("listening for notifications, reconnecting", "err", err, "delay", delay.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(delay):
		}
		delay = nextDelay(delay)
	}
}

func (db *DB) listen(ctx context.Context, onAlert, onDeliveries func()) error {
	pooled, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// The connection ends in LISTEN state: take it out of the pool for good.
	conn := pooled.Hijack()
	defer conn.Close(context.Background())
	for _, ch := range []string{AlertsChannel, DeliveriesChannel} {
		if _, err := conn.Exec(ctx, "LISTEN "+ch); err != nil {
			return err
		}
	}
	// Anything published while we were not listening is planned now.
	onAlert()
	onDeliveries()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		switch n.Channel {
		case AlertsChannel:
			onAlert()
		case DeliveriesChannel:
			onDeliveries()
		}
	}
}
