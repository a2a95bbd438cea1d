package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/privacy"
	"github.com/peerbot/peerbot/referral"
)

// ReferralStore keeps the routing rules, the peer-worker conversations
// (with sealed chats, deleted by /forget and after retention) and the
// anonymous statistics.
type ReferralStore struct {
	db     *DB
	sealer *privacy.Sealer
}

// NewReferralStore returns a referral store on db.
func NewReferralStore(db *DB, sealer *privacy.Sealer) *ReferralStore {
	return &ReferralStore{db: db, sealer: sealer}
}

// AddRule adds or replaces the rule for its region, need and fallback.
func (s *ReferralStore) AddRule(ctx context.Context, r referral.Rule) (referral.Rule, error) {
	if r.Fallback {
		r.Region, r.Need = "", ""
	}
	err := s.db.pool.QueryRow(ctx, `
		INSERT INTO referral_rules (region, need, org_id, fallback) VALUES ($1, $2, $3, $4)
		ON CONFLICT (region, need, fallback) DO UPDATE SET org_id = $3
		RETURNING id`, r.Region, string(r.Need), r.Org, r.Fallback).Scan(&r.ID)
	if isForeignKeyViolation(err) {
		return r, orgs.ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("adding referral rule: %w", err)
	}
	return r, nil
}

// Rules lists every rule.
func (s *ReferralStore) Rules(ctx context.Context) ([]referral.Rule, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT id, region, need, org_id, fallback FROM referral_rules ORDER BY fallback, region, need`)
	if err != nil {
		return nil, fmt.Errorf("listing referral rules: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (referral.Rule, error) {
		var r referral.Rule
		var need string
		err := row.Scan(&r.ID, &r.Region, &need, &r.Org, &r.Fallback)
		r.Need = referral.Need(need)
		return r, err
	})
}

// DeleteRule deletes a rule; false when there was none.
func (s *ReferralStore) DeleteRule(ctx context.Context, id int64) (bool, error) {
	tag, err := s.db.pool.Exec(ctx, `DELETE FROM referral_rules WHERE id = $1`, id)
	if err != nil {
		return false, fmt.Errorf("deleting referral rule: %w", err)
	}
	return tag.RowsAffected() > 0, nil
}

// conversationColumns are read by scanConversation.
const conversationColumns = `id, person_id, person_sealed, coalesce(worker_id, 0), worker_sealed, worker_alias,
	org_id, need, region, lang, state, escalated, reminded, created_at, routed_at, coalesce(claimed_at, created_at)`

func (s *ReferralStore) scanConversation(row pgx.Row) (referral.Conversation, error) {
	var c referral.Conversation
	var personSealed, workerSealed []byte
	var need, state string
	err := row.Scan(&c.ID, &c.Person, &personSealed, &c.Worker, &workerSealed, &c.WorkerAlias,
		&c.Org, &need, &c.Region, &c.Lang, &state, &c.Escalated, &c.Reminded, &c.CreatedAt, &c.RoutedAt, &c.ClaimedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, referral.ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("reading conversation: %w", err)
	}
	c.Need, c.State = referral.Need(need), referral.ConversationState(state)
	if c.PersonChat, err = s.sealer.Open(personSealed); err != nil {
		return c, fmt.Errorf("opening conversation %d: %w", c.ID, err)
	}
	if workerSealed != nil {
		if c.WorkerChat, err = s.sealer.Open(workerSealed); err != nil {
			return c, fmt.Errorf("opening conversation %d: %w", c.ID, err)
		}
	}
	return c, nil
}

// Pseudonym is the short name workers see for the person of a
// conversation, derived from its id with the deployment secret.
func (s *ReferralStore) Pseudonym(id referral.ConversationID) string {
	return referral.Pseudonym(s.sealer.Keyed("referral pseudonym", strconv.FormatInt(int64(id), 10)))
}

// OpenConversation records a new request from the person using chat, and
// its anonymous statistics row. It fails with referral.ErrOpenAlready when
// they have one open.
func (s *ReferralStore) OpenConversation(ctx context.Context, c referral.Conversation) (referral.Conversation, error) {
	sealed, err := s.sealer.Seal(c.PersonChat)
	if err != nil {
		return c, fmt.Errorf("opening conversation: %w", err)
	}
	err = pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		// One open conversation per person: lock their row so two taps
		// cannot open two.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM people WHERE id = $1 FOR UPDATE`, c.Person); err != nil {
			return err
		}
		var open bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM referral_conversations WHERE person_id = $1 AND state <> 'closed')`,
			c.Person).Scan(&open); err != nil {
			return err
		}
		if open {
			return referral.ErrOpenAlready
		}
		var statID int64
		if err := tx.QueryRow(ctx, `INSERT INTO referral_stats (day, org_id, need, region) VALUES ((now() AT TIME ZONE 'UTC')::date, $1, $2, $3) RETURNING id`,
			c.Org, string(c.Need), c.Region).Scan(&statID); err != nil {
			return err
		}
		var err error
		c, err = s.scanConversation(tx.QueryRow(ctx, `
			INSERT INTO referral_conversations (person_id, person_sealed, org_id, need, region, lang, stat_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING `+conversationColumns,
			c.Person, sealed, c.Org, string(c.Need), c.Region, c.Lang, statID))
		return err
	})
	if errors.Is(err, referral.ErrOpenAlready) {
		return c, err
	}
	if err != nil {
		return c, fmt.Errorf("opening conversation: %w", err)
	}
	return c, nil
}

// Conversation returns a conversation by id.
func (s *ReferralStore) Conversation(ctx context.Context, id referral.ConversationID) (referral.Conversation, error) {
	return s.scanConversation(s.db.pool.QueryRow(ctx, `SELECT `+conversationColumns+` FROM referral_conversations WHERE id = $1`, id))
}

// Active returns the open conversation of the person using chat: the one
// they asked for (worker false), else the one they claimed most recently
// as a worker. referral.ErrNotFound when there is none.
func (s *ReferralStore) Active(ctx context.Context, chat people.ChatID) (c referral.Conversation, worker bool, err error) {
	c, err = s.scanConversation(s.db.pool.QueryRow(ctx, `
		SELECT `+conversationColumns+` FROM referral_conversations
		WHERE person_id = (SELECT id FROM people WHERE chat_hash = $1) AND state <> 'closed'`, s.sealer.Hash(chat)))
	if !errors.Is(err, referral.ErrNotFound) {
		return c, false, err
	}
	c, err = s.scanConversation(s.db.pool.QueryRow(ctx, `
		SELECT `+conversationColumns+` FROM referral_conversations
		WHERE worker_id = (SELECT id FROM people WHERE chat_hash = $1) AND state = 'claimed'
		ORDER BY claimed_at DESC LIMIT 1`, s.sealer.Hash(chat)))
	return c, true, err
}

// Claim gives a waiting conversation to the worker: the first claim wins
// (one UPDATE guarded by the state); later ones get referral.ErrTaken.
func (s *ReferralStore) Claim(ctx context.Context, id referral.ConversationID, worker people.PersonID, workerChat people.ChatID, alias string) (referral.Conversation, error) {
	sealed, err := s.sealer.Seal(workerChat)
	if err != nil {
		return referral.Conversation{}, fmt.Errorf("claiming conversation: %w", err)
	}
	var c referral.Conversation
	err = pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		var err error
		c, err = s.scanConversation(tx.QueryRow(ctx, `
			UPDATE referral_conversations SET state = 'claimed', worker_id = $2, worker_sealed = $3, worker_alias = $4, claimed_at = now()
			WHERE id = $1 AND state = 'waiting' AND person_id <> $2
			RETURNING `+conversationColumns, id, worker, sealed, alias))
		if errors.Is(err, referral.ErrNotFound) {
			return referral.ErrTaken
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			UPDATE referral_stats SET outcome = 'claimed', org_id = $2,
				claim_seconds = GREATEST(0, extract(epoch FROM now() - $3::timestamptz))::int
			WHERE id = (SELECT stat_id FROM referral_conversations WHERE id = $1)`, id, c.Org, c.CreatedAt)
		return err
	})
	if errors.Is(err, referral.ErrTaken) {
		return c, err
	}
	if err != nil {
		return c, fmt.Errorf("claiming conversation: %w", err)
	}
	return c, nil
}

// Close closes an open conversation; referral.ErrTaken when it was closed
// already.
func (s *ReferralStore) Close(ctx context.Context, id referral.ConversationID) (referral.Conversation, error) {
	var c referral.Conversation
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		var err error
		c, err = s.scanConversation(tx.QueryRow(ctx, `
			UPDATE referral_conversations SET state = 'closed', closed_at = now()
			WHERE id = $1 AND state <> 'closed'
			RETURNING `+conversationColumns, id))
		if errors.Is(err, referral.ErrNotFound) {
			return referral.ErrTaken
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `
			UPDATE referral_stats SET outcome = CASE WHEN claim_seconds IS NULL THEN 'withdrawn' ELSE 'closed' END
			WHERE id = (SELECT stat_id FROM referral_conversations WHERE id = $1)`, id)
		return err
	})
	if errors.Is(err, referral.ErrTaken) {
		return c, err
	}
	if err != nil {
		return c, fmt.Errorf("closing conversation: %w", err)
	}
	return c, nil
}

// Transfer hands a claimed conversation back to waiting, for org: the
// worker is cleared and the request is posted again.
func (s *ReferralStore) Transfer(ctx context.Context, id referral.ConversationID, org orgs.OrgID) (referral.Conversation, error) {
	c, err := s.scanConversation(s.db.pool.QueryRow(ctx, `
		UPDATE referral_conversations SET state = 'waiting', worker_id = NULL, worker_sealed = NULL, worker_alias = '',
			org_id = $2, routed_at = now(), reminded = false
		WHERE id = $1 AND state = 'claimed'
		RETURNING `+conversationColumns, id, org))
	if errors.Is(err, referral.ErrNotFound) {
		return c, referral.ErrTaken
	}
	if isForeignKeyViolation(err) {
		return c, orgs.ErrNotFound
	}
	if err != nil {
		return c, err
	}
	return c, s.moveStats(ctx, []int64{int64(id)}, org)
}

// remindAfter is how long the organisation of the row in referral_conversations
// lets a request wait before a reminder: its own setting, else $2 seconds.
const remindAfter = `coalesce((SELECT make_interval(mins => t.remind_minutes) FROM referral_org_timing t
	WHERE t.org_id = referral_conversations.org_id), make_interval(secs => $2))`

// DueReminders marks and returns the conversations, not yet reminded, that
// have waited unclaimed longer than their organisation's reminder time (def
// for organisations without one) as of now.
func (s *ReferralStore) DueReminders(ctx context.Context, now time.Time, def time.Duration) ([]referral.Conversation, error) {
	return s.conversations(ctx, `
		UPDATE referral_conversations SET reminded = true
		WHERE state = 'waiting' AND NOT reminded AND routed_at < $1::timestamptz - `+remindAfter+`
		RETURNING `+conversationColumns, now, def.Seconds())
}

// Escalate moves the conversations, not escalated yet, that have waited
// unclaimed twice their organisation's reminder time (def for those without
// one) as of now, to the fallback organisation, and returns them.
func (s *ReferralStore) Escalate(ctx context.Context, now time.Time, def time.Duration, fallback orgs.OrgID) ([]referral.Conversation, error) {
	moved, err := s.conversations(ctx, `
		UPDATE referral_conversations SET escalated = true, org_id = $3, routed_at = now(), reminded = false
		WHERE state = 'waiting' AND NOT escalated AND routed_at < $1::timestamptz - 2 * `+remindAfter+` AND org_id <> $3
		RETURNING `+conversationColumns, now, def.Seconds(), fallback)
	if err != nil || len(moved) == 0 {
		return moved, err
	}
	ids := make([]int64, len(moved))
	for i, c := range moved {
		ids[i] = int64(c.ID)
	}
	// The statistics count a request for whoever holds it now.
	// Moved they are, even if the statistics lag: the caller posts them.
	return moved, s.moveStats(ctx, ids, fallback)
}

// SetRemindAfter sets how long the organisation's requests wait unclaimed
// before a reminder; zero goes back to the default.
func (s *ReferralStore) SetRemindAfter(ctx context.Context, org orgs.OrgID, d time.Duration) error {
	var err error
	if d <= 0 {
		_, err = s.db.pool.Exec(ctx, `DELETE FROM referral_org_timing WHERE org_id = $1`, org)
	} else {
		_, err = s.db.pool.Exec(ctx, `
			INSERT INTO referral_org_timing (org_id, remind_minutes) VALUES ($1, $2)
			ON CONFLICT (org_id) DO UPDATE SET remind_minutes = excluded.remind_minutes`, org, int(d.Minutes()))
	}
	if err != nil {
		return fmt.Errorf("setting reminder time: %w", err)
	}
	return nil
}

func (s *ReferralStore) moveStats(ctx context.Context, conversations []int64, org orgs.OrgID) error {
	_, err := s.db.pool.Exec(ctx, `
		UPDATE referral_stats SET org_id = $2
		WHERE id IN (SELECT stat_id FROM referral_conversations WHERE id = ANY($1))`, conversations, org)
	if err != nil {
		return fmt.Errorf("moving referral stats: %w", err)
	}
	return nil
}

// DueFollowUps marks and returns conversations that a worker had, closed
// before the time given, whose person has not been asked the follow-up
// question yet.
func (s *ReferralStore) DueFollowUps(ctx context.Context, closedBefore time.Time) ([]referral.Conversation, error) {
	return s.conversations(ctx, `
		UPDATE referral_conversations SET followup_sent = true
		WHERE state = 'closed' AND NOT followup_sent AND claimed_at IS NOT NULL AND closed_at < $1
		RETURNING `+conversationColumns, closedBefore)
}

// Purge deletes conversations closed before the time given, with their
// sealed chats, and returns how many.
func (s *ReferralStore) Purge(ctx context.Context, closedBefore time.Time) (int, error) {
	tag, err := s.db.pool.Exec(ctx, `DELETE FROM referral_conversations WHERE state = 'closed' AND closed_at < $1`, closedBefore)
	if err != nil {
		return 0, fmt.Errorf("purging conversations: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

func (s *ReferralStore) conversations(ctx context.Context, sql string, args ...any) ([]referral.Conversation, error) {
	rows, err := s.db.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("loading conversations: %w", err)
	}
	defer rows.Close()
	var out []referral.Conversation
	for rows.Next() {
		c, err := s.scanConversation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("loading conversations: %w", err)
	}
	return out, nil
}

// RecordFollowUp counts one answer to the follow-up question, on today's
// row: nothing links it to the person.
func (s *ReferralStore) RecordFollowUp(ctx context.Context, org orgs.OrgID, need referral.Need, answer referral.Outcome) error {
	_, err := s.db.pool.Exec(ctx, `
		INSERT INTO referral_followups (day, org_id, need, answer, answers)
		VALUES ((now() AT TIME ZONE 'UTC')::date, NULLIF($1, 0), $2, $3, 1)
		ON CONFLICT (day, org_id, need, answer) DO UPDATE SET answers = referral_followups.answers + 1`,
		int64(org), string(need), string(answer))
	if err != nil {
		return fmt.Errorf("recording follow-up answer: %w", err)
	}
	return nil
}

// Stats sums up an organisation's requests since the day given.
func (s *ReferralStore) Stats(ctx context.Context, org orgs.OrgID, since time.Time) (referral.Stats, error) {
	rows, err := s.db.pool.Query(ctx, `
		SELECT day, need, region, outcome, coalesce(claim_seconds, -1) FROM referral_stats
		WHERE org_id = $1 AND day >= $2::date`, org, since.UTC().Format(time.DateOnly))
	if err != nil {
		return referral.Stats{}, fmt.Errorf("loading referral stats: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (referral.StatsRow, error) {
		var r referral.StatsRow
		var need string
		err := row.Scan(&r.Day, &need, &r.Region, &r.Outcome, &r.ClaimSeconds)
		r.Need = referral.Need(need)
		return r, err
	})
	if err != nil {
		return referral.Stats{}, fmt.Errorf("loading referral stats: %w", err)
	}
	fu := map[referral.Outcome]int{}
	frows, err := s.db.pool.Query(ctx, `
		SELECT answer, sum(answers)::int FROM referral_followups WHERE org_id = $1 AND day >= $2::date GROUP BY answer`,
		org, since.UTC().Format(time.DateOnly))
	if err != nil {
		return referral.Stats{}, fmt.Errorf("loading follow-up answers: %w", err)
	}
	defer frows.Close()
	for frows.Next() {
		var a string
		var n int
		if err := frows.Scan(&a, &n); err != nil {
			return referral.Stats{}, fmt.Errorf("loading follow-up answers: %w", err)
		}
		fu[referral.Outcome(a)] = n
	}
	if err := frows.Err(); err != nil {
		return referral.Stats{}, fmt.Errorf("loading follow-up answers: %w", err)
	}
	return referral.Summarize(list, fu), nil
}

// forgetReferrals deletes the person's own conversations and takes them
// off those they had as a worker (closing the open ones: nobody is left to
// relay to). It returns how many conversations were touched.
func forgetReferrals(ctx context.Context, tx pgx.Tx, id people.PersonID) (int, error) {
	tag, err := tx.Exec(ctx, `DELETE FROM referral_conversations WHERE person_id = $1`, id)
	if err != nil {
		return 0, fmt.Errorf("deleting referral conversations: %w", err)
	}
	n := int(tag.RowsAffected())
	tag, err = tx.Exec(ctx, `
		UPDATE referral_conversations SET worker_id = NULL, worker_sealed = NULL, worker_alias = '',
			state = 'closed', closed_at = coalesce(closed_at, now())
		WHERE worker_id = $1`, id)
	if err != nil {
		return 0, fmt.Errorf("leaving referral conversations: %w", err)
	}
	return n + int(tag.RowsAffected()), nil
}

// SetAlias sets the name the person sees for the worker of a claimed
// conversation.
func (s *ReferralStore) SetAlias(ctx context.Context, id referral.ConversationID, alias string) error {
	tag, err := s.db.pool.Exec(ctx, `UPDATE referral_conversations SET worker_alias = $2 WHERE id = $1 AND state = 'claimed'`, id, alias)
	if err != nil {
		return fmt.Errorf("setting worker alias: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return referral.ErrNotFound
	}
	return nil
}

// SetOrgHours replaces the hours when an organisation's peer workers
// answer; none clears them.
func (s *ReferralStore) SetOrgHours(ctx context.Context, org orgs.OrgID, week referral.Week, zone string) error {
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM referral_hours WHERE org_id = $1`, org); err != nil {
			return err
		}
		for _, h := range week {
			if _, err := tx.Exec(ctx, `INSERT INTO referral_hours (org_id, byday, opens_at, closes_at, time_zone) VALUES ($1, $2, $3, $4, $5)`,
				org, h.ByDay(), h.Opens.String(), h.Closes.String(), zone); err != nil {
				return err
			}
		}
		return nil
	})
	if isForeignKeyViolation(err) {
		return orgs.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("setting answering hours: %w", err)
	}
	return nil
}

// OrgHours returns when an organisation's peer workers answer, and the
// time zone of those hours; an empty week when none were set.
func (s *ReferralStore) OrgHours(ctx context.Context, org orgs.OrgID) (referral.Week, string, error) {
	rows, err := s.db.pool.Query(ctx, `SELECT byday, opens_at, closes_at, time_zone FROM referral_hours WHERE org_id = $1 ORDER BY id`, org)
	if err != nil {
		return nil, "", fmt.Errorf("loading answering hours: %w", err)
	}
	defer rows.Close()
	var week referral.Week
	zone := ""
	for rows.Next() {
		var byday, opens, closes string
		if err := rows.Scan(&byday, &opens, &closes, &zone); err != nil {
			return nil, "", fmt.Errorf("loading answering hours: %w", err)
		}
		h, err := referral.ParseHours("WEEKLY", byday, opens, closes)
		if err != nil {
			return nil, "", fmt.Errorf("answering hours of organisation %d: %w", org, err)
		}
		week = append(week, h)
	}
	return week, zone, rows.Err()
}

// Abandon closes requests that waited unclaimed since before (escalation
// included), so that nothing is kept for longer than the retention; their
// statistics say withdrawn. It returns how many.
func (s *ReferralStore) Abandon(ctx context.Context, before time.Time) (int, error) {
	var n int
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			UPDATE referral_conversations SET state = 'closed', closed_at = now()
			WHERE state = 'waiting' AND routed_at < $1
			RETURNING stat_id`, before)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		n = len(ids)
		_, err = tx.Exec(ctx, `UPDATE referral_stats SET outcome = 'withdrawn' WHERE id = ANY($1)`, ids)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("closing abandoned requests: %w", err)
	}
	return n, nil
}
