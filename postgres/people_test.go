package postgres

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/peerbot/peerbot/people"
)

// at returns a timestamp PostgreSQL stores exactly (microseconds).
func at(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// samePerson compares profiles, timestamps by instant.
func samePerson(t *testing.T, got, want *people.Person) {
	t.Helper()
	g, w := *got, *want
	timeEq := func(name string, a, b *time.Time) {
		if (a == nil) != (b == nil) || (a != nil && !a.Equal(*b)) {
			t.Errorf("%s = %v, want %v", name, a, b)
		}
	}
	timeEq("ConsentedAt", g.ConsentedAt, w.ConsentedAt)
	timeEq("OnboardedAt", g.OnboardedAt, w.OnboardedAt)
	g.ConsentedAt, w.ConsentedAt, g.OnboardedAt, w.OnboardedAt = nil, nil, nil, nil
	if !reflect.DeepEqual(g, w) {
		t.Errorf("person = %+v, want %+v", g, w)
	}
}

func TestCreateGetSave(t *testing.T) {
	_, s := newStore(t)
	ctx := testContext(t)
	tests := []struct {
		name string
		chat people.ChatID
		lang string
		edit func(p *people.Person)
	}{
		{"new person untouched", 1001, "", func(*people.Person) {}},
		{"onboarded with everything", -1002003004005, "uk", func(p *people.Person) {
			p.Lang = "ru"
			p.ConsentedAt = at("2025-03-01T10:00:00Z")
			p.OnboardedAt = at("2025-03-01T10:05:30.123456Z")
			p.Regions = []string{"UA-30", "UA-46"}
			p.SubstanceGroups = []string{"opioids", "stimulants"}
			p.Discreet = people.Discreet{DeleteAfterHours: people.MaxDeleteAfterHours, QuietNights: true}
			p.BroadcastsStopped = true
			p.CampaignsMuted = true
			p.Active = false
		}},
		{"empty lists and zero settings", 1003, "en", func(p *people.Person) {
			p.Regions = []string{}
			p.SubstanceGroups = nil
			p.Discreet.DeleteAfterHours = 0
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			created, err := s.CreatePerson(ctx, tt.chat, tt.lang)
			if err != nil {
				t.Fatalf("CreatePerson: %v", err)
			}
			if created.ID == 0 || created.Lang != tt.lang || !created.Active || created.Consented() || created.Onboarded() {
				t.Errorf("new person = %+v", created)
			}
			want := *created
			tt.edit(&want)
			if err := s.SavePerson(ctx, &want); err != nil {
				t.Fatalf("SavePerson: %v", err)
			}
			got, err := s.GetPerson(ctx, tt.chat)
			if err != nil {
				t.Fatalf("GetPerson: %v", err)
			}
			if len(want.Regions) == 0 {
				want.Regions = nil // empty reads back as nil
			}
			samePerson(t, got, &want)
		})
	}
}

func TestGetPersonUnknown(t *testing.T) {
	_, s := newStore(t)
	if _, err := s.CreatePerson(testContext(t), 1, "en"); err != nil {
		t.Fatal(err)
	}
	_, err := s.GetPerson(testContext(t), 2)
	if !errors.Is(err, people.ErrNotFound) {
		t.Fatalf("GetPerson(unknown) error = %v, want people.ErrNotFound", err)
	}
}

func TestCreatePersonIdempotent(t *testing.T) {
	_, s := newStore(t)
	ctx := testContext(t)
	first, err := s.CreatePerson(ctx, 77, "de")
	if err != nil {
		t.Fatal(err)
	}
	first.Regions = []string{"DE-BE"}
	if err := s.SavePerson(ctx, first); err != nil {
		t.Fatal(err)
	}
	// A second create, even with another language, returns the existing row.
	again, err := s.CreatePerson(ctx, 77, "fr")
	if err != nil {
		t.Fatal(err)
	}
	samePerson(t, again, first)

	// Many replicas creating the same new person at once all get one row.
	const n = 8
	ids := make([]people.PersonID, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			p, err := s.CreatePerson(ctx, 78, "en")
			errs[i] = err
			if p != nil {
				ids[i] = p.ID
			}
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("concurrent CreatePerson: %v", errs[i])
		}
		if ids[i] != ids[0] {
			t.Errorf("concurrent creates gave ids %v", ids)
			break
		}
	}
	var rows int
	if err := s.db.pool.QueryRow(ctx, `SELECT count(*) FROM people`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 2 {
		t.Errorf("%d people rows, want 2", rows)
	}
}

func TestChatIsStoredSealed(t *testing.T) {
	_, s := newStore(t)
	ctx := testContext(t)
	const chat people.ChatID = 424242424242
	p, err := s.CreatePerson(ctx, chat, "en")
	if err != nil {
		t.Fatal(err)
	}
	var hash, sealed []byte
	var row string
	err = s.db.pool.QueryRow(ctx, `SELECT chat_hash, chat_sealed, p::text FROM people p WHERE id = $1`, p.ID).
		Scan(&hash, &sealed, &row)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(hash, s.sealer.Hash(chat)) {
		t.Error("chat_hash is not the sealer's hash")
	}
	opened, err := s.sealer.Open(sealed)
	if err != nil || opened != chat {
		t.Errorf("chat_sealed opens to %d, %v", opened, err)
	}
	if bytes.Contains([]byte(row), []byte(fmt.Sprint(chat))) {
		t.Errorf("row contains the chat id in clear: %s", row)
	}
}

func TestSavePersonErrors(t *testing.T) {
	_, s := newStore(t)
	ctx := testContext(t)
	p, err := s.CreatePerson(ctx, 5, "en")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		person   people.Person
		notFound bool
	}{
		{"unknown id", people.Person{ID: p.ID + 1000}, true},
		{"negative delete-after", people.Person{ID: p.ID, Discreet: people.Discreet{DeleteAfterHours: -1}}, false},
		{"delete-after beyond Telegram's limit", people.Person{ID: p.ID, Discreet: people.Discreet{DeleteAfterHours: 48}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.SavePerson(ctx, &tt.person)
			if err == nil {
				t.Fatal("SavePerson succeeded")
			}
			if errors.Is(err, people.ErrNotFound) != tt.notFound {
				t.Errorf("error %v: not-found = %v, want %v", err, !tt.notFound, tt.notFound)
			}
		})
	}
	got, err := s.GetPerson(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	samePerson(t, got, p)
}

func TestSetActive(t *testing.T) {
	_, s := newStore(t)
	ctx := testContext(t)
	for _, chat := range []people.ChatID{10, 11} {
		if _, err := s.CreatePerson(ctx, chat, "en"); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name   string
		chat   people.ChatID
		active bool
		want   map[people.ChatID]bool
	}{
		{"block", 10, false, map[people.ChatID]bool{10: false, 11: true}},
		{"block again", 10, false, map[people.ChatID]bool{10: false, 11: true}},
		{"other person", 11, false, map[people.ChatID]bool{10: false, 11: false}},
		{"unblock", 10, true, map[people.ChatID]bool{10: true, 11: false}},
		{"unknown chat", 12, false, map[people.ChatID]bool{10: true, 11: false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.SetActive(ctx, tt.chat, tt.active); err != nil {
				t.Fatalf("SetActive: %v", err)
			}
			for chat, want := range tt.want {
				p, err := s.GetPerson(ctx, chat)
				if err != nil {
					t.Fatal(err)
				}
				if p.Active != want {
					t.Errorf("person %d active = %v, want %v", chat, p.Active, want)
				}
			}
		})
	}
	if _, err := s.GetPerson(ctx, 12); !errors.Is(err, people.ErrNotFound) {
		t.Errorf("SetActive created a person for an unknown chat: %v", err)
	}
}
