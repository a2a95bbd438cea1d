package postgres

import (
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/broadcast"
	"github.com/peerbot/peerbot/campaigns"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
)

// campaignBench is a ledger with a campaign store and organisations.
type campaignBench struct {
	*ledger
	campaigns *CampaignStore
}

func newCampaignBench(t *testing.T) *campaignBench {
	t.Helper()
	l := newLedger(t)
	return &campaignBench{ledger: l, campaigns: NewCampaignStore(l.db, l.regions)}
}

// org adds an organisation working in regions.
func (b *campaignBench) org(t *testing.T, name string, regions ...string) orgs.OrgID {
	t.Helper()
	var id int64
	if err := b.db.pool.QueryRow(testContext(t), `INSERT INTO organisations (name, regions) VALUES ($1, $2) RETURNING id`,
		name, nonNil(regions)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return orgs.OrgID(id)
}

func (b *campaignBench) member(t *testing.T, org orgs.OrgID, p people.PersonID, role orgs.Role) {
	t.Helper()
	if _, err := b.db.pool.Exec(testContext(t), `INSERT INTO members (org_id, person_id, role) VALUES ($1, $2, $3)`,
		org, p, string(role)); err != nil {
		t.Fatal(err)
	}
}

// create stores a draft of org with segment seg.
func (b *campaignBench) create(t *testing.T, org orgs.OrgID, seg campaigns.Segment, edit func(*campaigns.Campaign)) *campaigns.Campaign {
	t.Helper()
	c := &campaigns.Campaign{
		Org: org, Texts: map[string]string{"en": "Free testing on Thursday.", "pl": "Testy w czwartek."}, DefaultLang: "en",
		Buttons: []campaigns.Button{{Text: map[string]string{"en": "Where"}, URL: "https://example.org"}},
		Segment: seg, QuietStart: 0, QuietEnd: 0, CreatedBy: "api:org:1",
	}
	if edit != nil {
		edit(c)
	}
	created, err := b.campaigns.Create(testContext(t), c)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	return created
}

// sendNow schedules a campaign for now and plans it.
func (b *campaignBench) sendNow(t *testing.T, c *campaigns.Campaign) {
	t.Helper()
	ctx := testContext(t)
	if _, err := b.campaigns.Schedule(ctx, c.Org, c.ID, time.Time{}); err != nil {
		t.Fatalf("Schedule: %v", err)
	}
	ok, err := b.campaigns.PlanCampaign(ctx, c.ID)
	if err != nil || !ok {
		t.Fatalf("PlanCampaign(%d) = %v, %v", c.ID, ok, err)
	}
}

// deliveries returns the campaign's deliveries: state and next_at by person.
func (b *campaignBench) deliveries(t *testing.T, id campaigns.CampaignID) map[people.PersonID]campaignDelivery {
	t.Helper()
	rows, err := b.db.pool.Query(testContext(t), `
		SELECT d.person_id, d.state, d.next_at, d.priority, b.created_at FROM deliveries d
		JOIN broadcasts b ON b.id = d.broadcast_id WHERE b.campaign_id = $1`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[people.PersonID]campaignDelivery{}
	for rows.Next() {
		var p int64
		var d campaignDelivery
		if err := rows.Scan(&p, &d.state, &d.nextAt, &d.priority, &d.planned); err != nil {
			t.Fatal(err)
		}
		out[people.PersonID(p)] = d
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

type campaignDelivery struct {
	state           broadcast.State
	nextAt, planned time.Time
	priority        int
}

func TestCampaignSegments(t *testing.T) {
	b := newCampaignBench(t)
	ctx := testContext(t)
	ngo := b.org(t, "Polish NGO", "PL")
	other := b.org(t, "Other NGO", "PL")
	everywhere := b.org(t, "Network")

	type who struct {
		chat people.ChatID
		edit func(*people.Person)
	}
	chats := map[string]who{
		"peer in Mazovia":        {1, func(p *people.Person) { p.Lang, p.SubstanceGroups = "pl", []string{"opioids"} }},
		"staff in Lesser Poland": {2, func(p *people.Person) { p.Regions, p.SubstanceGroups = []string{"PL-12"}, []string{"stimulants"} }},
		"whole of Poland":        {3, func(p *people.Person) { p.Lang, p.Regions = "uk", []string{"PL"} }},
		"in Lisbon": {4, func(p *people.Person) {
			p.Lang, p.Regions, p.SubstanceGroups = "pt", []string{"PT-11"}, []string{"opioids"}
		}},
		"muted campaigns":                {5, func(p *people.Person) { p.CampaignsMuted = true }},
		"stopped broadcasts":             {6, func(p *people.Person) { p.BroadcastsStopped = true }},
		"blocked the bot":                {7, func(p *people.Person) { p.Active = false }},
		"not onboarded":                  {8, func(p *people.Person) { p.OnboardedAt = nil }},
		"admin of another org":           {9, func(p *people.Person) { p.Regions = []string{"PL-14", "PT-11"} }},
		"second region is Lesser Poland": {10, func(p *people.Person) { p.Regions = []string{"PT-11", "PL-12"} }},
		"muted but follows opioids":      {11, func(p *people.Person) { p.CampaignsMuted, p.SubstanceGroups = true, []string{"opioids"} }},
		"peer of ngo who is stopped":     {12, func(p *people.Person) { p.BroadcastsStopped = true }},
	}
	ids := map[string]people.PersonID{}
	byID := map[people.PersonID]string{}
	for name, w := range chats {
		p := b.person(t, w.chat, w.edit)
		ids[name], byID[p.ID] = p.ID, name
	}
	b.member(t, ngo, ids["peer in Mazovia"], orgs.RolePeer)
	b.member(t, ngo, ids["staff in Lesser Poland"], orgs.RoleStaff)
	b.member(t, ngo, ids["peer of ngo who is stopped"], orgs.RolePeer)
	b.member(t, other, ids["admin of another org"], orgs.RoleAdmin)

	tests := []struct {
		name string
		org  orgs.OrgID
		seg  campaigns.Segment
		want []string
	}{
		{"everyone in the organisation's regions", ngo, campaigns.Segment{},
			[]string{"peer in Mazovia", "staff in Lesser Poland", "whole of Poland", "admin of another org", "second region is Lesser Poland"}},
		{"an organisation without regions reaches everyone", everywhere, campaigns.Segment{},
			[]string{"peer in Mazovia", "staff in Lesser Poland", "whole of Poland", "in Lisbon", "admin of another org", "second region is Lesser Poland"}},
		{"a region reaches people following its country", ngo, campaigns.Segment{Regions: []string{"PL-14"}},
			[]string{"peer in Mazovia", "whole of Poland", "admin of another org"}},
		{"any of a person's regions counts", ngo, campaigns.Segment{Regions: []string{"PL-12"}},
			[]string{"staff in Lesser Poland", "whole of Poland", "second region is Lesser Poland"}},
		{"a country reaches its regions", everywhere, campaigns.Segment{Regions: []string{"PT"}},
			[]string{"in Lisbon", "admin of another org", "second region is Lesser Poland"}},
		{"languages", ngo, campaigns.Segment{Langs: []string{"pl", "uk"}},
			[]string{"peer in Mazovia", "whole of Poland"}},
		{"peers of this organisation", ngo, campaigns.Segment{Roles: []orgs.Role{orgs.RolePeer}},
			[]string{"peer in Mazovia"}},
		{"staff and admins of this organisation", ngo, campaigns.Segment{Roles: []orgs.Role{orgs.RoleStaff, orgs.RoleAdmin}},
			[]string{"staff in Lesser Poland"}},
		{"roles are the sending organisation's only", other, campaigns.Segment{Roles: []orgs.Role{orgs.RolePeer, orgs.RoleStaff}},
			nil},
		{"substance groups", everywhere, campaigns.Segment{Groups: []string{"opioids", "mdma"}},
			[]string{"peer in Mazovia", "in Lisbon"}},
		{"every part must match", everywhere, campaigns.Segment{Regions: []string{"PL"}, Groups: []string{"opioids"}, Langs: []string{"pl"}},
			[]string{"peer in Mazovia"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := b.create(t, tt.org, tt.seg, nil)
			b.sendNow(t, c)
			var got []string
			for id, d := range b.deliveries(t, c.ID) {
				got = append(got, byID[id])
				if d.state != broadcast.Pending || d.priority != int(bot.PriorityCampaign) || !d.nextAt.Equal(d.planned) {
					t.Errorf("%s: delivery %+v, want pending now in the campaign lane", byID[id], d)
				}
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Errorf("reached %q\nwant %q", got, want)
			}
			after, err := b.campaigns.Get(ctx, c.Org, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			st, err := b.campaigns.Stats(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			wantStatus := campaigns.Sending
			if len(want) == 0 {
				wantStatus = campaigns.Sent
			}
			if after.Status != wantStatus || after.PlannedAt == nil || st.Recipients != len(want) || st.Pending != len(want) {
				t.Errorf("after planning: status %s, planned %v, stats %+v", after.Status, after.PlannedAt, st)
			}
		})
	}
}

func TestCampaignQuietHours(t *testing.T) {
	b := newCampaignBench(t)
	ctx := testContext(t)
	org := b.org(t, "Network")
	warsaw := b.person(t, 1, func(p *people.Person) { p.Regions = []string{"PL-14"} })
	poland := b.person(t, 2, func(p *people.Person) { p.Regions = []string{"PL"} })
	lisbon := b.person(t, 3, func(p *people.Person) { p.Regions = []string{"PT-11", "PL-14"} })

	// Quiet for the current hour in Poland: Portugal is an hour behind, so
	// it is not quiet there.
	plLoc, _ := b.regions.CountryOf("PL")
	ptLoc, _ := b.regions.CountryOf("PT")
	var dbNow time.Time
	if err := b.db.pool.QueryRow(ctx, `SELECT now()`).Scan(&dbNow); err != nil {
		t.Fatal(err)
	}
	hour := dbNow.In(plLoc.Location).Hour()
	c := b.create(t, org, campaigns.Segment{}, func(c *campaigns.Campaign) {
		c.QuietStart, c.QuietEnd = hour, (hour+1)%24
	})
	b.sendNow(t, c)
	got := b.deliveries(t, c.ID)
	if len(got) != 3 {
		t.Fatalf("planned %d deliveries, want 3", len(got))
	}
	planned := got[warsaw.ID].planned
	for _, p := range []*people.Person{warsaw, poland, lisbon} {
		loc := plLoc.Location
		if p == lisbon {
			loc = ptLoc.Location
		}
		want := campaigns.NextSendTime(loc, planned, c.QuietStart, c.QuietEnd)
		if d := got[p.ID]; !d.nextAt.Equal(want) {
			t.Errorf("person in %v: next_at %s, want %s", p.Regions, d.nextAt, want)
		}
	}
	// The planning hour may have just ended in Poland; when it has not, the
	// Polish deliveries wait and only Lisbon's can be claimed.
	if got[warsaw.ID].nextAt.Equal(planned) {
		t.Skip("the quiet hour ended while planning; nothing left to check")
	}
	if !got[warsaw.ID].nextAt.After(planned) || !got[lisbon.ID].nextAt.Equal(planned) {
		t.Fatalf("quiet hours did not shift next_at: %+v", got)
	}
	claimed, err := b.store.Claim(ctx, bot.PriorityCampaign, 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(claimed) != 1 || claimed[0].Person != lisbon.ID || claimed[0].Kind != broadcast.KindCampaign ||
		claimed[0].Subject != int64(c.ID) {
		t.Errorf("claimed %+v, want the delivery to Lisbon of campaign %d", claimed, c.ID)
	}
}

func TestCampaignMutedAfterPlanningIsSkipped(t *testing.T) {
	b := newCampaignBench(t)
	ctx := testContext(t)
	org := b.org(t, "Network")
	keeps := b.person(t, 1, nil)
	mutes := b.person(t, 2, nil)
	c := b.create(t, org, campaigns.Segment{}, nil)
	b.sendNow(t, c)
	// An alert to the same person still goes out.
	alert := b.publish(t, sampleAlert("muted", alerts.Warning, []string{"PL"}, "fentanyl"), 0)
	b.plan(t, alert)

	mutes.CampaignsMuted = true
	if err := b.people.SavePerson(ctx, mutes); err != nil {
		t.Fatal(err)
	}
	claimed, err := b.store.Claim(ctx, bot.PriorityCampaign, 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(claimed) != 1 || claimed[0].Person != keeps.ID {
		t.Errorf("claimed %+v, want only person %d", claimed, keeps.ID)
	}
	if d := b.deliveries(t, c.ID)[mutes.ID]; d.state != broadcast.Skipped {
		t.Errorf("muted person's campaign delivery is %s, want skipped", d.state)
	}
	alertDeliveries, err := b.store.Claim(ctx, bot.PriorityAlert, 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(alertDeliveries) != 2 {
		t.Errorf("claimed %d alert deliveries, want 2: muting campaigns must not mute alerts", len(alertDeliveries))
	}
}

func TestCampaignScheduleCancelAndSettle(t *testing.T) {
	b := newCampaignBench(t)
	ctx := testContext(t)
	org := b.org(t, "Network")
	other := b.org(t, "Other")
	var persons []people.PersonID
	for i := range 3 {
		persons = append(persons, b.person(t, people.ChatID(i+1), nil).ID)
	}

	// Another organisation sees nothing of it.
	c := b.create(t, org, campaigns.Segment{}, nil)
	if _, err := b.campaigns.Get(ctx, other, c.ID); !errors.Is(err, campaigns.ErrNotFound) {
		t.Errorf("Get by another organisation: %v, want ErrNotFound", err)
	}
	for name, op := range map[string]func() error{
		"Schedule": func() error { _, err := b.campaigns.Schedule(ctx, other, c.ID, time.Time{}); return err },
		"Cancel":   func() error { _, err := b.campaigns.Cancel(ctx, other, c.ID); return err },
	} {
		if err := op(); !errors.Is(err, campaigns.ErrNotFound) {
			t.Errorf("%s by another organisation: %v, want ErrNotFound", name, err)
		}
	}

	// Scheduled for later: not planned yet.
	later := time.Now().Add(time.Hour).Truncate(time.Second)
	s, err := b.campaigns.Schedule(ctx, org, c.ID, later)
	if err != nil {
		t.Fatal(err)
	}
	if s.Status != campaigns.Scheduled || s.SendAt == nil || !s.SendAt.Equal(later) {
		t.Errorf("scheduled campaign %+v, want scheduled at %s", s, later)
	}
	if n, err := b.campaigns.PlanPending(ctx); err != nil || n != 0 {
		t.Errorf("PlanPending before it is due = %d, %v", n, err)
	}
	// Brought forward to now: planned once, whoever asks.
	if _, err := b.campaigns.Schedule(ctx, org, c.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if n, err := b.campaigns.PlanPending(ctx); err != nil || n != 1 {
		t.Errorf("PlanPending when due = %d, %v; want 1", n, err)
	}
	if n, err := b.campaigns.PlanPending(ctx); err != nil || n != 0 {
		t.Errorf("PlanPending again = %d, %v; want 0", n, err)
	}
	if _, err := b.campaigns.Schedule(ctx, org, c.ID, time.Time{}); !errors.Is(err, campaigns.ErrNotEditable) {
		t.Errorf("Schedule while sending: %v, want ErrNotEditable", err)
	}

	// One is sent; then the campaign is cancelled and the rest are skipped.
	var bid int64
	if err := b.db.pool.QueryRow(ctx, `SELECT id FROM broadcasts WHERE campaign_id = $1`, c.ID).Scan(&bid); err != nil {
		t.Fatal(err)
	}
	if err := b.store.Record(ctx, []broadcast.Result{{Broadcast: broadcast.ID(bid), Person: persons[0], State: broadcast.Sent, MessageIDs: []int{7}}}); err != nil {
		t.Fatal(err)
	}
	cancelled, err := b.campaigns.Cancel(ctx, org, c.ID)
	if err != nil || cancelled.Status != campaigns.Cancelled {
		t.Fatalf("Cancel = %+v, %v", cancelled, err)
	}
	st, err := b.campaigns.Stats(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := (campaigns.Stats{Recipients: 3, Sent: 1, Skipped: 2}); st != want {
		t.Errorf("stats after cancel %+v, want %+v", st, want)
	}
	if claimed, err := b.store.Claim(ctx, bot.PriorityCampaign, 10, time.Minute); err != nil || len(claimed) != 0 {
		t.Errorf("claimed %d deliveries of a cancelled campaign (%v)", len(claimed), err)
	}
	if _, err := b.campaigns.Cancel(ctx, org, c.ID); !errors.Is(err, campaigns.ErrNotEditable) {
		t.Errorf("second Cancel: %v, want ErrNotEditable", err)
	}

	// A campaign is sent once nothing is pending.
	d := b.create(t, org, campaigns.Segment{}, nil)
	b.sendNow(t, d)
	var results []broadcast.Result
	if err := b.db.pool.QueryRow(ctx, `SELECT id FROM broadcasts WHERE campaign_id = $1`, d.ID).Scan(&bid); err != nil {
		t.Fatal(err)
	}
	for _, p := range persons {
		results = append(results, broadcast.Result{Broadcast: broadcast.ID(bid), Person: p, State: broadcast.Sent, MessageIDs: []int{1}})
	}
	if err := b.store.Record(ctx, results[:2]); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.campaigns.Get(ctx, org, d.ID); got.Status != campaigns.Sending {
		t.Errorf("with one pending: %s, want sending", got.Status)
	}
	if err := b.store.Record(ctx, results[2:]); err != nil {
		t.Fatal(err)
	}
	list, err := b.campaigns.ListByOrg(ctx, org, 0)
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[campaigns.CampaignID]campaigns.Status{}
	for _, c := range list {
		statuses[c.ID] = c.Status
	}
	if want := map[campaigns.CampaignID]campaigns.Status{c.ID: campaigns.Cancelled, d.ID: campaigns.Sent}; !maps.Equal(statuses, want) {
		t.Errorf("list %v, want %v", statuses, want)
	}
	if list[0].ID != d.ID {
		t.Errorf("list starts with %d, want the newest, %d", list[0].ID, d.ID)
	}
	if others, err := b.campaigns.ListByOrg(ctx, other, 0); err != nil || len(others) != 0 {
		t.Errorf("another organisation lists %d campaigns (%v)", len(others), err)
	}
}

func TestCampaignRoundTrip(t *testing.T) {
	b := newCampaignBench(t)
	ctx := testContext(t)
	org := b.org(t, "Network", "PL")
	c := b.create(t, org, campaigns.Segment{Regions: []string{"PL-14"}, Langs: []string{"pl"},
		Roles: []orgs.Role{orgs.RoleStaff}, Groups: []string{"mdma"}}, func(c *campaigns.Campaign) {
		c.PhotoURL, c.QuietStart, c.QuietEnd = "https://example.org/p.jpg", 22, 8
	})
	got, err := b.campaigns.Get(ctx, org, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID == 0 || got.Status != campaigns.Draft || got.Texts["pl"] != "Testy w czwartek." || got.DefaultLang != "en" ||
		got.PhotoURL != c.PhotoURL || len(got.Buttons) != 1 || got.Buttons[0].Text["en"] != "Where" ||
		!slices.Equal(got.Segment.Roles, []orgs.Role{orgs.RoleStaff}) || !slices.Equal(got.Segment.Groups, []string{"mdma"}) ||
		!slices.Equal(got.Segment.Regions, []string{"PL-14"}) || !slices.Equal(got.Segment.Langs, []string{"pl"}) ||
		got.QuietStart != 22 || got.QuietEnd != 8 || got.CreatedBy != "api:org:1" || got.SendAt != nil || got.PlannedAt != nil {
		t.Errorf("read back %+v", got)
	}
	// The engine renders it through the store.
	content := campaigns.NewBroadcastContent(b.campaigns)
	if m, err := content.Messages(ctx, int64(c.ID), "pl"); err != nil || m.Caption != "Testy w czwartek." || m.Photo != c.PhotoURL {
		t.Errorf("Messages = %+v, %v", m, err)
	}
	if _, err := content.Messages(ctx, int64(c.ID)+100, "pl"); !errors.Is(err, bot.ErrRejected) {
		t.Errorf("Messages of a missing campaign: %v, want a refusal for good (bot.ErrRejected)", err)
	}
	if _, err := b.campaigns.Create(ctx, &campaigns.Campaign{Org: 9999, Texts: map[string]string{"en": "x"}, DefaultLang: "en", CreatedBy: "t"}); !errors.Is(err, orgs.ErrNotFound) {
		t.Errorf("Create for an unknown organisation: %v, want orgs.ErrNotFound", err)
	}
}
