package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/postgres/pgtest"
)

// alertEnv is a migrated database with the alert service on it, a fixed
// clock and a connection listening on AlertsChannel.
type alertEnv struct {
	t        *testing.T
	db       *DB
	partners *PartnerStore
	store    *AlertStore
	svc      *alerts.Service
	listener *pgx.Conn
	now      time.Time
}

func newAlertEnv(t *testing.T) *alertEnv {
	t.Helper()
	url := pgtest.NewDatabase(t)
	db := openDB(t, url)
	if _, err := db.Migrate(testContext(t)); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	vocab, err := content.LoadSubstances()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(testContext(t), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	if _, err := conn.Exec(testContext(t), "LISTEN "+AlertsChannel); err != nil {
		t.Fatal(err)
	}
	e := &alertEnv{t: t, db: db, partners: NewPartnerStore(db), store: NewAlertStore(db), listener: conn,
		now: time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)}
	e.svc = alerts.NewService(e.store, vocab, regions)
	e.svc.Now = func() time.Time { return e.now }
	return e
}

func (e *alertEnv) addPartner(name string, review bool, regions ...string) *alerts.Partner {
	e.t.Helper()
	p := &alerts.Partner{Name: name, Regions: regions, Review: review}
	if _, err := e.partners.AddPartner(testContext(e.t), p); err != nil {
		e.t.Fatalf("AddPartner: %v", err)
	}
	return p
}

// notified waits for the next notification and returns its payload.
func (e *alertEnv) notified() string {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(testContext(e.t), 20*time.Second)
	defer cancel()
	n, err := e.listener.WaitForNotification(ctx)
	if err != nil {
		e.t.Fatalf("no notification on %s: %v", AlertsChannel, err)
	}
	return n.Payload
}

// noNotification checks that nothing was announced. A notification is
// delivered at commit, before the call that committed returns, so a
// round trip on the listening connection brings any pending one in.
func (e *alertEnv) noNotification() {
	e.t.Helper()
	if _, err := e.listener.Exec(testContext(e.t), "SELECT 1"); err != nil {
		e.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(testContext(e.t))
	cancel() // only what has already arrived
	if n, err := e.listener.WaitForNotification(ctx); err == nil {
		e.t.Errorf("unexpected notification %q", n.Payload)
	}
}

func (e *alertEnv) audit(id alerts.AlertID) []string {
	e.t.Helper()
	entries, err := e.store.Audit(testContext(e.t), id)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, a := range entries {
		s := a.Action + " by " + a.Actor
		if a.Note != "" {
			s += ": " + a.Note
		}
		out = append(out, s)
	}
	return out
}

func (e *alertEnv) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.db.pool.QueryRow(testContext(e.t), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// newAlert is a valid alert for PL-14.
func newAlert(identifier string) *alerts.Alert {
	return &alerts.Alert{
		Identifier: identifier, Sender: "lab@example.org", MsgType: alerts.MsgAlert,
		SoldAs: "heroin", Form: alerts.FormPowder,
		Contents: []alerts.Content{{Substance: "isotonitazene", Trace: true}, {Substance: "xylazine", Amount: 12.5, Unit: "%"}},
		Severity: alerts.Caution,
		Advice:   map[string]string{"pl": "Nie używaj w pojedynkę.", "en": "Do not use alone."},
		Regions:  []string{"PL-14"},
	}
}

func follow(msg alerts.MsgType, identifier string, refs ...string) *alerts.Alert {
	a := newAlert(identifier)
	a.MsgType = msg
	for _, r := range refs {
		a.References = append(a.References, alerts.Reference{Identifier: r})
	}
	if msg == alerts.MsgCancel {
		a.Contents = nil
	}
	return a
}

func wantCode(t *testing.T, err error, code alerts.ErrorCode, field string) {
	t.Helper()
	if alerts.Code(err) != code {
		t.Fatalf("error %v has code %s, want %s", err, alerts.Code(err), code)
	}
	var e *alerts.Error
	var v *alerts.ValidationError
	got := ""
	switch {
	case errors.As(err, &e):
		got = e.Field
	case errors.As(err, &v):
		got = v.Field
	}
	if got != field {
		t.Fatalf("error %v names field %q, want %q", err, got, field)
	}
}

func TestPartners(t *testing.T) {
	e := newAlertEnv(t)
	ctx := testContext(t)
	lab := &alerts.Partner{Name: "Warsaw Lab", Regions: []string{"PL-14", "PL-MZ"}}
	token, err := e.partners.AddPartner(ctx, lab)
	if err != nil {
		t.Fatal(err)
	}
	if !alerts.WellFormedToken(token) || lab.ID == 0 || lab.CreatedAt.IsZero() {
		t.Fatalf("token %q, partner %+v", token, lab)
	}
	var stored []byte
	if err := e.db.pool.QueryRow(ctx, `SELECT token_hash FROM partners WHERE id = $1`, lab.ID).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if string(stored) != string(alerts.HashPartnerToken(token)) {
		t.Error("the stored hash is not the SHA-256 of the token")
	}

	got, err := e.partners.PartnerByToken(ctx, token)
	if err != nil || got.ID != lab.ID || got.Name != "Warsaw Lab" || !slices.Equal(got.Regions, lab.Regions) {
		t.Fatalf("PartnerByToken = %+v, %v", got, err)
	}
	other, _, _ := alerts.NewPartnerToken()
	for _, bad := range []string{"", "pb_short", token + "x", other} {
		if _, err := e.partners.PartnerByToken(ctx, bad); alerts.Code(err) != alerts.ErrUnauthorized {
			t.Errorf("PartnerByToken(%q) = %v, want unauthorized", bad, err)
		}
	}

	if _, err := e.partners.AddPartner(ctx, &alerts.Partner{Name: "Warsaw Lab", Regions: []string{"PL"}}); alerts.Code(err) != alerts.ErrConflict {
		t.Errorf("a second partner with the same name: %v, want conflict", err)
	}
	festival := e.addPartner("42", true, "PL")

	// By name, then by id; "42" is a name before it is an id.
	revoked, err := e.partners.RevokePartner(ctx, "42")
	if err != nil || revoked.ID != festival.ID || !revoked.Revoked() {
		t.Fatalf("RevokePartner(42) = %+v, %v", revoked, err)
	}
	if _, err := e.partners.RevokePartner(ctx, strconv.FormatInt(int64(lab.ID), 10)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.partners.PartnerByToken(ctx, token); alerts.Code(err) != alerts.ErrUnauthorized {
		t.Errorf("a revoked token: %v, want unauthorized", err)
	}
	if _, err := e.partners.RevokePartner(ctx, "Warsaw Lab"); alerts.Code(err) != alerts.ErrConflict {
		t.Errorf("revoking twice: %v, want conflict", err)
	}
	if _, err := e.partners.RevokePartner(ctx, "nobody"); alerts.Code(err) != alerts.ErrNotFound {
		t.Errorf("revoking nobody: %v, want not_found", err)
	}
	list, err := e.partners.Partners(ctx)
	if err != nil || len(list) != 2 || list[0].Name != "Warsaw Lab" || !list[1].Review || !list[0].Revoked() {
		t.Fatalf("Partners = %+v, %v", list, err)
	}
}

func TestSubmitPublishesAtOnce(t *testing.T) {
	e := newAlertEnv(t)
	ctx := testContext(t)
	lab := e.addPartner("Warsaw Lab", false, "PL-14")
	st, created, err := e.svc.Submit(ctx, lab, newAlert("WAW-1"), alerts.FormatCAP)
	if err != nil || !created {
		t.Fatalf("Submit = %v, %v", created, err)
	}
	if st.Status != alerts.StatusPublished || st.ChainID != st.ID || st.Replaces != 0 || st.PartnerName != "Warsaw Lab" ||
		!st.PublishedAt.Equal(e.now) || !st.Sent.Equal(e.now) || st.Format != alerts.FormatCAP {
		t.Fatalf("stored %+v", st)
	}
	if got := e.notified(); got != strconv.FormatInt(int64(st.ID), 10) {
		t.Errorf("notification %q, want the id %d", got, st.ID)
	}
	actor := fmt.Sprintf("api:%d", lab.ID)
	if got, want := e.audit(st.ID), []string{"submitted by " + actor, "published by " + actor}; !slices.Equal(got, want) {
		t.Errorf("audit %q, want %q", got, want)
	}
	read, err := e.svc.Get(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if read.Identifier != "WAW-1" || read.Severity != alerts.Caution || read.Advice["pl"] != "Nie używaj w pojedynkę." ||
		read.PartnerID != lab.ID || read.Status != alerts.StatusPublished || !read.PublishedAt.Equal(e.now) {
		t.Errorf("read back %+v", read)
	}
	var groups []string
	var planned *time.Time
	if err := e.db.pool.QueryRow(ctx, `SELECT substance_groups, planned_at FROM alerts WHERE id = $1`, st.ID).Scan(&groups, &planned); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(groups, []string{"opioids", "sedatives"}) || planned != nil {
		t.Errorf("substance_groups %v, planned_at %v", groups, planned)
	}
	if _, err := e.svc.Get(ctx, st.ID+100); alerts.Code(err) != alerts.ErrNotFound {
		t.Errorf("Get of an unknown id: %v", err)
	}
}

func TestSubmitIsIdempotent(t *testing.T) {
	e := newAlertEnv(t)
	ctx := testContext(t)
	lab := e.addPartner("Warsaw Lab", false, "PL-14")
	first, _, err := e.svc.Submit(ctx, lab, newAlert("WAW-1"), alerts.FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	e.notified()
	again := newAlert("WAW-1")
	again.Severity = alerts.Warning // different content, same identifier: still the same alert
	st, created, err := e.svc.Submit(ctx, lab, again, alerts.FormatJSON)
	if err != nil || created || st.ID != first.ID || st.Severity != alerts.Caution {
		t.Fatalf("second Submit = %+v, %v, %v", st, created, err)
	}
	e.noNotification()
	if n := e.count("alerts"); n != 1 {
		t.Errorf("%d alerts stored", n)
	}
	if n := e.count("alert_audit"); n != 2 {
		t.Errorf("%d audit entries", n)
	}
	// Another partner may use the same identifier for its own alert.
	other := e.addPartner("Krakow Lab", false, "PL")
	if _, created, err := e.svc.Submit(ctx, other, newAlert("WAW-1"), alerts.FormatJSON); err != nil || !created {
		t.Fatalf("another partner's WAW-1: %v, %v", created, err)
	}
}

func TestConcurrentDuplicatesAgree(t *testing.T) {
	e := newAlertEnv(t)
	ctx := testContext(t)
	lab := e.addPartner("Warsaw Lab", false, "PL-14")
	first, _, err := e.svc.Submit(ctx, lab, newAlert("WAW-1"), alerts.FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		alert func() *alerts.Alert
	}{
		{"new alert", func() *alerts.Alert { return newAlert("WAW-2") }},
		{"update", func() *alerts.Alert { return follow(alerts.MsgUpdate, "WAW-1u", "WAW-1") }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			const n = 8
			ids := make([]alerts.AlertID, n)
			createdBy := make([]bool, n)
			errs := make([]error, n)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range n {
				wg.Go(func() {
					<-start
					st, created, err := e.svc.Submit(ctx, lab, tt.alert(), alerts.FormatJSON)
					errs[i], createdBy[i] = err, created
					if err == nil {
						ids[i] = st.ID
					}
				})
			}
			close(start)
			wg.Wait()
			creators := 0
			for i := range n {
				if errs[i] != nil {
					t.Fatalf("request %d: %v", i, errs[i])
				}
				if ids[i] != ids[0] {
					t.Errorf("request %d got id %d, request 0 got %d", i, ids[i], ids[0])
				}
				if createdBy[i] {
					creators++
				}
			}
			if creators != 1 {
				t.Errorf("%d requests created the alert, want 1", creators)
			}
			if tt.name == "update" {
				st, _ := e.svc.Get(ctx, ids[0])
				if st.ChainID != first.ID {
					t.Errorf("update chain %d, want %d", st.ChainID, first.ID)
				}
			}
		})
	}
	if n := e.count("alerts"); n != 3 {
		t.Errorf("%d alerts stored, want 3", n)
	}
	if n := e.count("alert_audit"); n != 6 {
		t.Errorf("%d audit entries, want 6", n)
	}
}

func TestSubmitRefusesAndWritesNothing(t *testing.T) {
	e := newAlertEnv(t)
	ctx := testContext(t)
	local := e.addPartner("Warsaw Lab", false, "PL-14")
	national := e.addPartner("Polish Network", false, "PL")
	other := e.addPartner("Vilnius Lab", false, "LT")
	if _, _, err := e.svc.Submit(ctx, local, newAlert("WAW-1"), alerts.FormatJSON); err != nil {
		t.Fatal(err)
	}
	e.notified()
	revoked := e.addPartner("Gone", false, "PL")
	revoked.RevokedAt = e.now

	withRegions := func(codes ...string) *alerts.Alert {
		a := newAlert("NEW")
		a.Regions = codes
		return a
	}
	expiresFirst := newAlert("NEW")
	expiresFirst.Effective, expiresFirst.Expires = e.now.Add(time.Hour), e.now
	tests := []struct {
		name    string
		partner *alerts.Partner
		alert   *alerts.Alert
		code    alerts.ErrorCode
		field   string
	}{
		{"country outside a region partner's scope", local, withRegions("PL-14", "PL"), alerts.ErrForbidden, "regions[1]"},
		{"another country", national, withRegions("LT-VL"), alerts.ErrForbidden, "regions[0]"},
		{"unknown region", national, withRegions("PL-99"), alerts.ErrInvalid, "regions[0]"},
		{"expiry before effect", local, expiresFirst, alerts.ErrInvalid, "expires"},
		{"no language", local, func() *alerts.Alert { a := newAlert("NEW"); a.Advice = nil; return a }(), alerts.ErrInvalid, "advice"},
		{"update of nothing", local, follow(alerts.MsgUpdate, "NEW", "WAW-404"), alerts.ErrInvalid, "references[0].identifier"},
		{"update of another partner's alert", other, func() *alerts.Alert {
			a := follow(alerts.MsgUpdate, "NEW", "WAW-1")
			a.Regions = []string{"LT"}
			return a
		}(), alerts.ErrInvalid, "references[0].identifier"},
		{"revoked partner", revoked, newAlert("NEW"), alerts.ErrUnauthorized, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := e.svc.Submit(ctx, tt.partner, tt.alert, alerts.FormatJSON)
			wantCode(t, err, tt.code, tt.field)
		})
	}
	e.noNotification()
	if n := e.count("alerts"); n != 1 {
		t.Errorf("%d alerts stored after refusals, want 1", n)
	}
	if n := e.count("alert_audit"); n != 2 {
		t.Errorf("%d audit entries after refusals, want 2", n)
	}
	// A partner for the whole country covers its regions.
	if _, created, err := e.svc.Submit(ctx, national, withRegions("PL-14", "PL-12"), alerts.FormatJSON); err != nil || !created {
		t.Fatalf("country partner publishing for regions: %v, %v", created, err)
	}
}

func TestUpdateAndCancelFormAChain(t *testing.T) {
	e := newAlertEnv(t)
	ctx := testContext(t)
	lab := e.addPartner("Warsaw Lab", false, "PL-14")
	submit := func(a *alerts.Alert) *alerts.Stored {
		t.Helper()
		st, created, err := e.svc.Submit(ctx, lab, a, alerts.FormatCAP)
		if err != nil || !created {
			t.Fatalf("Submit %s: %v, %v", a.Identifier, created, err)
		}
		if got := e.notified(); got != strconv.FormatInt(int64(st.ID), 10) {
			t.Fatalf("notification %q for %d", got, st.ID)
		}
		return st
	}
	first := submit(newAlert("WAW-1"))
	e.now = e.now.Add(time.Hour)
	up := follow(alerts.MsgUpdate, "WAW-1-2", "WAW-1")
	up.Severity = alerts.Warning
	update := submit(up)
	if update.ChainID != first.ID || update.Replaces != first.ID {
		t.Fatalf("update chain %d replaces %d, want %d and %d", update.ChainID, update.Replaces, first.ID, first.ID)
	}
	if r := update.References[0]; r.Sender != "lab@example.org" || !r.Sent.Equal(first.Sent) {
		t.Errorf("reference not completed from the stored alert: %+v", r)
	}
	active, err := e.svc.Active(ctx, e.now)
	if err != nil || len(active) != 1 || active[0].ID != update.ID {
		t.Fatalf("Active after the update = %v, %v", ids(active), err)
	}

	// Referencing both earlier versions: replaces the latest.
	cancel := submit(follow(alerts.MsgCancel, "WAW-1-3", "WAW-1", "WAW-1-2"))
	if cancel.ChainID != first.ID || cancel.Replaces != update.ID {
		t.Fatalf("cancel chain %d replaces %d", cancel.ChainID, cancel.Replaces)
	}
	chain, err := e.svc.Chain(ctx, first.ID)
	if err != nil || !slices.Equal(ids(chain), []alerts.AlertID{first.ID, update.ID, cancel.ID}) {
		t.Fatalf("Chain = %v, %v", ids(chain), err)
	}
	if active, _ := e.svc.Active(ctx, e.now); len(active) != 0 {
		t.Errorf("a cancelled alert is still active: %v", ids(active))
	}

	_, _, err = e.svc.Submit(ctx, lab, follow(alerts.MsgUpdate, "WAW-1-4", "WAW-1-2"), alerts.FormatCAP)
	wantCode(t, err, alerts.ErrConflict, "references[0].identifier")
	// Resending the cancel still answers with it.
	if st, created, err := e.svc.Submit(ctx, lab, follow(alerts.MsgCancel, "WAW-1-3", "WAW-1"), alerts.FormatCAP); err != nil || created || st.ID != cancel.ID {
		t.Errorf("resent cancel = %v, %v", created, err)
	}

	// Two alerts in different chains cannot be updated as one.
	second := submit(newAlert("WAW-2"))
	third := submit(newAlert("WAW-3"))
	_, _, err = e.svc.Submit(ctx, lab, follow(alerts.MsgUpdate, "WAW-x", "WAW-2", "WAW-3"), alerts.FormatCAP)
	wantCode(t, err, alerts.ErrInvalid, "references[1].identifier")

	// Expired alerts leave the mirror.
	e.now = e.now.Add(24 * time.Hour)
	exp := newAlert("WAW-4")
	exp.Expires = e.now.Add(time.Hour)
	expiring := submit(exp)
	active, _ = e.svc.Active(ctx, e.now)
	if !slices.Equal(ids(active), []alerts.AlertID{expiring.ID, third.ID, second.ID}) {
		t.Errorf("Active = %v", ids(active))
	}
	active, _ = e.svc.Active(ctx, e.now.Add(2*time.Hour))
	if !slices.Equal(ids(active), []alerts.AlertID{third.ID, second.ID}) {
		t.Errorf("Active after expiry = %v", ids(active))
	}
}

func TestReview(t *testing.T) {
	e := newAlertEnv(t)
	ctx := testContext(t)
	lab := e.addPartner("Festival Checking", true, "PL")
	st, created, err := e.svc.Submit(ctx, lab, newAlert("F-1"), alerts.FormatJSON)
	if err != nil || !created || st.Status != alerts.StatusReview || !st.PublishedAt.IsZero() {
		t.Fatalf("Submit = %+v, %v, %v", st, created, err)
	}
	// The moderators hear of it; the engine finds nothing published.
	if got := e.notified(); got != strconv.FormatInt(int64(st.ID), 10) {
		t.Errorf("notification %q on entering review, want the id %d", got, st.ID)
	}
	if active, _ := e.svc.Active(ctx, e.now); len(active) != 0 {
		t.Errorf("an alert in review is active: %v", ids(active))
	}

	e.now = e.now.Add(10 * time.Minute)
	approved, err := e.svc.Approve(ctx, st.ID, "staff:7")
	if err != nil || approved.Status != alerts.StatusPublished || !approved.PublishedAt.Equal(e.now) {
		t.Fatalf("Approve = %+v, %v", approved, err)
	}
	if got := e.notified(); got != strconv.FormatInt(int64(st.ID), 10) {
		t.Errorf("notification %q", got)
	}
	actor := fmt.Sprintf("api:%d", lab.ID)
	if got, want := e.audit(st.ID), []string{"submitted by " + actor, "approved by staff:7", "published by staff:7"}; !slices.Equal(got, want) {
		t.Errorf("audit %q, want %q", got, want)
	}
	_, err = e.svc.Approve(ctx, st.ID, "staff:7")
	wantCode(t, err, alerts.ErrConflict, "")
	_, err = e.svc.Reject(ctx, st.ID, "staff:7", "too late")
	wantCode(t, err, alerts.ErrConflict, "")
	_, err = e.svc.Approve(ctx, st.ID+1000, "staff:7")
	wantCode(t, err, alerts.ErrNotFound, "")

	second, _, err := e.svc.Submit(ctx, lab, follow(alerts.MsgUpdate, "F-2", "F-1"), alerts.FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	e.notified()
	rejected, err := e.svc.Reject(ctx, second.ID, "staff:8", "The amounts do not add up.")
	if err != nil || rejected.Status != alerts.StatusRejected || !rejected.PublishedAt.IsZero() {
		t.Fatalf("Reject = %+v, %v", rejected, err)
	}
	// The moderator groups' messages are updated after a rejection too.
	if got := e.notified(); got != strconv.FormatInt(int64(second.ID), 10) {
		t.Errorf("notification %q on rejection, want the id %d", got, second.ID)
	}
	e.noNotification()
	if got, want := e.audit(second.ID), []string{"submitted by " + actor, "rejected by staff:8: The amounts do not add up."}; !slices.Equal(got, want) {
		t.Errorf("audit %q, want %q", got, want)
	}
	_, _, err = e.svc.Submit(ctx, lab, follow(alerts.MsgUpdate, "F-3", "F-2"), alerts.FormatJSON)
	wantCode(t, err, alerts.ErrConflict, "references[0].identifier")

	// An update approved after the alert was withdrawn would undo the
	// withdrawal.
	late, _, err := e.svc.Submit(ctx, lab, follow(alerts.MsgUpdate, "F-4", "F-1"), alerts.FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	// A cancel sent while the update waits, approved first.
	cancel, _, err := e.svc.Submit(ctx, lab, follow(alerts.MsgCancel, "F-5", "F-1"), alerts.FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Approve(ctx, cancel.ID, "staff:7"); err != nil {
		t.Fatal(err)
	}
	e.notified()
	_, err = e.svc.Approve(ctx, late.ID, "staff:7")
	wantCode(t, err, alerts.ErrConflict, "")
}

func ids(list []*alerts.Stored) []alerts.AlertID {
	var out []alerts.AlertID
	for _, s := range list {
		out = append(out, s.ID)
	}
	return out
}
