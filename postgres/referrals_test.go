package postgres

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/privacy"
	"github.com/peerbot/peerbot/referral"
)

func newReferralStore(t *testing.T) (*ReferralStore, *OrgStore, *PeopleStore) {
	t.Helper()
	db, ps := newStore(t)
	sealer, err := privacy.NewSealer(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	return NewReferralStore(db, sealer), NewOrgStore(db, sealer), ps
}

func TestReferralRules(t *testing.T) {
	rs, os, _ := newReferralStore(t)
	ctx := testContext(t)
	a := mustOrg(t, os, orgs.Org{Name: "A"})
	b := mustOrg(t, os, orgs.Org{Name: "B"})
	if _, err := rs.AddRule(ctx, referral.Rule{Region: "PT-11", Need: referral.NeedNaloxone, Org: a.ID}); err != nil {
		t.Fatal(err)
	}
	// The same region and need again replaces the organisation.
	if _, err := rs.AddRule(ctx, referral.Rule{Region: "PT-11", Need: referral.NeedNaloxone, Org: b.ID}); err != nil {
		t.Fatal(err)
	}
	fb, err := rs.AddRule(ctx, referral.Rule{Org: a.ID, Fallback: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rs.AddRule(ctx, referral.Rule{Org: 999, Region: "PL"}); !errors.Is(err, orgs.ErrNotFound) {
		t.Errorf("rule for an unknown organisation: %v", err)
	}
	rules, err := rs.Rules(ctx)
	if err != nil || len(rules) != 2 {
		t.Fatalf("rules = %+v, %v", rules, err)
	}
	country := func(r string) string { return r[:2] }
	if org, ok := referral.Route(rules, "PT-11", referral.NeedNaloxone, country); !ok || org != b.ID {
		t.Errorf("route = %d %v, want B", org, ok)
	}
	if org, ok := referral.Route(rules, "PL-14", referral.NeedFood, country); !ok || org != a.ID {
		t.Errorf("fallback route = %d %v, want A", org, ok)
	}
	if ok, err := rs.DeleteRule(ctx, fb.ID); !ok || err != nil {
		t.Errorf("DeleteRule = %v %v", ok, err)
	}
	if ok, _ := rs.DeleteRule(ctx, fb.ID); ok {
		t.Error("a rule was deleted twice")
	}
}

func TestConversationLifecycle(t *testing.T) {
	rs, os, ps := newReferralStore(t)
	ctx := testContext(t)
	org := mustOrg(t, os, orgs.Org{Name: "Lisboa"})
	fallback := mustOrg(t, os, orgs.Org{Name: "National"})
	person := mustPerson(t, ps, 1001)
	workers := []people.PersonID{mustPerson(t, ps, 2001), mustPerson(t, ps, 2002), mustPerson(t, ps, 2003), mustPerson(t, ps, 2004)}

	c, err := rs.OpenConversation(ctx, referral.Conversation{Person: person, PersonChat: 1001, Org: org.ID,
		Need: referral.NeedNaloxone, Region: "PT-11", Lang: "pt"})
	if err != nil {
		t.Fatal(err)
	}
	if c.State != referral.Waiting || c.PersonChat != 1001 {
		t.Errorf("opened = %+v", c)
	}
	if _, err := rs.OpenConversation(ctx, referral.Conversation{Person: person, PersonChat: 1001, Org: org.ID,
		Need: referral.NeedFood, Region: "PT-11", Lang: "pt"}); !errors.Is(err, referral.ErrOpenAlready) {
		t.Errorf("a second open conversation: %v", err)
	}
	if got, worker, err := rs.Active(ctx, 1001); err != nil || worker || got.ID != c.ID {
		t.Errorf("Active(person) = %d %v %v", got.ID, worker, err)
	}
	// The person cannot claim their own request.
	if _, err := rs.Claim(ctx, c.ID, person, 1001, ""); !errors.Is(err, referral.ErrTaken) {
		t.Errorf("self-claim: %v", err)
	}

	// Four workers claim at once: exactly one wins.
	var wg sync.WaitGroup
	results := make([]error, len(workers))
	for i, w := range workers {
		wg.Go(func() {
			_, results[i] = rs.Claim(ctx, c.ID, w, people.ChatID(2001+i), "")
		})
	}
	wg.Wait()
	winner := -1
	for i, err := range results {
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("workers %d and %d both claimed", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, referral.ErrTaken):
			t.Fatalf("claim %d: %v", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("nobody claimed")
	}
	wchat := people.ChatID(2001 + winner)
	got, worker, err := rs.Active(ctx, wchat)
	if err != nil || !worker || got.ID != c.ID || got.PersonChat != 1001 || got.WorkerChat != wchat {
		t.Errorf("Active(worker) = %+v %v %v", got, worker, err)
	}
	if err := rs.SetAlias(ctx, c.ID, "Ana"); err != nil {
		t.Fatal(err)
	}
	// Pseudonyms are stable per conversation and look like K7Q.
	if p := rs.Pseudonym(c.ID); len(p) != 3 || p != rs.Pseudonym(c.ID) {
		t.Errorf("pseudonym %q", p)
	}

	now := time.Now()
	if got, err := rs.DueFollowUps(ctx, now.Add(time.Hour)); err != nil || len(got) != 0 {
		t.Errorf("follow-ups before closing = %v, %v", got, err)
	}
	if _, err := rs.Close(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.Close(ctx, c.ID); !errors.Is(err, referral.ErrTaken) {
		t.Errorf("closing twice: %v", err)
	}
	due, err := rs.DueFollowUps(ctx, now.Add(time.Hour))
	if err != nil || len(due) != 1 || due[0].PersonChat != 1001 {
		t.Fatalf("follow-ups = %+v, %v", due, err)
	}
	if again, _ := rs.DueFollowUps(ctx, now.Add(time.Hour)); len(again) != 0 {
		t.Error("the follow-up was due twice")
	}
	if err := rs.RecordFollowUp(ctx, org.ID, referral.NeedNaloxone, referral.GotYes); err != nil {
		t.Fatal(err)
	}

	// A second request, unclaimed: reminded once, then passed on.
	c2, err := rs.OpenConversation(ctx, referral.Conversation{Person: person, PersonChat: 1001, Org: org.ID,
		Need: referral.NeedShelter, Region: "PT-11", Lang: "pt"})
	if err != nil {
		t.Fatal(err)
	}
	// The organisation lets requests wait 30 minutes, not the default.
	if err := rs.SetRemindAfter(ctx, org.ID, 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	if got, err := rs.DueReminders(ctx, now.Add(time.Minute), 0); err != nil || len(got) != 0 {
		t.Errorf("reminded before the organisation's 30 minutes: %+v, %v", got, err)
	}
	if got, _ := rs.Escalate(ctx, now.Add(31*time.Minute), 0, fallback.ID); len(got) != 0 {
		t.Errorf("passed on before twice the organisation's 30 minutes: %+v", got)
	}
	if got, err := rs.DueReminders(ctx, now.Add(31*time.Minute), 0); err != nil || len(got) != 1 || got[0].ID != c2.ID {
		t.Errorf("reminders = %+v, %v", got, err)
	}
	if got, _ := rs.DueReminders(ctx, now.Add(31*time.Minute), 0); len(got) != 0 {
		t.Error("reminded twice")
	}
	moved, err := rs.Escalate(ctx, now.Add(61*time.Minute), 0, fallback.ID)
	if err != nil || len(moved) != 1 || moved[0].Org != fallback.ID || !moved[0].Escalated {
		t.Fatalf("escalated = %+v, %v", moved, err)
	}
	if got, _ := rs.Escalate(ctx, now.Add(2*time.Hour), 0, fallback.ID); len(got) != 0 {
		t.Error("escalated twice")
	}

	// Stats: two requests, shown as fewer than 5; no claim times yet.
	st, err := rs.Stats(ctx, org.ID, now.AddDate(0, 0, -1))
	if err != nil {
		t.Fatal(err)
	}
	if st.Requests != 1 || st.ByOutcome["closed"] != 1 || st.FollowUps[referral.GotYes] != 1 || st.ClaimP50 != nil {
		t.Errorf("stats of the first organisation = %+v", st)
	}
	if st.Requests.Text("fewer than 5") != "fewer than 5" {
		t.Errorf("1 request shows as %q", st.Requests.Text("fewer than 5"))
	}
	if st, err := rs.Stats(ctx, fallback.ID, now.AddDate(0, 0, -1)); err != nil || st.Requests != 1 || st.ByNeed["shelter"] != 1 {
		t.Errorf("stats of the fallback = %+v, %v", st, err)
	}

	// Retention deletes the closed conversation with its sealed chats.
	if n, err := rs.Purge(ctx, now.Add(time.Hour)); err != nil || n != 1 {
		t.Errorf("purged %d, %v", n, err)
	}
	if _, err := rs.Conversation(ctx, c.ID); !errors.Is(err, referral.ErrNotFound) {
		t.Errorf("purged conversation: %v", err)
	}

	// A request nobody takes is closed after the retention, then deleted.
	if n, err := rs.Abandon(ctx, now.Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("abandoned a fresh request: %d, %v", n, err)
	}
	c3, err := rs.OpenConversation(ctx, referral.Conversation{Person: mustPerson(t, ps, 1002), PersonChat: 1002, Org: org.ID,
		Need: referral.NeedFood, Region: "PT-11", Lang: "pt"})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := rs.Abandon(ctx, now.Add(time.Hour)); err != nil || n != 2 {
		t.Errorf("abandoned %d, %v; want the escalated one and the new one", n, err)
	}
	if got, err := rs.Conversation(ctx, c3.ID); err != nil || got.State != referral.Closed {
		t.Errorf("abandoned request = %+v, %v", got, err)
	}
	if st, _ := rs.Stats(ctx, org.ID, now.AddDate(0, 0, -1)); st.ByOutcome["withdrawn"] != 1 {
		t.Errorf("outcomes after abandoning = %v", st.ByOutcome)
	}

	// /forget deletes the person's conversation.
	f, err := ps.ForgetPerson(ctx, person)
	if err != nil || f.Referrals != 1 {
		t.Errorf("forget = %+v, %v", f, err)
	}
	if _, err := rs.Conversation(ctx, c2.ID); !errors.Is(err, referral.ErrNotFound) {
		t.Errorf("conversation after /forget: %v", err)
	}
}

func TestForgetWorkerLeavesConversation(t *testing.T) {
	rs, os, ps := newReferralStore(t)
	ctx := testContext(t)
	org := mustOrg(t, os, orgs.Org{Name: "Lisboa"})
	person, worker := mustPerson(t, ps, 1001), mustPerson(t, ps, 2001)
	c, err := rs.OpenConversation(ctx, referral.Conversation{Person: person, PersonChat: 1001, Org: org.ID,
		Need: referral.NeedFood, Region: "PT-11", Lang: "pt"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rs.Claim(ctx, c.ID, worker, 2001, "Ana"); err != nil {
		t.Fatal(err)
	}
	f, err := ps.ForgetPerson(ctx, worker)
	if err != nil || f.Referrals != 1 {
		t.Fatalf("forget = %+v, %v", f, err)
	}
	got, err := rs.Conversation(ctx, c.ID)
	if err != nil || got.State != referral.Closed || got.Worker != 0 || got.WorkerChat != 0 || got.WorkerAlias != "" {
		t.Errorf("conversation after the worker forgot = %+v, %v", got, err)
	}
}

func TestSummarizeHidesSmallCounts(t *testing.T) {
	var rows []referral.StatsRow
	for i := range 7 {
		rows = append(rows, referral.StatsRow{Need: referral.NeedNaloxone, Region: "PT-11", Outcome: "closed", ClaimSeconds: 60 * (i + 1)})
	}
	rows = append(rows, referral.StatsRow{Need: referral.NeedFood, Region: "PL-14", Outcome: "waiting", ClaimSeconds: -1})
	st := referral.Summarize(rows, nil)
	if st.Requests != 8 || st.ByNeed["food"].Text("x") != "x" || st.ByNeed["naloxone"].Text("x") != "7" {
		t.Errorf("stats = %+v", st)
	}
	if st.ClaimP50 == nil || *st.ClaimP50 != 240 || *st.ClaimP95 != 420 {
		t.Errorf("claim times p50 %v p95 %v", st.ClaimP50, st.ClaimP95)
	}
}
