package postgres

import (
	"context"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
)

// traces counts, over every table in the schema, what still points at a
// person: rows whose text contains their chat hash or sealed chat id, and
// rows whose foreign keys reference their people row. Tables are read from
// the catalog, so tables added later are checked too.
func traces(t *testing.T, s *PeopleStore, id people.PersonID, hash, sealed []byte) map[string]int {
	t.Helper()
	ctx := testContext(t)
	found := map[string]int{}

	tables := queryStrings(t, ctx, s, `
		SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'goose_db_version'`)
	for _, table := range tables {
		var n int
		// bytea renders as \x followed by lowercase hex in a row's text.
		err := s.db.pool.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{table}.Sanitize()+` r
			WHERE strpos(r::text, $1) > 0 OR strpos(r::text, $2) > 0`,
			hex.EncodeToString(hash), hex.EncodeToString(sealed)).Scan(&n)
		if err != nil {
			t.Fatalf("searching %s: %v", table, err)
		}
		if n > 0 {
			found[table+" (chat)"] += n
		}
	}

	// Every single-column foreign key to people, plus people's own key.
	refs := queryStrings(t, ctx, s, `
		SELECT c.conrelid::regclass::text || '.' || a.attname
		FROM pg_constraint c
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
		WHERE c.contype = 'f' AND c.confrelid = 'people'::regclass AND cardinality(c.conkey) = 1
		UNION ALL SELECT 'people.id'`)
	for _, ref := range refs {
		table, column, _ := cut(ref)
		var n int
		err := s.db.pool.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{table}.Sanitize()+
			` WHERE `+pgx.Identifier{column}.Sanitize()+` = $1`, id).Scan(&n)
		if err != nil {
			t.Fatalf("searching %s: %v", ref, err)
		}
		if n > 0 {
			found[ref] += n
		}
	}
	return found
}

func cut(ref string) (table, column string, ok bool) {
	for i := len(ref) - 1; i >= 0; i-- {
		if ref[i] == '.' {
			return ref[:i], ref[i+1:], true
		}
	}
	return ref, "", false
}

func queryStrings(t *testing.T, ctx context.Context, s *PeopleStore, sql string) []string {
	t.Helper()
	rows, err := s.db.pool.Query(ctx, sql)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sealedOf reads a person's stored chat hash and sealed chat id.
func sealedOf(t *testing.T, s *PeopleStore, id people.PersonID) (hash, sealed []byte) {
	t.Helper()
	err := s.db.pool.QueryRow(testContext(t), `SELECT chat_hash, chat_sealed FROM people WHERE id = $1`, id).
		Scan(&hash, &sealed)
	if err != nil {
		t.Fatal(err)
	}
	return hash, sealed
}

func TestForgetPerson(t *testing.T) {
	tests := []struct {
		name      string
		regions   []string
		groups    []string
		deletions int
		orgs      int  // organisations the person is a member of
		partner   bool // composes alerts for a partner
		want      people.Forgotten
	}{
		{"bare profile", nil, nil, 0, 0, false, people.Forgotten{Profile: true}},
		{"everything", []string{"PT-11", "PT-13", "PT-15"}, []string{"opioids", "benzodiazepines"}, 4, 2, true,
			people.Forgotten{Profile: true, Regions: 3, SubstanceGroups: 2, PendingDeletions: 4, Memberships: 2, PartnerLink: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, s := newStore(t)
			ctx := testContext(t)
			const chat, other people.ChatID = 31337, 31338
			now := time.Now()

			// Someone else, who must be left alone.
			o, err := s.CreatePerson(ctx, other, "en")
			if err != nil {
				t.Fatal(err)
			}
			o.Regions = []string{"PT-11"}
			if err := s.SavePerson(ctx, o); err != nil {
				t.Fatal(err)
			}
			if err := s.ScheduleDeletion(ctx, other, 1, now); err != nil {
				t.Fatal(err)
			}

			p, err := s.CreatePerson(ctx, chat, "pt")
			if err != nil {
				t.Fatal(err)
			}
			p.Regions, p.SubstanceGroups = tt.regions, tt.groups
			p.ConsentedAt = &now
			if err := s.SavePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			for i := range tt.deletions {
				if err := s.ScheduleDeletion(ctx, chat, 100+i, now.Add(time.Hour)); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.CountSource(ctx, "poster_lisbon", now); err != nil {
				t.Fatal(err)
			}
			orgStore := NewOrgStore(s.db, s.sealer)
			for i := range tt.orgs {
				org := mustOrg(t, orgStore, orgs.Org{Name: fmt.Sprintf("Org %d", i)})
				for _, id := range []people.PersonID{p.ID, o.ID} {
					if _, err := orgStore.Redeem(ctx, mustInvite(t, orgStore, org.ID, orgs.RolePeer, 1), id); err != nil {
						t.Fatal(err)
					}
				}
			}
			if tt.partner {
				partners := NewPartnerStore(s.db)
				if _, err := partners.AddPartner(ctx, &alerts.Partner{Name: "Lisbon Lab", Regions: []string{"PT-11"}}); err != nil {
					t.Fatal(err)
				}
				members := NewPartnerMemberStore(s.db, s.sealer)
				for _, id := range []people.PersonID{p.ID, o.ID} {
					_, code, err := members.CreatePartnerCode(ctx, "Lisbon Lab")
					if err != nil {
						t.Fatal(err)
					}
					if _, _, err := members.LinkPartner(ctx, code, id); err != nil {
						t.Fatal(err)
					}
				}
			}
			hash, sealed := sealedOf(t, s, p.ID)
			// The search must see the person before, or its silence after means nothing.
			before := traces(t, s, p.ID, hash, sealed)
			if before["people (chat)"] != 1 || before["people.id"] != 1 ||
				before["scheduled_deletions.person_id"] != tt.deletions || before["members.person_id"] != tt.orgs ||
				(before["partner_members.person_id"] == 1) != tt.partner {
				t.Fatalf("traces before forgetting = %v", before)
			}

			got, err := s.ForgetPerson(ctx, p.ID)
			if err != nil {
				t.Fatalf("ForgetPerson: %v", err)
			}
			if got != tt.want {
				t.Errorf("ForgetPerson = %+v, want %+v", got, tt.want)
			}
			if left := traces(t, s, p.ID, hash, sealed); len(left) > 0 {
				t.Errorf("traces left after forgetting: %v", left)
			}
			if _, err := s.GetPerson(ctx, chat); err == nil {
				t.Error("GetPerson still finds the person")
			}

			// The other person and the anonymous counts are untouched.
			if _, err := s.GetPerson(ctx, other); err != nil {
				t.Errorf("other person: %v", err)
			}
			oHash, oSealed := sealedOf(t, s, o.ID)
			if n := len(traces(t, s, o.ID, oHash, oSealed)); n == 0 {
				t.Error("the other person's data was removed too")
			}
			counts, err := s.SourceCounts(ctx, now, now)
			if err != nil || counts["poster_lisbon"] != 1 {
				t.Errorf("attribution after forget = %v, %v", counts, err)
			}

			// Forgetting again deletes nothing and is not an error.
			again, err := s.ForgetPerson(ctx, p.ID)
			if err != nil || again != (people.Forgotten{}) {
				t.Errorf("second ForgetPerson = %+v, %v", again, err)
			}
		})
	}
}
