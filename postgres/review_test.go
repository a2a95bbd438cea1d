package postgres

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/moderation"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/privacy"
)

// reviewEnv is the alert env with a moderating organisation whose staff
// group is linked, and the review store.
type reviewEnv struct {
	*alertEnv
	reviews *ReviewStore
	lab     *alerts.Partner
	group   people.ChatID
}

func newReviewEnv(t *testing.T) *reviewEnv {
	t.Helper()
	e := newAlertEnv(t)
	sealer, err := privacy.NewSealer(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	os := NewOrgStore(e.db, sealer)
	org := mustOrg(t, os, orgs.Org{Name: "Moderators", ModeratesAlerts: true})
	code, err := os.CreateLinkCode(testContext(t), org.ID)
	if err != nil {
		t.Fatal(err)
	}
	const group = people.ChatID(-1001000000001)
	if _, _, err := os.LinkGroup(testContext(t), code, group); err != nil {
		t.Fatal(err)
	}
	return &reviewEnv{alertEnv: e, reviews: NewReviewStore(e.db, sealer), lab: e.addPartner("Reviewed Lab", true, "PL"), group: group}
}

func (e *reviewEnv) submit(identifier string) alerts.AlertID {
	e.t.Helper()
	st, _, err := e.svc.Submit(testContext(e.t), e.lab, newAlert(identifier), alerts.FormatJSON)
	if err != nil {
		e.t.Fatal(err)
	}
	return st.ID
}

func (e *reviewEnv) claim(lease time.Duration) alerts.AlertID {
	e.t.Helper()
	id, ok, err := e.reviews.ClaimUnannounced(testContext(e.t), lease)
	if err != nil {
		e.t.Fatal(err)
	}
	if !ok {
		return 0
	}
	return id
}

func (e *reviewEnv) unsettled() []moderation.Post {
	e.t.Helper()
	posts, err := e.reviews.ClaimUnsettled(testContext(e.t), 10)
	if err != nil {
		e.t.Fatal(err)
	}
	return posts
}

func TestReviewStoreAnnouncesAndSettles(t *testing.T) {
	e := newReviewEnv(t)
	ctx := testContext(t)
	// Published at once: never for review.
	if _, _, err := e.svc.Submit(ctx, e.addPartner("Open Lab", false, "PL"), newAlert("OPEN-1"), alerts.FormatJSON); err != nil {
		t.Fatal(err)
	}
	first, second := e.submit("R-1"), e.submit("R-2")

	// A replica that took the first and died: its lease has run out.
	if got := e.claim(-time.Minute); got != first {
		t.Fatalf("first claim = %d, want %d", got, first)
	}
	steps := []struct {
		name string
		want alerts.AlertID
	}{
		{"the expired claim is taken over", first},
		{"the next one", second},
		{"both held", 0},
	}
	for _, s := range steps {
		if got := e.claim(time.Minute); got != s.want {
			t.Fatalf("%s: claimed %d, want %d", s.name, got, s.want)
		}
	}

	// Posts: one per group; a group no longer linked is skipped.
	for _, p := range []moderation.Post{
		{Alert: first, Chat: e.group, MessageID: 10},
		{Alert: first, Chat: e.group, MessageID: 11}, // a second try keeps the first
		{Alert: first, Chat: -1002000000002, MessageID: 12},
	} {
		if err := e.reviews.AddPost(ctx, p); err != nil {
			t.Fatalf("AddPost(%+v): %v", p, err)
		}
	}
	if chats, err := e.reviews.PostedChats(ctx, first); err != nil || !slices.Equal(chats, []people.ChatID{e.group}) {
		t.Fatalf("PostedChats = %v, %v", chats, err)
	}
	if err := e.reviews.MarkAnnounced(ctx, first); err != nil {
		t.Fatal(err)
	}
	if got := e.claim(-time.Minute); got != 0 {
		t.Errorf("an announced alert was claimed again: %d", got)
	}
	if posts := e.unsettled(); len(posts) != 0 {
		t.Fatalf("posts of an undecided alert to settle: %+v", posts)
	}

	// Decided: its post is settled once; a failed edit puts it back.
	if _, err := e.svc.Approve(ctx, first, "staff:3"); err != nil {
		t.Fatal(err)
	}
	want := []moderation.Post{{Alert: first, Chat: e.group, MessageID: 10}}
	if posts := e.unsettled(); !slices.Equal(posts, want) {
		t.Fatalf("ClaimUnsettled = %+v, want %+v", posts, want)
	}
	if posts := e.unsettled(); len(posts) != 0 {
		t.Fatalf("settled twice: %+v", posts)
	}
	if err := e.reviews.ReleasePost(ctx, want[0]); err != nil {
		t.Fatal(err)
	}
	if posts := e.unsettled(); !slices.Equal(posts, want) {
		t.Fatalf("after release: %+v, want %+v", posts, want)
	}

	// Decisions, from the audit log.
	if _, err := e.svc.Reject(ctx, second, "org:2", "Not a sample from this region."); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		id   alerts.AlertID
		want alerts.Decision
	}{
		{first, alerts.Decision{ID: first, Approve: true, Actor: "staff:3", At: e.now}},
		{second, alerts.Decision{ID: second, Actor: "org:2", Note: "Not a sample from this region.", At: e.now}},
	} {
		d, err := e.reviews.Decision(ctx, tt.id)
		if err != nil || d.ID != tt.want.ID || d.Approve != tt.want.Approve || d.Actor != tt.want.Actor || d.Note != tt.want.Note || !d.At.Equal(tt.want.At) {
			t.Errorf("Decision(%d) = %+v, %v; want %+v", tt.id, d, err, tt.want)
		}
	}
	third := e.submit("R-3")
	_, err := e.reviews.Decision(ctx, third)
	wantCode(t, err, alerts.ErrNotFound, "")

	recent, err := e.store.RecentAlerts(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(recent); !slices.Equal(got, []alerts.AlertID{third, second, first}) {
		t.Errorf("RecentAlerts = %v", got)
	}

	// Another partner's alert is newest overall, and only its own.
	other, _, err := e.svc.Submit(ctx, e.addPartner("Other Lab", false, "PL"), newAlert("O-1"), alerts.FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		partner alerts.PartnerID
		limit   int
		want    []alerts.AlertID
	}{
		{e.lab.ID, 10, []alerts.AlertID{third, second, first}},
		{e.lab.ID, 2, []alerts.AlertID{third, second}},
		{other.PartnerID, 10, []alerts.AlertID{other.ID}},
		{other.PartnerID + 100, 10, nil},
	} {
		got, err := e.store.PartnerAlerts(ctx, tt.partner, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(got), tt.want) {
			t.Errorf("PartnerAlerts(%d, %d) = %v, want %v", tt.partner, tt.limit, ids(got), tt.want)
		}
	}
}

// TestReviewClaimsAcrossReplicas: replicas claiming at once each get
// different alerts, and every alert is claimed once.
func TestReviewClaimsAcrossReplicas(t *testing.T) {
	e := newReviewEnv(t)
	var want []alerts.AlertID
	for i := range 12 {
		want = append(want, e.submit(fmt.Sprintf("C-%d", i)))
	}
	var mu sync.Mutex
	var got []alerts.AlertID
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				id, ok, err := e.reviews.ClaimUnannounced(testContext(t), time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if !ok {
					return
				}
				mu.Lock()
				got = append(got, id)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("claimed %v, want each of %v once", got, want)
	}
}
