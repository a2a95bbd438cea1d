package postgres

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/privacy"
)

func TestDueDeletions(t *testing.T) {
	_, s := newStore(t)
	ctx := testContext(t)
	base := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	const a, b people.ChatID = -100200300, 400500600
	for _, chat := range []people.ChatID{a, b} {
		if _, err := s.CreatePerson(ctx, chat, "en"); err != nil {
			t.Fatal(err)
		}
	}
	schedule := []struct {
		chat people.ChatID
		msg  int
		at   time.Time
	}{
		{a, 1, base.Add(3 * time.Minute)},
		{b, 1, base.Add(1 * time.Minute)},
		{a, 2, base.Add(2 * time.Minute)},
		{b, 2, base.Add(10 * time.Hour)},
		{a, 3, base.Add(5 * time.Hour)},
		{a, 3, base.Add(4 * time.Minute)}, // rescheduled earlier
		{999, 1, base},                    // unknown chat: ignored
	}
	for _, d := range schedule {
		if err := s.ScheduleDeletion(ctx, d.chat, d.msg, d.at); err != nil {
			t.Fatalf("ScheduleDeletion: %v", err)
		}
	}
	type due struct {
		chat people.ChatID
		msg  int
	}
	tests := []struct {
		name  string
		now   time.Time
		limit int
		want  []due
	}{
		{"nothing due yet", base, 10, nil},
		{"oldest first, limited", base.Add(time.Hour), 2, []due{{b, 1}, {a, 2}}},
		{"the rest of what is due", base.Add(time.Hour), 10, []due{{a, 1}, {a, 3}}},
		{"claimed rows are gone", base.Add(time.Hour), 10, nil},
		{"later", base.Add(24 * time.Hour), 10, []due{{b, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.DueDeletions(ctx, tt.now, tt.limit)
			if err != nil {
				t.Fatalf("DueDeletions: %v", err)
			}
			var gotDue []due
			for _, d := range got {
				if d.ID == 0 {
					t.Error("deletion without an id")
				}
				gotDue = append(gotDue, due{d.Chat, d.MessageID})
			}
			if !slices.Equal(gotDue, tt.want) {
				t.Errorf("DueDeletions = %v, want %v", gotDue, tt.want)
			}
		})
	}
	if _, err := s.DueDeletions(ctx, base, 0); err == nil {
		t.Error("DueDeletions accepted limit 0")
	}
}

func TestDueDeletionsClaimedOnce(t *testing.T) {
	_, s := newStore(t)
	ctx := testContext(t)
	now := time.Now()
	const chats, perChat = 5, 40
	for c := range chats {
		chat := people.ChatID(1000 + c)
		if _, err := s.CreatePerson(ctx, chat, "en"); err != nil {
			t.Fatal(err)
		}
		for m := range perChat {
			if err := s.ScheduleDeletion(ctx, chat, m, now.Add(-time.Duration(m)*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Two replicas poll in small batches until nothing is left.
	const workers = 2
	claimed := make([][]Deletion, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for w := range workers {
		wg.Go(func() {
			<-start
			for {
				got, err := s.DueDeletions(ctx, now, 7)
				if err != nil {
					errs[w] = err
					return
				}
				if len(got) == 0 {
					return
				}
				claimed[w] = append(claimed[w], got...)
			}
		})
	}
	close(start)
	wg.Wait()
	seen := map[int64]bool{}
	messages := map[people.ChatID]map[int]bool{}
	for w := range workers {
		if errs[w] != nil {
			t.Fatalf("worker %d: %v", w, errs[w])
		}
		for _, d := range claimed[w] {
			if seen[d.ID] {
				t.Errorf("deletion %d claimed twice", d.ID)
			}
			seen[d.ID] = true
			if messages[d.Chat] == nil {
				messages[d.Chat] = map[int]bool{}
			}
			messages[d.Chat][d.MessageID] = true
		}
	}
	if len(seen) != chats*perChat {
		t.Errorf("%d deletions claimed, want %d", len(seen), chats*perChat)
	}
	for c := range chats {
		if n := len(messages[people.ChatID(1000+c)]); n != perChat {
			t.Errorf("chat %d: %d messages claimed, want %d", c, n, perChat)
		}
	}
}

func TestDueDeletionsWrongSecret(t *testing.T) {
	db, s := newStore(t)
	ctx := testContext(t)
	now := time.Now()
	if _, err := s.CreatePerson(ctx, 1, "en"); err != nil {
		t.Fatal(err)
	}
	if err := s.ScheduleDeletion(ctx, 1, 10, now); err != nil {
		t.Fatal(err)
	}
	other, err := privacy.NewSealer("a different deployment secret, 32+ bytes")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewPeopleStore(db, other).DueDeletions(ctx, now, 10); err == nil {
		t.Fatal("DueDeletions succeeded with the wrong secret")
	}
	// Nothing was lost: the right secret still gets the deletion.
	got, err := s.DueDeletions(ctx, now, 10)
	if err != nil || len(got) != 1 || got[0].Chat != 1 || got[0].MessageID != 10 {
		t.Errorf("DueDeletions after a failed claim = %+v, %v", got, err)
	}
}
