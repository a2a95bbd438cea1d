package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/postgres/pgtest"
	"github.com/peerbot/peerbot/privacy"
)

const cliSecret = "test-secret-0123456789-0123456789-abcdef"

// cli runs peerbot with args against the database at dbURL.
func cli(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := Main{Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return env[k] }}
	code = m.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

var (
	inviteCode = regexp.MustCompile(`as (\w+): ([0-9A-Z]{10}) `)
	linkCode   = regexp.MustCompile(`/linkgroup ([0-9A-Z]{10})`)
	apiToken   = regexp.MustCompile(`po_[A-Za-z0-9_-]{43}`)
)

func TestOrgsCommands(t *testing.T) {
	env := map[string]string{"DATABASE_URL": pgtest.NewDatabase(t), "PEERBOT_SECRET": cliSecret}
	ctx := context.Background()
	db, err := postgres.Open(ctx, env["DATABASE_URL"], nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sealer, err := privacy.NewSealer(cliSecret)
	if err != nil {
		t.Fatal(err)
	}
	store := postgres.NewOrgStore(db, sealer)

	run := func(wantCode int, wantOut string, args ...string) string {
		t.Helper()
		code, out, errOut := cli(t, env, args...)
		if code != wantCode || !strings.Contains(out+errOut, wantOut) {
			t.Fatalf("peerbot %s: exit %d, stdout %q, stderr %q; want exit %d showing %q",
				strings.Join(args, " "), code, out, errOut, wantCode, wantOut)
		}
		// The usage text is the one error that is meant to be long.
		if wantCode != 0 && wantOut != "usage:" && strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("peerbot %s: error is not one line: %q", strings.Join(args, " "), errOut)
		}
		return out
	}

	run(0, "No organisations yet", "orgs", "list")
	run(0, "Added organisation 1: Sala Segura", "orgs", "add", "Sala Segura", "--region", "PT-11", "--region=pt-13", "--moderator")
	run(0, "Added organisation 2: Ponto Peer", "orgs", "add", "--region", "PL-14,PL", "Ponto Peer")

	out := run(0, "Invite to Sala Segura as peer", "orgs", "invite", "sala segura", "--role", "peer", "--uses", "3")
	m := inviteCode.FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "/start join_"+m[2]) || !strings.Contains(out, "3 use(s), valid 14 day(s)") {
		t.Fatalf("invite output %q has no code, no /start line or wrong defaults", out)
	}
	// The printed code works in the store, as a peer invite of Sala Segura.
	ps := postgres.NewPeopleStore(db, sealer)
	p, err := ps.CreatePerson(ctx, 501, "pt")
	if err != nil {
		t.Fatal(err)
	}
	if r, err := store.Redeem(ctx, m[2], p.ID); err != nil || r.OrgName != "Sala Segura" || r.Role != orgs.RolePeer {
		t.Errorf("redeeming the printed code = %+v, %v", r, err)
	}

	linkEnv := map[string]string{"BOT_USERNAME": "@peerbot_pl_bot"}
	for k, v := range env {
		linkEnv[k] = v
	}
	code, out, _ := cli(t, linkEnv, "orgs", "invite", "2", "--role=admin", "--days", "2")
	if m := inviteCode.FindStringSubmatch(out); code != 0 || m == nil || m[1] != "admin" ||
		!strings.Contains(out, "https://t.me/peerbot_pl_bot?start=join_"+m[2]) {
		t.Errorf("invite with BOT_USERNAME: exit %d, output %q; want a t.me link", code, out)
	}

	out = run(0, "/linkgroup ", "orgs", "link-code", "Sala Segura")
	lm := linkCode.FindStringSubmatch(out)
	if lm == nil {
		t.Fatalf("link-code output %q has no code", out)
	}
	const group people.ChatID = -1001234567890
	if o, _, err := store.LinkGroup(ctx, lm[1], group); err != nil || o.Name != "Sala Segura" {
		t.Errorf("linking with the printed code = %+v, %v", o, err)
	}

	out = run(0, "API token for Ponto Peer", "orgs", "token", "Ponto Peer")
	tok := apiToken.FindString(out)
	if o, err := store.OrgByToken(ctx, tok); err != nil || o.Name != "Ponto Peer" {
		t.Errorf("the printed token = %+v, %v", o, err)
	}

	out = run(0, "Sala Segura", "orgs", "list")
	for _, want := range []string{"PT-11,PT-13  yes", "Ponto Peer   PL-14,PL", "1      0      0       1       0"} {
		if !strings.Contains(out, want) {
			t.Errorf("list output lacks %q:\n%s", want, out)
		}
	}
	run(0, "Revoked 1 API token(s) of Ponto Peer", "orgs", "revoke-token", "2")
	if _, err := store.OrgByToken(ctx, tok); err == nil {
		t.Error("the revoked token still works")
	}

	// Mistakes: one line each, exit 2 for usage and 1 for what is not there.
	errorCases := []struct {
		code int
		want string
		args []string
	}{
		{2, "usage:", []string{"orgs"}},
		{2, `unknown orgs command "remove"`, []string{"orgs", "remove", "x"}},
		{2, "orgs add needs the organisation's name", []string{"orgs", "add"}},
		{2, "orgs add needs the organisation's name", []string{"orgs", "add", "Two", "Names"}},
		{2, `region "PL-99" is not one the bot knows`, []string{"orgs", "add", "X", "--region", "PL-99"}},
		{2, `region "LISBON" is not an ISO 3166-2 code`, []string{"orgs", "add", "X", "--region", "lisbon"}},
		{2, "the name is empty", []string{"orgs", "add", " "}},
		{2, "flag provided but not defined: -moderator", []string{"orgs", "invite", "1", "--moderator"}},
		{2, "--role peer, staff or admin is required", []string{"orgs", "invite", "1"}},
		{2, `--role "group" is not peer, staff or admin`, []string{"orgs", "invite", "1", "--role", "group"}},
		{2, "--uses must be between 1 and 10000", []string{"orgs", "invite", "1", "--role", "peer", "--uses", "0"}},
		{2, "--days must be between 1 and 365", []string{"orgs", "invite", "1", "--role", "peer", "--days", "400"}},
		{2, "orgs list takes no arguments", []string{"orgs", "list", "all"}},
		{2, "orgs token needs an organisation", []string{"orgs", "token"}},
		{1, `an organisation named "SALA SEGURA" exists already`, []string{"orgs", "add", "SALA SEGURA"}},
		{1, `no organisation "Nobody"`, []string{"orgs", "invite", "Nobody", "--role", "peer"}},
		{1, `no organisation "99"`, []string{"orgs", "link-code", "99"}},
		{1, `no organisation "Nobody"`, []string{"orgs", "revoke-token", "Nobody"}},
	}
	for _, tt := range errorCases {
		run(tt.code, tt.want, tt.args...)
	}
	badBot := map[string]string{"BOT_USERNAME": "not a name"}
	for k, v := range env {
		badBot[k] = v
	}
	if code, _, errOut := cli(t, badBot, "orgs", "invite", "1", "--role", "peer"); code != 2 || !strings.Contains(errOut, "setting BOT_USERNAME") {
		t.Errorf("bad BOT_USERNAME: exit %d, %q", code, errOut)
	}
	if code, _, errOut := cli(t, map[string]string{"DATABASE_URL": env["DATABASE_URL"]}, "orgs", "list"); code != 2 || !strings.Contains(errOut, "PEERBOT_SECRET") {
		t.Errorf("without PEERBOT_SECRET: exit %d, %q", code, errOut)
	}
}
