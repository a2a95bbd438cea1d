package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/privacy"
)

// PeopleStore reads and writes people's profiles. Chat ids go in encrypted and
// are looked up by their keyed hash; they never reach the database in clear.
type PeopleStore struct {
	db     *DB
	sealer *privacy.Sealer
}

// NewPeopleStore returns a store on db that seals chat ids with sealer.
func NewPeopleStore(db *DB, sealer *privacy.Sealer) *PeopleStore {
	return &PeopleStore{db: db, sealer: sealer}
}

// personColumns are read by scanPerson, in this order.
const personColumns = `id, lang, consented_at, regions, substance_groups, onboarded_at,
	delete_after_hours, quiet_nights, broadcasts_stopped, active, campaigns_muted`

func scanPerson(row pgx.Row) (*people.Person, error) {
	var p people.Person
	err := row.Scan(&p.ID, &p.Lang, &p.ConsentedAt, &p.Regions, &p.SubstanceGroups, &p.OnboardedAt,
		&p.Discreet.DeleteAfterHours, &p.Discreet.QuietNights, &p.BroadcastsStopped, &p.Active, &p.CampaignsMuted)
	if err != nil {
		return nil, err
	}
	// An empty array reads back as nil, like a Person that never had one.
	if len(p.Regions) == 0 {
		p.Regions = nil
	}
	if len(p.SubstanceGroups) == 0 {
		p.SubstanceGroups = nil
	}
	return &p, nil
}

// GetPerson returns the person using chat, or people.ErrNotFound.
func (s *PeopleStore) GetPerson(ctx context.Context, chat people.ChatID) (*people.Person, error) {
	p, err := scanPerson(s.db.pool.QueryRow(ctx,
		`SELECT `+personColumns+` FROM people WHERE chat_hash = $1`, s.sealer.Hash(chat)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, people.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("loading person: %w", err)
	}
	return p, nil
}

// CreatePerson creates a person for chat with language lang (may be "") and
// returns it. If the chat already has a person, that person is returned
// unchanged, so two replicas handling a first message at once agree.
func (s *PeopleStore) CreatePerson(ctx context.Context, chat people.ChatID, lang string) (*people.Person, error) {
	sealed, err := s.sealer.Seal(chat)
	if err != nil {
		return nil, fmt.Errorf("creating person: %w", err)
	}
	hash := s.sealer.Hash(chat)
	// The insert and the lookup run as separate statements: a row committed
	// by a concurrent insert is invisible to the insert's own snapshot, but the
	// next statement sees it. Loop in case that row is forgotten in between.
	for range 3 {
		p, err := scanPerson(s.db.pool.QueryRow(ctx, `
			INSERT INTO people (chat_hash, chat_sealed, lang) VALUES ($1, $2, $3)
			ON CONFLICT (chat_hash) DO NOTHING
			RETURNING `+personColumns, hash, sealed, lang))
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return nil, fmt.Errorf("creating person: %w", err)
		}
		p, err = s.GetPerson(ctx, chat)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, people.ErrNotFound) {
			return nil, fmt.Errorf("creating person: %w", err)
		}
	}
	return nil, errors.New("creating person: the row kept disappearing")
}

// SavePerson writes the whole profile of p (found by p.ID) in one statement.
// It returns people.ErrNotFound when the person no longer exists.
func (s *PeopleStore) SavePerson(ctx context.Context, p *people.Person) error {
	if d := p.Discreet.DeleteAfterHours; d < 0 || d > people.MaxDeleteAfterHours {
		return fmt.Errorf("saving person: delete-after %d hours is outside 0..%d", d, people.MaxDeleteAfterHours)
	}
	tag, err := s.db.pool.Exec(ctx, `
		UPDATE people SET
			lang = $2, consented_at = $3, regions = $4, substance_groups = $5, onboarded_at = $6,
			delete_after_hours = $7, quiet_nights = $8, broadcasts_stopped = $9, active = $10,
			campaigns_muted = $11, updated_at = now()
		WHERE id = $1`,
		p.ID, p.Lang, p.ConsentedAt, nonNil(p.Regions), nonNil(p.SubstanceGroups), p.OnboardedAt,
		p.Discreet.DeleteAfterHours, p.Discreet.QuietNights, p.BroadcastsStopped, p.Active, p.CampaignsMuted)
	if err != nil {
		return fmt.Errorf("saving person: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return people.ErrNotFound
	}
	return nil
}

// SetActive marks the person using chat active or not (false while they block
// the bot). An unknown chat is not an error: there is nothing to mark.
func (s *PeopleStore) SetActive(ctx context.Context, chat people.ChatID, active bool) error {
	_, err := s.db.pool.Exec(ctx,
		`UPDATE people SET active = $2, updated_at = now() WHERE chat_hash = $1 AND active <> $2`,
		s.sealer.Hash(chat), active)
	if err != nil {
		return fmt.Errorf("setting person active: %w", err)
	}
	return nil
}

// ForgetPerson deletes the person and everything that refers to them, in one
// transaction, and says what was deleted. ConversationState is left false:
// conversation state lives in Redis and is the caller's to drop. Forgetting
// someone already gone deletes nothing and is not an error (Profile is false).
func (s *PeopleStore) ForgetPerson(ctx context.Context, id people.PersonID) (people.Forgotten, error) {
	var f people.Forgotten
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		// Counted before the cascade would remove them silently.
		tag, err := tx.Exec(ctx, `DELETE FROM scheduled_deletions WHERE person_id = $1`, id)
		if err != nil {
			return fmt.Errorf("deleting scheduled deletions: %w", err)
		}
		f.PendingDeletions = int(tag.RowsAffected())
		if tag, err = tx.Exec(ctx, `DELETE FROM members WHERE person_id = $1`, id); err != nil {
			return fmt.Errorf("deleting memberships: %w", err)
		}
		f.Memberships = int(tag.RowsAffected())
		if tag, err = tx.Exec(ctx, `DELETE FROM partner_members WHERE person_id = $1`, id); err != nil {
			return fmt.Errorf("deleting partner link: %w", err)
		}
		f.PartnerLink = tag.RowsAffected() > 0
		if tag, err = tx.Exec(ctx, `DELETE FROM training_progress WHERE person_id = $1`, id); err != nil {
			return fmt.Errorf("deleting training progress: %w", err)
		}
		f.TrainingModules = int(tag.RowsAffected())
		// Outreach shifts are the organisation's numbers: they stay, without
		// the link to the person or their note.
		if tag, err = tx.Exec(ctx, `UPDATE outreach_entries SET peer_hash = NULL, note = '' WHERE peer_hash = $1`,
			outreachPeerHash(s.sealer, id)); err != nil {
			return fmt.Errorf("unlinking outreach shifts: %w", err)
		}
		f.OutreachShifts = int(tag.RowsAffected())
		if f.Referrals, err = forgetReferrals(ctx, tx, id); err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `
			DELETE FROM people WHERE id = $1
			RETURNING cardinality(regions), cardinality(substance_groups)`, id).
			Scan(&f.Regions, &f.SubstanceGroups)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("deleting profile: %w", err)
		}
		f.Profile = true
		return nil
	})
	if err != nil {
		return people.Forgotten{}, fmt.Errorf("forgetting person: %w", err)
	}
	return f, nil
}

// nonNil stores a nil slice as an empty array: the columns are NOT NULL.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
