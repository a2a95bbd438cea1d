package postgres

import (
	"errors"
	"testing"
	"time"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/people"
)

func TestPartnerMembers(t *testing.T) {
	_, s := newStore(t)
	ctx := testContext(t)
	partners := NewPartnerStore(s.db)
	members := NewPartnerMemberStore(s.db, s.sealer)
	clock := time.Now()
	members.now = func() time.Time { return clock }

	lab := &alerts.Partner{Name: "Warsaw Lab", Regions: []string{"PL-14"}}
	other := &alerts.Partner{Name: "Kraków Lab", Regions: []string{"PL-12"}}
	for _, p := range []*alerts.Partner{lab, other} {
		if _, err := partners.AddPartner(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	person := func(chat people.ChatID) people.PersonID {
		p, err := s.CreatePerson(ctx, chat, "pl")
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	ana, ben := person(501), person(502)
	code := func(name string) string {
		t.Helper()
		p, c, err := members.CreatePartnerCode(ctx, name)
		if err != nil {
			t.Fatalf("CreatePartnerCode(%s): %v", name, err)
		}
		if p.Name != name {
			t.Fatalf("CreatePartnerCode(%s) made a code for %s", name, p.Name)
		}
		return c
	}

	if _, err := members.PartnerOf(ctx, ana); !errors.Is(err, alerts.ErrNotPartnerMember) {
		t.Fatalf("PartnerOf before linking: %v", err)
	}
	c := code("Warsaw Lab")
	// Typed the way people type codes: lower case, with a dash.
	typed := c[:5] + "-" + c[5:]
	p, already, err := members.LinkPartner(ctx, typed, ana)
	if err != nil || already || p.ID != lab.ID {
		t.Fatalf("LinkPartner = %v, %v, %v", p, already, err)
	}
	if p, err := members.PartnerOf(ctx, ana); err != nil || p.ID != lab.ID {
		t.Fatalf("PartnerOf = %v, %v", p, err)
	}
	// The same code again: for Ana it is a no-op, for Ben it is used.
	if _, already, err := members.LinkPartner(ctx, c, ana); err != nil || !already {
		t.Errorf("LinkPartner again = %v, %v", already, err)
	}
	if _, _, err := members.LinkPartner(ctx, c, ben); !errors.Is(err, alerts.ErrPartnerCodeUsed) {
		t.Errorf("used code: %v", err)
	}
	for _, bad := range []string{"", "not a code", "0000000000"} {
		if _, _, err := members.LinkPartner(ctx, bad, ben); !errors.Is(err, alerts.ErrPartnerCodeUnknown) {
			t.Errorf("LinkPartner(%q): %v", bad, err)
		}
	}
	expiring := code("Kraków Lab")
	clock = clock.Add(alerts.PartnerCodeTTL)
	if _, _, err := members.LinkPartner(ctx, expiring, ben); !errors.Is(err, alerts.ErrPartnerCodeExpired) {
		t.Errorf("expired code: %v", err)
	}
	// Another partner's code moves Ana there: one partner per person.
	if p, _, err := members.LinkPartner(ctx, code("Kraków Lab"), ana); err != nil || p.ID != other.ID {
		t.Fatalf("LinkPartner to another partner = %v, %v", p, err)
	}
	if p, err := members.PartnerOf(ctx, ana); err != nil || p.ID != other.ID {
		t.Errorf("PartnerOf after moving = %v, %v", p, err)
	}

	// Unlinking removes every member and voids unused codes.
	if _, _, err := members.LinkPartner(ctx, code("Kraków Lab"), ben); err != nil {
		t.Fatal(err)
	}
	unused := code("Kraków Lab")
	p, n, err := members.UnlinkPartner(ctx, "Kraków Lab")
	if err != nil || n != 2 || p.ID != other.ID {
		t.Fatalf("UnlinkPartner = %v, %d, %v", p, n, err)
	}
	if _, err := members.PartnerOf(ctx, ben); !errors.Is(err, alerts.ErrNotPartnerMember) {
		t.Errorf("PartnerOf after unlinking: %v", err)
	}
	if _, _, err := members.LinkPartner(ctx, unused, ben); !errors.Is(err, alerts.ErrPartnerCodeUnknown) {
		t.Errorf("code made before unlinking: %v", err)
	}
	if _, _, err := members.UnlinkPartner(ctx, "Nobody"); alerts.Code(err) != alerts.ErrNotFound {
		t.Errorf("UnlinkPartner(unknown): %v", err)
	}

	// A revoked partner gets no codes, and its codes stop working.
	pending := code("Warsaw Lab")
	if _, err := partners.RevokePartner(ctx, "Warsaw Lab"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := members.CreatePartnerCode(ctx, "Warsaw Lab"); alerts.Code(err) != alerts.ErrConflict {
		t.Errorf("code for a revoked partner: %v", err)
	}
	if _, _, err := members.LinkPartner(ctx, pending, ben); !errors.Is(err, alerts.ErrPartnerCodeUnknown) {
		t.Errorf("revoked partner's code: %v", err)
	}
	// A person who is gone cannot be linked.
	if _, _, err := members.LinkPartner(ctx, code("Kraków Lab"), 999999); !errors.Is(err, people.ErrNotFound) {
		t.Errorf("link of a missing person: %v", err)
	}
}
