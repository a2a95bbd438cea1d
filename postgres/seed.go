package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/people"
)

// SeedPeople creates onboarded, consenting people for chats in one COPY,
// all with the same language, regions and substance groups. It is for
// benchmarks and the demo, which need many people fast; the bot creates
// people one by one through onboarding.
func (s *PeopleStore) SeedPeople(ctx context.Context, chats []people.ChatID, lang string, regions, groups []string) error {
	now := time.Now()
	rows := make([][]any, len(chats))
	for i, chat := range chats {
		sealed, err := s.sealer.Seal(chat)
		if err != nil {
			return fmt.Errorf("seeding people: %w", err)
		}
		rows[i] = []any{s.sealer.Hash(chat), sealed, lang, now, regions, groups, now}
	}
	_, err := s.db.pool.CopyFrom(ctx, pgx.Identifier{"people"},
		[]string{"chat_hash", "chat_sealed", "lang", "consented_at", "regions", "substance_groups", "onboarded_at"},
		pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("seeding %d people: %w", len(chats), err)
	}
	return nil
}
