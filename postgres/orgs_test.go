package postgres

import (
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/privacy"
)

// newOrgStore returns an org store and a people store on one fresh database.
func newOrgStore(t *testing.T) (*OrgStore, *PeopleStore) {
	t.Helper()
	db, ps := newStore(t)
	sealer, err := privacy.NewSealer(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	return NewOrgStore(db, sealer), ps
}

func mustOrg(t *testing.T, s *OrgStore, o orgs.Org) orgs.Org {
	t.Helper()
	created, err := s.CreateOrg(testContext(t), o)
	if err != nil {
		t.Fatalf("CreateOrg(%q): %v", o.Name, err)
	}
	return created
}

func mustPerson(t *testing.T, ps *PeopleStore, chat people.ChatID) people.PersonID {
	t.Helper()
	p, err := ps.CreatePerson(testContext(t), chat, "en")
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func mustInvite(t *testing.T, s *OrgStore, org orgs.OrgID, role orgs.Role, uses int) string {
	t.Helper()
	code, err := s.CreateInvite(testContext(t), org, role, uses, orgs.DefaultInviteTTL)
	if err != nil {
		t.Fatalf("CreateInvite: %v", err)
	}
	return code
}

func TestCreateOrg(t *testing.T) {
	s, _ := newOrgStore(t)
	ctx := testContext(t)
	o := mustOrg(t, s, orgs.Org{Name: "Sala Segura", Regions: []string{"PT-11", "PT-15"}, ModeratesAlerts: true})
	if o.ID == 0 || o.CreatedAt.IsZero() || o.Name != "Sala Segura" || !slices.Equal(o.Regions, []string{"PT-11", "PT-15"}) || !o.ModeratesAlerts {
		t.Errorf("created %+v", o)
	}
	national := mustOrg(t, s, orgs.Org{Name: "National Network"})
	if national.Regions != nil {
		t.Errorf("regions of an org without any = %#v, want nil", national.Regions)
	}

	tests := []struct {
		name string
		org  orgs.Org
		want error
	}{
		{"same name", orgs.Org{Name: "Sala Segura"}, orgs.ErrNameTaken},
		{"same name in another case", orgs.Org{Name: "SALA SEGURA"}, orgs.ErrNameTaken},
		{"bad region", orgs.Org{Name: "Other", Regions: []string{"lisbon"}}, orgs.ErrInvalid},
		{"empty name", orgs.Org{Name: ""}, orgs.ErrInvalid},
	}
	for _, tt := range tests {
		if _, err := s.CreateOrg(ctx, tt.org); !errors.Is(err, tt.want) {
			t.Errorf("%s: CreateOrg = %v, want %v", tt.name, err, tt.want)
		}
	}

	for _, lookup := range []func() (orgs.Org, error){
		func() (orgs.Org, error) { return s.Org(ctx, o.ID) },
		func() (orgs.Org, error) { return s.OrgByName(ctx, "sala segura") },
	} {
		got, err := lookup()
		if err != nil || got.ID != o.ID || got.Name != o.Name || !got.CreatedAt.Equal(o.CreatedAt) {
			t.Errorf("lookup = %+v, %v; want %+v", got, err, o)
		}
	}
	if _, err := s.Org(ctx, 9999); !errors.Is(err, orgs.ErrNotFound) {
		t.Errorf("Org(9999) = %v, want ErrNotFound", err)
	}
	if _, err := s.OrgByName(ctx, "Nobody"); !errors.Is(err, orgs.ErrNotFound) {
		t.Errorf("OrgByName(Nobody) = %v, want ErrNotFound", err)
	}
}

func TestRedeem(t *testing.T) {
	s, ps := newOrgStore(t)
	ctx := testContext(t)
	org := mustOrg(t, s, orgs.Org{Name: "Sala Segura"})
	alice := mustPerson(t, ps, 101)
	bob := mustPerson(t, ps, 102)
	peers := mustInvite(t, s, org.ID, orgs.RolePeer, 2)
	staff := mustInvite(t, s, org.ID, orgs.RoleStaff, 1)
	link, err := s.CreateLinkCode(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}

	steps := []struct {
		name   string
		code   string
		person people.PersonID
		want   orgs.Redemption
		err    error
	}{
		{"alice joins", peers, alice, orgs.Redemption{Org: org.ID, OrgName: org.Name, Role: orgs.RolePeer, Outcome: orgs.Joined}, nil},
		{"alice again, typed in lower case", "join_" + peers, alice, orgs.Redemption{}, orgs.ErrCodeUnknown},
		{"alice again", strings.ToLower(peers), alice, orgs.Redemption{Org: org.ID, OrgName: org.Name, Role: orgs.RolePeer, Outcome: orgs.Unchanged}, nil},
		{"alice becomes staff", staff, alice, orgs.Redemption{Org: org.ID, OrgName: org.Name, Role: orgs.RoleStaff, Outcome: orgs.Upgraded}, nil},
		{"the staff code is spent", staff, bob, orgs.Redemption{}, orgs.ErrCodeUsedUp},
		{"alice keeps staff with a peer code", peers, alice, orgs.Redemption{Org: org.ID, OrgName: org.Name, Role: orgs.RoleStaff, Outcome: orgs.Unchanged}, nil},
		{"bob takes the second peer use", peers, bob, orgs.Redemption{Org: org.ID, OrgName: org.Name, Role: orgs.RolePeer, Outcome: orgs.Joined}, nil},
		{"a link code is no invite", link, bob, orgs.Redemption{}, orgs.ErrCodeUnknown},
		{"unknown", "7K3M9QX2TB", bob, orgs.Redemption{}, orgs.ErrCodeUnknown},
		{"malformed", "x", bob, orgs.Redemption{}, orgs.ErrCodeUnknown},
	}
	for _, st := range steps {
		got, err := s.Redeem(ctx, st.code, st.person)
		if got != st.want || !errors.Is(err, st.err) || (err == nil) != (st.err == nil) {
			t.Errorf("%s: Redeem = %+v, %v; want %+v, %v", st.name, got, err, st.want, st.err)
		}
	}
	// The peer code had two uses: alice's second try spent none, bob took the other.
	carol := mustPerson(t, ps, 103)
	if _, err := s.Redeem(ctx, peers, carol); !errors.Is(err, orgs.ErrCodeUsedUp) {
		t.Errorf("third use of a two-use code: %v, want ErrCodeUsedUp", err)
	}

	if r, err := s.Role(ctx, org.ID, alice); r != orgs.RoleStaff || err != nil {
		t.Errorf("Role(alice) = %q, %v", r, err)
	}
	if _, err := s.Role(ctx, org.ID, carol); !errors.Is(err, orgs.ErrNotMember) {
		t.Errorf("Role(carol) = %v, want ErrNotMember", err)
	}
	members := func(min orgs.Role) []people.PersonID {
		ms, err := s.Members(ctx, org.ID, min)
		if err != nil {
			t.Fatal(err)
		}
		var ids []people.PersonID
		for _, m := range ms {
			ids = append(ids, m.Person)
		}
		return ids
	}
	if got := members(orgs.RolePeer); !slices.Equal(got, []people.PersonID{alice, bob}) {
		t.Errorf("members from peer up = %v, want alice and bob", got)
	}
	if got := members(orgs.RoleStaff); !slices.Equal(got, []people.PersonID{alice}) {
		t.Errorf("members from staff up = %v, want alice", got)
	}
	if got := members(orgs.RoleAdmin); len(got) != 0 {
		t.Errorf("admins = %v, want none", got)
	}

	// A person who is gone cannot join.
	if _, err := ps.ForgetPerson(ctx, carol); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Redeem(ctx, mustInvite(t, s, org.ID, orgs.RolePeer, 1), carol); !errors.Is(err, people.ErrNotFound) {
		t.Errorf("Redeem for a forgotten person = %v, want people.ErrNotFound", err)
	}
}

func TestRedeemExpired(t *testing.T) {
	s, ps := newOrgStore(t)
	ctx := testContext(t)
	org := mustOrg(t, s, orgs.Org{Name: "Sala Segura"})
	code := mustInvite(t, s, org.ID, orgs.RolePeer, 5)
	later := time.Now().Add(orgs.DefaultInviteTTL + time.Minute)
	s.now = func() time.Time { return later }
	if _, err := s.Redeem(ctx, code, mustPerson(t, ps, 101)); !errors.Is(err, orgs.ErrCodeExpired) {
		t.Errorf("Redeem after expiry = %v, want ErrCodeExpired", err)
	}
}

func TestCreateInviteErrors(t *testing.T) {
	s, _ := newOrgStore(t)
	ctx := testContext(t)
	org := mustOrg(t, s, orgs.Org{Name: "Sala Segura"})
	tests := []struct {
		name string
		org  orgs.OrgID
		role orgs.Role
		uses int
		ttl  time.Duration
		want error
	}{
		{"unknown org", 9999, orgs.RolePeer, 1, time.Hour, orgs.ErrNotFound},
		{"no role", org.ID, "", 1, time.Hour, orgs.ErrInvalid},
		{"zero uses", org.ID, orgs.RolePeer, 0, time.Hour, orgs.ErrInvalid},
		{"already expired", org.ID, orgs.RolePeer, 1, -time.Hour, orgs.ErrInvalid},
	}
	for _, tt := range tests {
		if _, err := s.CreateInvite(ctx, tt.org, tt.role, tt.uses, tt.ttl); !errors.Is(err, tt.want) {
			t.Errorf("%s: CreateInvite = %v, want %v", tt.name, err, tt.want)
		}
	}
	if _, err := s.CreateLinkCode(ctx, 9999); !errors.Is(err, orgs.ErrNotFound) {
		t.Errorf("CreateLinkCode for an unknown org = %v, want ErrNotFound", err)
	}
}

// TestRedeemLastUseConcurrently has two people redeem a code's last use at
// the same moment, many times over: exactly one may win each time.
func TestRedeemLastUseConcurrently(t *testing.T) {
	s, ps := newOrgStore(t)
	ctx := testContext(t)
	org := mustOrg(t, s, orgs.Org{Name: "Sala Segura"})
	for round := range 20 {
		code := mustInvite(t, s, org.ID, orgs.RolePeer, 1)
		ids := []people.PersonID{
			mustPerson(t, ps, people.ChatID(1000+2*round)),
			mustPerson(t, ps, people.ChatID(1001+2*round)),
		}
		errs := make([]error, len(ids))
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, id := range ids {
			wg.Go(func() {
				<-start
				_, errs[i] = s.Redeem(ctx, code, id)
			})
		}
		close(start)
		wg.Wait()
		won, usedUp := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case errors.Is(err, orgs.ErrCodeUsedUp):
				usedUp++
			default:
				t.Fatalf("round %d: Redeem: %v", round, err)
			}
		}
		if won != 1 || usedUp != 1 {
			t.Fatalf("round %d: %d won and %d were told it is used up; want one each", round, won, usedUp)
		}
		members := 0
		for _, id := range ids {
			if _, err := s.Role(ctx, org.ID, id); err == nil {
				members++
			}
		}
		if members != 1 {
			t.Fatalf("round %d: %d members from a one-use code", round, members)
		}
	}
}

func TestCodesAreStoredOnlyHashed(t *testing.T) {
	s, _ := newOrgStore(t)
	ctx := testContext(t)
	org := mustOrg(t, s, orgs.Org{Name: "Sala Segura"})
	code := mustInvite(t, s, org.ID, orgs.RoleAdmin, 1)
	link, err := s.CreateLinkCode(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	token, err := s.CreateToken(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{code, link, token, hex.EncodeToString([]byte(code))} {
		for _, table := range []string{"invites", "org_tokens"} {
			var n int
			if err := s.db.pool.QueryRow(ctx, `SELECT count(*) FROM `+table+` r WHERE strpos(upper(r::text), upper($1)) > 0`, secret).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n > 0 {
				t.Errorf("%s holds a code or token in clear", table)
			}
		}
	}
}

func TestLinkGroup(t *testing.T) {
	s, _ := newOrgStore(t)
	ctx := testContext(t)
	mod := mustOrg(t, s, orgs.Org{Name: "Checkit", ModeratesAlerts: true})
	other := mustOrg(t, s, orgs.Org{Name: "Sala Segura"})
	linkCode := func(org orgs.OrgID) string {
		c, err := s.CreateLinkCode(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	const groupA, groupB, groupC people.ChatID = -1001000000001, -1001000000002, -4000000003
	codeMod, codeOther := linkCode(mod.ID), linkCode(other.ID)
	invite := mustInvite(t, s, mod.ID, orgs.RoleStaff, 5)

	steps := []struct {
		name    string
		code    string
		chat    people.ChatID
		org     orgs.OrgID
		already bool
		err     error
	}{
		{"an invite is no link code", invite, groupA, 0, false, orgs.ErrCodeUnknown},
		{"link A", codeMod, groupA, mod.ID, false, nil},
		{"A again with the spent code", codeMod, groupA, mod.ID, true, nil},
		{"the code is spent for B", codeMod, groupB, 0, false, orgs.ErrCodeUsedUp},
		{"A belongs to another org", codeOther, groupA, 0, false, orgs.ErrGroupTaken},
		{"the refused code still works for B", codeOther, groupB, other.ID, false, nil},
		{"C with a second code", linkCode(mod.ID), groupC, mod.ID, false, nil},
		{"unknown", "7K3M9QX2TB", groupC, 0, false, orgs.ErrCodeUnknown},
	}
	for _, st := range steps {
		got, already, err := s.LinkGroup(ctx, st.code, st.chat)
		if got.ID != st.org || already != st.already || !errors.Is(err, st.err) || (err == nil) != (st.err == nil) {
			t.Errorf("%s: LinkGroup = org %d, %v, %v; want org %d, %v, %v", st.name, got.ID, already, err, st.org, st.already, st.err)
		}
	}

	stale := linkCode(mod.ID)
	s.now = func() time.Time { return time.Now().Add(orgs.LinkCodeTTL + time.Minute) }
	if _, _, err := s.LinkGroup(ctx, stale, -1001000000009); !errors.Is(err, orgs.ErrCodeExpired) {
		t.Errorf("LinkGroup after expiry = %v, want ErrCodeExpired", err)
	}
	s.now = time.Now

	for chat, want := range map[people.ChatID]orgs.OrgID{groupA: mod.ID, groupB: other.ID, groupC: mod.ID} {
		if got, err := s.OrgByGroupChat(ctx, chat); err != nil || got.ID != want {
			t.Errorf("OrgByGroupChat(%d) = %d, %v; want %d", chat, got.ID, err, want)
		}
	}
	if _, err := s.OrgByGroupChat(ctx, -1001000000009); !errors.Is(err, orgs.ErrNotFound) {
		t.Errorf("OrgByGroupChat of an unlinked group = %v, want ErrNotFound", err)
	}
	if got, err := s.StaffGroups(ctx, mod.ID); err != nil || !slices.Equal(got, []people.ChatID{groupA, groupC}) {
		t.Errorf("StaffGroups(mod) = %v, %v", got, err)
	}
	want := []orgs.StaffGroup{{Org: mod.ID, Chat: groupA}, {Org: mod.ID, Chat: groupC}}
	if got, err := s.ModeratorGroups(ctx); err != nil || !slices.Equal(got, want) {
		t.Errorf("ModeratorGroups = %v, %v; want %v", got, err, want)
	}

	// The group's chat id is kept only sealed and hashed.
	var n int
	if err := s.db.pool.QueryRow(ctx, `SELECT count(*) FROM staff_groups r WHERE strpos(r::text, '1001000000001') > 0`).Scan(&n); err != nil || n != 0 {
		t.Errorf("staff_groups holds a chat id in clear (%d rows, %v)", n, err)
	}
}

func TestTokensAndSummaries(t *testing.T) {
	s, ps := newOrgStore(t)
	ctx := testContext(t)
	a := mustOrg(t, s, orgs.Org{Name: "b-org", Regions: []string{"PL-14"}})
	b := mustOrg(t, s, orgs.Org{Name: "A-org", ModeratesAlerts: true})
	t1, err := s.CreateToken(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	t2, err := s.CreateToken(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateToken(ctx, 9999); !errors.Is(err, orgs.ErrNotFound) {
		t.Errorf("CreateToken for an unknown org = %v, want ErrNotFound", err)
	}
	for _, tok := range []string{t1, t2} {
		if got, err := s.OrgByToken(ctx, tok); err != nil || got.ID != a.ID {
			t.Errorf("OrgByToken = %d, %v; want %d", got.ID, err, a.ID)
		}
	}
	fake, _, _ := orgs.NewToken()
	for _, tok := range []string{fake, "", "po_short", strings.TrimPrefix(t1, "po_")} {
		if _, err := s.OrgByToken(ctx, tok); !errors.Is(err, orgs.ErrTokenUnknown) {
			t.Errorf("OrgByToken(%q) = %v, want ErrTokenUnknown", tok, err)
		}
	}

	for i, role := range []orgs.Role{orgs.RolePeer, orgs.RolePeer, orgs.RoleAdmin} {
		if _, err := s.Redeem(ctx, mustInvite(t, s, a.ID, role, 1), mustPerson(t, ps, people.ChatID(200+i))); err != nil {
			t.Fatal(err)
		}
	}
	sums, err := s.Summaries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 2 || sums[0].ID != b.ID || sums[1].ID != a.ID {
		t.Fatalf("summaries = %+v, want A-org then b-org", sums)
	}
	got := sums[1]
	if got.Members[orgs.RolePeer] != 2 || got.Members[orgs.RoleStaff] != 0 || got.Members[orgs.RoleAdmin] != 1 ||
		got.ActiveTokens != 2 || got.StaffGroups != 0 || !slices.Equal(got.Regions, []string{"PL-14"}) {
		t.Errorf("summary of b-org = %+v", got)
	}
	if !sums[0].ModeratesAlerts || sums[0].ActiveTokens != 0 {
		t.Errorf("summary of A-org = %+v", sums[0])
	}

	n, err := s.RevokeTokens(ctx, a.ID)
	if err != nil || n != 2 {
		t.Errorf("RevokeTokens = %d, %v; want 2", n, err)
	}
	if _, err := s.OrgByToken(ctx, t1); !errors.Is(err, orgs.ErrTokenUnknown) {
		t.Errorf("revoked token: %v, want ErrTokenUnknown", err)
	}
	if n, err := s.RevokeTokens(ctx, a.ID); err != nil || n != 0 {
		t.Errorf("RevokeTokens again = %d, %v; want 0", n, err)
	}
}

func TestMembershipsOfAndForget(t *testing.T) {
	s, ps := newOrgStore(t)
	ctx := testContext(t)
	zeta := mustOrg(t, s, orgs.Org{Name: "Zeta"})
	alpha := mustOrg(t, s, orgs.Org{Name: "alpha"})
	p := mustPerson(t, ps, 101)
	other := mustPerson(t, ps, 102)
	for _, o := range []orgs.Org{zeta, alpha} {
		if _, err := s.Redeem(ctx, mustInvite(t, s, o.ID, orgs.RoleStaff, 2), p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Redeem(ctx, mustInvite(t, s, zeta.ID, orgs.RolePeer, 1), other); err != nil {
		t.Fatal(err)
	}
	ms, err := s.MembershipsOf(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].OrgName != "alpha" || ms[1].OrgName != "Zeta" || ms[0].Role != orgs.RoleStaff ||
		ms[0].Person != p || ms[0].JoinedAt.IsZero() {
		t.Errorf("MembershipsOf = %+v", ms)
	}

	f, err := ps.ForgetPerson(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if f.Memberships != 2 || !f.Profile {
		t.Errorf("ForgetPerson = %+v, want 2 memberships deleted", f)
	}
	if ms, err := s.MembershipsOf(ctx, p); err != nil || len(ms) != 0 {
		t.Errorf("memberships after forgetting = %+v, %v", ms, err)
	}
	if ms, err := s.MembershipsOf(ctx, other); err != nil || len(ms) != 1 {
		t.Errorf("the other person's memberships = %+v, %v", ms, err)
	}
}
