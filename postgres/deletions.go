package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/people"
)

// Deletion is a discreet-mode message deletion that is due.
type Deletion struct {
	ID        int64
	Chat      people.ChatID
	MessageID int
}

// ScheduleDeletion records that the bot's message messageID in chat must be
// deleted at at. Scheduling the same message again moves its time. An unknown
// chat is not an error: there is no one to delete messages for.
func (s *PeopleStore) ScheduleDeletion(ctx context.Context, chat people.ChatID, messageID int, at time.Time) error {
	_, err := s.db.pool.Exec(ctx, `
		INSERT INTO scheduled_deletions (person_id, message_id, delete_at)
		SELECT id, $2, $3 FROM people WHERE chat_hash = $1
		ON CONFLICT (person_id, message_id) DO UPDATE SET delete_at = EXCLUDED.delete_at`,
		s.sealer.Hash(chat), messageID, at)
	if err != nil {
		return fmt.Errorf("scheduling deletion: %w", err)
	}
	return nil
}

// DueDeletions claims up to limit deletions due at or before now, oldest
// first, and removes them from the schedule: each is returned once, to one
// caller, even with several replicas polling (rows locked by another caller
// are skipped, not waited for). Delivery is at most once: a caller that fails
// to delete the message does not get it again. If a chat cannot be decrypted
// (a different PEERBOT_SECRET) nothing is claimed and an error is returned.
func (s *PeopleStore) DueDeletions(ctx context.Context, now time.Time, limit int) ([]Deletion, error) {
	if limit <= 0 {
		return nil, fmt.Errorf("claiming due deletions: limit %d must be positive", limit)
	}
	var due []Deletion
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			WITH due AS (
				SELECT id FROM scheduled_deletions
				WHERE delete_at <= $1
				ORDER BY delete_at, id
				LIMIT $2
				FOR UPDATE SKIP LOCKED
			)
			DELETE FROM scheduled_deletions d USING due, people p
			WHERE d.id = due.id AND p.id = d.person_id
			RETURNING d.id, p.chat_sealed, d.message_id, d.delete_at`, now, limit)
		if err != nil {
			return err
		}
		type claimed struct {
			Deletion
			sealed []byte
			at     time.Time
		}
		var got []claimed
		for rows.Next() {
			var c claimed
			if err := rows.Scan(&c.ID, &c.sealed, &c.MessageID, &c.at); err != nil {
				rows.Close()
				return err
			}
			got = append(got, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		// DELETE ... RETURNING has no order of its own: restore oldest first.
		slices.SortFunc(got, func(a, b claimed) int {
			return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.ID, b.ID))
		})
		due = due[:0]
		for _, c := range got {
			c.Chat, err = s.sealer.Open(c.sealed)
			if err != nil {
				// Rolled back: the rows stay for a replica with the right secret.
				return fmt.Errorf("deletion %d: %w", c.ID, err)
			}
			due = append(due, c.Deletion)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claiming due deletions: %w", err)
	}
	return due, nil
}
