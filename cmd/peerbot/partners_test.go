package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/peerbot/peerbot/postgres/pgtest"
)

var tokenLine = regexp.MustCompile(`(?m)^pb_[A-Za-z0-9_-]{43}$`)

var partnerCodeLine = regexp.MustCompile(`(?m)^  /partner [0-9A-Z]{10}$`)

func TestPartnersCommand(t *testing.T) {
	env := map[string]string{"DATABASE_URL": pgtest.NewDatabase(t), "LOG_LEVEL": "warn",
		"PEERBOT_SECRET": "test-secret-0123456789-0123456789-abcdef"}
	run := func(args ...string) (int, string, string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string { return env[k] }}
		code := m.Run(context.Background(), append([]string{"partners"}, args...))
		return code, stdout.String(), stderr.String()
	}
	tests := []struct {
		name    string
		args    []string
		code    int
		stdout  []string
		stderr  string
		oneLine bool
	}{
		{"no subcommand", nil, 2, nil, "peerbot partners add NAME", false},
		{"unknown subcommand", []string{"frobnicate"}, 2, nil, `unknown partners command "frobnicate"`, false},
		{"add without a name", []string{"add", "--region", "PL-14"}, 2, nil, "one name", false},
		{"add with two names", []string{"add", "Warsaw", "Lab", "--region", "PL-14"}, 2, nil, "one name", false},
		{"add without a region", []string{"add", "Warsaw Lab"}, 2, nil, "at least one --region", true},
		{"add with an unknown flag", []string{"add", "Warsaw Lab", "--regoin", "PL-14"}, 2, nil, "regoin", false},
		{"add with an unknown region", []string{"add", "Warsaw Lab", "--region", "PL-99"}, 2, nil, `--region: "PL-99" is not a known region`, true},
		{"add", []string{"add", "Warsaw Lab", "--region", "PL-14", "--region=PL-12"}, 0,
			[]string{`Added partner 1 "Warsaw Lab" for PL-14, PL-12; its alerts are published at once.`, "will not be shown again"}, "", false},
		{"add for review, flags first", []string{"add", "--review", "--region", "PL", "Festival Checking"}, 0,
			[]string{`Added partner 2 "Festival Checking" for PL; its alerts wait for a moderator's approval.`}, "", false},
		{"add a name taken", []string{"add", "Warsaw Lab", "--region", "PL"}, 1, nil, `a partner named "Warsaw Lab" already exists`, true},
		{"revoke by name", []string{"revoke", "Warsaw Lab"}, 0, []string{`Revoked the token of partner 1 "Warsaw Lab"`}, "", false},
		{"revoke again", []string{"revoke", "1"}, 1, nil, `partner "Warsaw Lab" was already revoked on`, true},
		{"revoke nobody", []string{"revoke", "Nobody"}, 1, nil, `no partner named "Nobody"`, true},
		{"revoke without a name", []string{"revoke"}, 2, nil, "one partner name or id", false},
		{"list", []string{"list"}, 0, []string{"ID  NAME", "Warsaw Lab", "PL-14,PL-12  no", "Festival Checking", "PL           yes"}, "", false},
		{"list with arguments", []string{"list", "all"}, 2, nil, "takes no arguments", true},
		{"link-code", []string{"link-code", "Festival Checking"}, 0, []string{"A person at Festival Checking", "within 24 hours", "/partner "}, "", false},
		{"link-code for a revoked partner", []string{"link-code", "Warsaw Lab"}, 1, nil, `partner "Warsaw Lab" has been revoked`, true},
		{"link-code for nobody", []string{"link-code", "Nobody"}, 1, nil, `no partner named "Nobody"`, true},
		{"link-code without a name", []string{"link-code"}, 2, nil, "one partner name or id", false},
		{"unlink", []string{"unlink", "2"}, 0, []string{`Unlinked 0 people from partner 2 "Festival Checking"`}, "", false},
		{"unlink nobody", []string{"unlink", "Nobody"}, 1, nil, `no partner named "Nobody"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(tt.args...)
			if code != tt.code {
				t.Fatalf("exit code %d, want %d\nstdout %s\nstderr %s", code, tt.code, stdout, stderr)
			}
			for _, want := range tt.stdout {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout)
				}
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.stderr)
			}
			if tt.oneLine && strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("stderr is not one line: %q", stderr)
			}
			added := tt.code == 0 && tt.args[0] == "add"
			if got := len(tokenLine.FindAllString(stdout, -1)); (got == 1) != added {
				t.Errorf("%d token lines in stdout:\n%s", got, stdout)
			}
			if tt.name == "link-code" && !partnerCodeLine.MatchString(stdout) {
				t.Errorf("no /partner CODE line in:\n%s", stdout)
			}
			if !added && strings.Contains(stdout+stderr, "pb_") {
				t.Errorf("a token is shown outside partners add:\n%s%s", stdout, stderr)
			}
		})
	}
}

func TestPartnersLinkCodeNeedsTheSecret(t *testing.T) {
	var stdout, stderr bytes.Buffer
	env := map[string]string{"DATABASE_URL": pgtest.NewDatabase(t), "LOG_LEVEL": "warn"}
	m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string { return env[k] }}
	if code := m.Run(context.Background(), []string{"partners", "link-code", "Lab"}); code != 2 || !strings.Contains(stderr.String(), "PEERBOT_SECRET") {
		t.Errorf("exit %d, stderr %q; want 2 naming PEERBOT_SECRET", code, stderr.String())
	}
}
