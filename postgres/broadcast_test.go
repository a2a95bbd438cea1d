package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/broadcast"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/privacy"
)

// ledger is a migrated database with the stores the ledger tests use.
type ledger struct {
	db      *DB
	people  *PeopleStore
	store   *BroadcastStore
	vocab   *content.Substances
	regions *content.Regions
	partner int64
}

func newLedger(t *testing.T) *ledger {
	t.Helper()
	db, ps := newStore(t)
	vocab, err := content.LoadSubstances()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := privacy.NewSealer(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	l := &ledger{db: db, people: ps, vocab: vocab, regions: regions}
	l.store = NewBroadcastStore(db, sealer, func(a *alerts.Alert) alerts.Audience {
		return alerts.AudienceOf(a, vocab, regions)
	})
	err = db.pool.QueryRow(testContext(t), `
		INSERT INTO partners (name, regions, token_hash) VALUES ('Test lab', '{PL,PT}', sha256('t'::bytea)) RETURNING id`).
		Scan(&l.partner)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// person creates an onboarded person; edit changes anything before saving.
func (l *ledger) person(t *testing.T, chat people.ChatID, edit func(*people.Person)) *people.Person {
	t.Helper()
	ctx := testContext(t)
	p, err := l.people.CreatePerson(ctx, chat, "en")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	p.ConsentedAt, p.OnboardedAt, p.Regions = &now, &now, []string{"PL-14"}
	if edit != nil {
		edit(p)
	}
	if err := l.people.SavePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	if !p.Active {
		if err := l.people.SetActive(ctx, chat, false); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// publish stores a published alert version as the intake would, replacing
// the version replaces (0 for a new alert), and returns its id.
func (l *ledger) publish(t *testing.T, a *alerts.Alert, replaces int64) alerts.AlertID {
	t.Helper()
	body, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	err = l.db.pool.QueryRow(testContext(t), `
		WITH n AS (SELECT nextval('alerts_id_seq') AS id)
		INSERT INTO alerts (id, partner_id, identifier, chain_id, replaces, msg_type, severity, status, regions, body, format, published_at)
		SELECT n.id, $1, $2, coalesce((SELECT chain_id FROM alerts WHERE id = $3), n.id), nullif($3, 0), $4, $5, 'published', $6, $7, 'json', now()
		FROM n RETURNING id`,
		l.partner, a.Identifier, replaces, a.MsgType.String(), a.Severity.String(), a.Regions, body).Scan(&id)
	if err != nil {
		t.Fatalf("storing alert: %v", err)
	}
	return alerts.AlertID(id)
}

func (l *ledger) plan(t *testing.T, id alerts.AlertID) {
	t.Helper()
	ok, err := l.store.PlanAlert(testContext(t), id)
	if err != nil || !ok {
		t.Fatalf("PlanAlert(%d) = %v, %v", id, ok, err)
	}
}

// planned returns the deliveries of an alert version by person.
type plannedRow struct {
	action broadcast.Action
	state  broadcast.State
	ids    []int32
}

func (l *ledger) planned(t *testing.T, id alerts.AlertID) map[people.PersonID]plannedRow {
	t.Helper()
	rows, err := l.db.pool.Query(testContext(t), `
		SELECT d.person_id, d.action, d.state, d.message_ids FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id
		WHERE b.alert_id = $1`, int64(id))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[people.PersonID]plannedRow{}
	for rows.Next() {
		var p int64
		var r plannedRow
		if err := rows.Scan(&p, &r.action, &r.state, &r.ids); err != nil {
			t.Fatal(err)
		}
		out[people.PersonID(p)] = r
	}
	return out
}

func sampleAlert(id string, sev alerts.Severity, regions []string, substances ...string) *alerts.Alert {
	a := &alerts.Alert{Identifier: id, MsgType: alerts.MsgAlert, Severity: sev, Regions: regions,
		SoldAs: "MDMA", Advice: map[string]string{"en": "Take care."}}
	for _, s := range substances {
		a.Contents = append(a.Contents, alerts.Content{Substance: s})
	}
	return a
}

// TestPlanMatchesReaches checks that the SQL that picks recipients agrees
// with alerts.Reaches, the rule as written in the domain, on a random
// population and random alerts.
func TestPlanMatchesReaches(t *testing.T) {
	l := newLedger(t)
	rng := rand.New(rand.NewPCG(7, 11))
	codes := []string{"PL", "PL-14", "PL-12", "PL-24", "PT", "PT-11", "PT-13"}
	pick := func(from []string) []string {
		var out []string
		for _, c := range from {
			if rng.IntN(4) == 0 {
				out = append(out, c)
			}
		}
		return out
	}
	var population []*people.Person
	for i := range 300 {
		population = append(population, l.person(t, people.ChatID(1000+i), func(p *people.Person) {
			p.Regions = pick(codes)
			p.SubstanceGroups = pick(people.SubstanceGroups)
			p.BroadcastsStopped = rng.IntN(10) == 0
			p.Active = rng.IntN(10) != 0
			if rng.IntN(10) == 0 {
				p.OnboardedAt = nil
			}
		}))
	}
	substances := []string{"isotonitazene", "xylazine", "cocaine", "mdma", "ketamine"}
	for i := range 12 {
		a := sampleAlert(fmt.Sprintf("a%d", i), alerts.Severity(1+rng.IntN(3)), pick(codes), pick(substances)...)
		if len(a.Regions) == 0 {
			a.Regions = []string{codes[rng.IntN(len(codes))]}
		}
		id := l.publish(t, a, 0)
		l.plan(t, id)
		got := l.planned(t, id)
		var want, have []people.PersonID
		for _, p := range population {
			if p.Onboarded() && alerts.Reaches(a, p, l.vocab) {
				want = append(want, p.ID)
			}
		}
		for p, r := range got {
			if r.action != broadcast.Send || r.state != broadcast.Pending {
				t.Errorf("alert %d: person %d planned as %+v, want a pending send", i, p, r)
			}
			have = append(have, p)
		}
		slices.Sort(have)
		t.Logf("alert %d (%s, %v): %d recipients", i, a.Severity, a.Regions, len(have))
		if !slices.Equal(have, want) {
			t.Errorf("alert %d (%s, %v, %v): planned for %d people, Reaches accepts %d", i, a.Severity, a.Regions, a.Contents, len(have), len(want))
		}
	}
}

func TestPlanIsOnceOnly(t *testing.T) {
	l := newLedger(t)
	l.person(t, 1, nil)
	id := l.publish(t, sampleAlert("once", alerts.Warning, []string{"PL-14"}, "isotonitazene"), 0)
	var wg sync.WaitGroup
	var mu sync.Mutex
	plans := 0
	for range 4 {
		wg.Go(func() {
			ok, err := l.store.PlanAlert(testContext(t), id)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				plans++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if plans != 1 || len(l.planned(t, id)) != 1 {
		t.Fatalf("planned %d times, %d deliveries; want once, 1", plans, len(l.planned(t, id)))
	}
	n, err := l.store.PlanPending(testContext(t))
	if err != nil || n != 0 {
		t.Fatalf("PlanPending after planning = %d, %v", n, err)
	}
}

// deliver records a send of the alert's pending deliveries as the engine
// would, with message ids from first, sent age ago.
func (l *ledger) deliver(t *testing.T, id alerts.AlertID, person people.PersonID, ids []int, age time.Duration) {
	t.Helper()
	ctx := testContext(t)
	var bid int64
	if err := l.db.pool.QueryRow(ctx, `SELECT id FROM broadcasts WHERE alert_id = $1`, int64(id)).Scan(&bid); err != nil {
		t.Fatal(err)
	}
	err := l.store.Record(ctx, []broadcast.Result{{Broadcast: broadcast.ID(bid), Person: person, State: broadcast.Sent, MessageIDs: ids}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.db.pool.Exec(ctx, `UPDATE deliveries SET messages_at = now() - $3 * interval '1 second'
		WHERE broadcast_id = $1 AND person_id = $2`, bid, int64(person), age.Seconds()); err != nil {
		t.Fatal(err)
	}
}

func TestPlanUpdateAndCancel(t *testing.T) {
	l := newLedger(t)
	recent := l.person(t, 1, nil)
	old := l.person(t, 2, nil)
	waiting := l.person(t, 3, nil)
	newRegion := l.person(t, 4, func(p *people.Person) { p.Regions = []string{"PL-12"} })
	stopped := l.person(t, 5, func(p *people.Person) { p.Regions = []string{"PL-12"}; p.BroadcastsStopped = true })

	v1 := sampleAlert("v1", alerts.Caution, []string{"PL-14"}, "isotonitazene")
	for _, p := range []*people.Person{recent, old, waiting} {
		p.SubstanceGroups = []string{"opioids"}
		if err := l.people.SavePerson(testContext(t), p); err != nil {
			t.Fatal(err)
		}
	}
	id1 := l.publish(t, v1, 0)
	l.plan(t, id1)
	l.deliver(t, id1, recent.ID, []int{10, 11}, time.Hour)
	l.deliver(t, id1, old.ID, []int{20}, 50*time.Hour)

	// An update that raises the severity and adds a region.
	v2 := sampleAlert("v2", alerts.Warning, []string{"PL-14", "PL-12"}, "isotonitazene")
	v2.MsgType, v2.References = alerts.MsgUpdate, []alerts.Reference{{Identifier: "v1"}}
	id2 := l.publish(t, v2, int64(id1))
	l.plan(t, id2)

	if got := l.planned(t, id1)[waiting.ID]; got.state != broadcast.Superseded {
		t.Errorf("the first version's pending delivery is %+v, want superseded", got)
	}
	got := l.planned(t, id2)
	want := map[people.PersonID]plannedRow{
		recent.ID:    {action: broadcast.EditFollowUp, ids: []int32{10, 11}},
		old.ID:       {action: broadcast.FollowUp, ids: []int32{20}},
		waiting.ID:   {action: broadcast.Send, ids: []int32{}},
		newRegion.ID: {action: broadcast.Send, ids: []int32{}},
	}
	checkPlanned(t, "update", got, want)
	if _, ok := got[stopped.ID]; ok {
		t.Errorf("a person who stopped broadcasts is planned")
	}

	// A correction that changes nothing serious: edits only, no follow-ups.
	l.deliver(t, id2, recent.ID, nil, time.Hour)
	l.deliver(t, id2, newRegion.ID, []int{40}, time.Minute)
	v3 := sampleAlert("v3", alerts.Warning, []string{"PL-14", "PL-12"}, "isotonitazene", "xylazine")
	v3.MsgType, v3.References = alerts.MsgUpdate, []alerts.Reference{{Identifier: "v2"}}
	id3 := l.publish(t, v3, int64(id2))
	l.plan(t, id3)
	checkPlanned(t, "correction", l.planned(t, id3), map[people.PersonID]plannedRow{
		recent.ID:    {action: broadcast.Edit, ids: []int32{10, 11}},
		newRegion.ID: {action: broadcast.Edit, ids: []int32{40}},
		// The old delivery is past editing and there is nothing to follow
		// up; the waiting person's send is still pending, so it is
		// superseded and planned again.
		waiting.ID: {action: broadcast.Send, ids: []int32{}},
	})

	// A cancel: edits and follow-ups to everyone who has it, nothing new.
	l.deliver(t, id3, waiting.ID, []int{30}, time.Minute)
	v4 := sampleAlert("v4", alerts.Warning, []string{"PL-14", "PL-12"})
	v4.MsgType, v4.References = alerts.MsgCancel, []alerts.Reference{{Identifier: "v3"}}
	id4 := l.publish(t, v4, int64(id3))
	l.plan(t, id4)
	checkPlanned(t, "cancel", l.planned(t, id4), map[people.PersonID]plannedRow{
		recent.ID:    {action: broadcast.EditFollowUp, ids: []int32{10, 11}},
		newRegion.ID: {action: broadcast.EditFollowUp, ids: []int32{40}},
		waiting.ID:   {action: broadcast.EditFollowUp, ids: []int32{30}},
		old.ID:       {action: broadcast.FollowUp, ids: []int32{20}},
	})
}

func checkPlanned(t *testing.T, name string, got, want map[people.PersonID]plannedRow) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: planned %d deliveries %+v, want %d", name, len(got), got, len(want))
	}
	for p, w := range want {
		g, ok := got[p]
		if !ok {
			t.Errorf("%s: person %d not planned", name, p)
			continue
		}
		if g.action != w.action || g.state != broadcast.Pending || !slices.Equal(g.ids, w.ids) {
			t.Errorf("%s: person %d planned %+v, want action %d with messages %v", name, p, g, w.action, w.ids)
		}
	}
}

func TestClaimAndRecord(t *testing.T) {
	l := newLedger(t)
	ctx := testContext(t)
	const n = 400
	for i := range n {
		l.person(t, people.ChatID(i+1), nil)
	}
	blocked := l.person(t, 9001, func(p *people.Person) { p.Active = true })
	stopped := l.person(t, 9002, nil)
	id := l.publish(t, sampleAlert("claim", alerts.Warning, []string{"PL"}, "fentanyl"), 0)
	l.plan(t, id)
	// They change their minds after planning.
	if err := l.people.SetActive(ctx, 9001, false); err != nil {
		t.Fatal(err)
	}
	stopped.BroadcastsStopped = true
	if err := l.people.SavePerson(ctx, stopped); err != nil {
		t.Fatal(err)
	}

	// Four claimers at once get disjoint sets that cover everyone reachable.
	var mu sync.Mutex
	seen := map[people.PersonID]broadcast.Delivery{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				batch, err := l.store.Claim(ctx, bot.PriorityAlert, 37, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if len(batch) == 0 {
					return
				}
				mu.Lock()
				for _, d := range batch {
					if _, dup := seen[d.Person]; dup {
						t.Errorf("person %d claimed twice", d.Person)
					}
					seen[d.Person] = d
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != n {
		t.Fatalf("claimed %d deliveries, want %d", len(seen), n)
	}
	for _, d := range seen {
		if d.Chat < 1 || d.Chat > n || d.Lang != "en" || d.Region != "PL-14" || d.Kind != broadcast.KindAlert ||
			d.Subject != int64(id) || d.Attempts != 1 || d.Priority != bot.PriorityAlert {
			t.Fatalf("claimed delivery %+v", d)
		}
	}
	planned := l.planned(t, id)
	if planned[blocked.ID].state != broadcast.Unreachable || planned[stopped.ID].state != broadcast.Skipped {
		t.Fatalf("blocked %+v, stopped %+v; want unreachable and skipped", planned[blocked.ID], planned[stopped.ID])
	}

	// Record: sends, a retry due now, a release; a second result for a
	// settled row changes nothing.
	var results []broadcast.Result
	var retry, release people.PersonID
	i := 0
	for p, d := range seen {
		r := broadcast.Result{Broadcast: d.Broadcast, Person: p, State: broadcast.Sent, MessageIDs: []int{int(p)}}
		switch i {
		case 0:
			retry, r.State, r.MessageIDs, r.NextAt = p, broadcast.Pending, nil, time.Now().Add(-time.Second)
		case 1:
			release, r.State, r.MessageIDs, r.NextAt = p, broadcast.Pending, nil, time.Now().Add(-time.Second)
		}
		results = append(results, r)
		i++
	}
	if err := l.store.Record(ctx, results); err != nil {
		t.Fatal(err)
	}
	again := results[2]
	again.State, again.MessageIDs = broadcast.Failed, nil
	if err := l.store.Record(ctx, []broadcast.Result{again}); err != nil {
		t.Fatal(err)
	}
	if got := l.planned(t, id)[again.Person]; got.state != broadcast.Sent || !slices.Equal(got.ids, []int32{int32(again.Person)}) {
		t.Fatalf("a settled delivery changed to %+v", got)
	}
	batch, err := l.store.Claim(ctx, bot.PriorityAlert, 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var reclaimed []people.PersonID
	for _, d := range batch {
		reclaimed = append(reclaimed, d.Person)
		if d.Attempts != 2 {
			t.Errorf("reclaimed delivery has %d attempts, want 2", d.Attempts)
		}
	}
	slices.Sort(reclaimed)
	want := []people.PersonID{retry, release}
	slices.Sort(want)
	if !slices.Equal(reclaimed, want) {
		t.Fatalf("reclaimed %v, want the retried and released %v", reclaimed, want)
	}
	// Campaign-lane claims do not see alert deliveries.
	if batch, err := l.store.Claim(ctx, bot.PriorityCampaign, 10, time.Minute); err != nil || len(batch) != 0 {
		t.Fatalf("campaign claim = %d, %v", len(batch), err)
	}

	st, err := l.store.DeliveryStats(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Recipients != n+2 || st.Sent != n-2 || st.Pending != 2 || st.Blocked != 1 || st.Skipped != 1 ||
		st.FirstDelivery <= 0 || st.LastDelivery < st.FirstDelivery || st.P50 <= 0 || st.P95 < st.P50 {
		t.Fatalf("stats %+v", st)
	}
	if st, err := l.store.DeliveryStats(ctx, id+1000); err != nil || st != (alerts.DeliveryStats{}) {
		t.Fatalf("stats of an unknown alert = %+v, %v", st, err)
	}
}

func TestListen(t *testing.T) {
	l := newLedger(t)
	ctx, cancel := context.WithCancel(testContext(t))
	defer cancel()
	alertsSeen, deliveriesSeen := make(chan struct{}, 10), make(chan struct{}, 10)
	go l.db.Listen(ctx, func() { alertsSeen <- struct{}{} }, func() { deliveriesSeen <- struct{}{} })
	// Listening starts with one call of each, for what was missed.
	for _, c := range []chan struct{}{alertsSeen, deliveriesSeen} {
		select {
		case <-c:
		case <-ctx.Done():
			t.Fatal("no initial call")
		}
	}
	if _, err := l.db.pool.Exec(ctx, `SELECT pg_notify($1, '1')`, AlertsChannel); err != nil {
		t.Fatal(err)
	}
	select {
	case <-alertsSeen:
	case <-ctx.Done():
		t.Fatal("no call for a published alert")
	}
	l.person(t, 1, nil)
	l.plan(t, l.publish(t, sampleAlert("n", alerts.Warning, []string{"PL"}), 0))
	select {
	case <-deliveriesSeen:
	case <-ctx.Done():
		t.Fatal("no call for planned deliveries")
	}
}

func TestSeedPeople(t *testing.T) {
	l := newLedger(t)
	ctx := testContext(t)
	chats := []people.ChatID{101, 102, 103}
	if err := l.people.SeedPeople(ctx, chats, "pl", []string{"PL-14"}, []string{"opioids"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range chats {
		p, err := l.people.GetPerson(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Onboarded() || !p.Consented() || !p.Active || p.Lang != "pl" ||
			!slices.Equal(p.Regions, []string{"PL-14"}) || !slices.Equal(p.SubstanceGroups, []string{"opioids"}) {
			t.Fatalf("seeded person %+v", p)
		}
	}
}

func TestPlanExpiry(t *testing.T) {
	l := newLedger(t)
	ctx := testContext(t)
	recent := l.person(t, 1, nil)
	old := l.person(t, 2, nil)
	a := sampleAlert("exp", alerts.Warning, []string{"PL-14"}, "isotonitazene")
	a.Expires = time.Now().Add(time.Hour)
	id := l.publish(t, a, 0)
	l.plan(t, id)
	l.deliver(t, id, recent.ID, []int{7, 8}, time.Hour)
	l.deliver(t, id, old.ID, []int{9}, 50*time.Hour)
	if _, err := l.db.pool.Exec(ctx, `UPDATE alerts SET expires = now() - interval '1 second' WHERE id = $1`, int64(id)); err != nil {
		t.Fatal(err)
	}
	n, err := l.store.PlanPending(ctx)
	if err != nil || n != 1 {
		t.Fatalf("PlanPending = %d, %v; want the expiry planned", n, err)
	}
	if n, err := l.store.PlanPending(ctx); err != nil || n != 0 {
		t.Fatalf("PlanPending again = %d, %v; want nothing", n, err)
	}
	rows, err := l.db.pool.Query(ctx, `SELECT d.person_id, d.action, d.message_ids FROM deliveries d
		JOIN broadcasts b ON b.id = d.broadcast_id WHERE b.alert_id = $1 AND b.kind = 'expiry'`, int64(id))
	if err != nil {
		t.Fatal(err)
	}
	got := map[people.PersonID]plannedRow{}
	for rows.Next() {
		var p int64
		var r plannedRow
		if err := rows.Scan(&p, &r.action, &r.ids); err != nil {
			t.Fatal(err)
		}
		got[people.PersonID(p)] = r
	}
	checkPlanned(t, "expiry", got, map[people.PersonID]plannedRow{recent.ID: {action: broadcast.Edit, ids: []int32{7, 8}}})
	// The delivery stats are the alert's, not the expiry run's.
	if st, err := l.store.DeliveryStats(ctx, id); err != nil || st.Recipients != 2 || st.Sent != 2 {
		t.Fatalf("stats %+v, %v", st, err)
	}
}
