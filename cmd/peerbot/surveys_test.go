package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peerbot/peerbot/postgres/pgtest"
)

// TestSurveysAdd: a survey file is added for an organisation (and sent
// with --send); a broken file, an unknown organisation and missing
// arguments are refused with a line naming the problem.
func TestSurveysAdd(t *testing.T) {
	env := map[string]string{"DATABASE_URL": pgtest.NewDatabase(t), "PEERBOT_SECRET": cliSecret, "LOG_LEVEL": "warn"}
	if code, _, stderr := cli(t, env, "orgs", "add", "Mainline", "--region", "NL-NH"); code != 0 {
		t.Fatalf("orgs add: %d %s", code, stderr)
	}
	file := "../../feedback/testdata/survey.yaml"
	broken := filepath.Join(t.TempDir(), "broken.yaml")
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(broken, []byte(strings.Replace(string(raw), "el: Πήρες ναλοξόνη από εμάς;", "", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		output string
	}{
		{"draft", []string{"surveys", "add", file, "--org", "Mainline"}, 0, "Survey 1 added for Mainline (draft)"},
		{"sent", []string{"surveys", "add", file, "--org", "Mainline", "--send"}, 0, "Survey 2 added for Mainline (sending)"},
		{"missing language", []string{"surveys", "add", broken, "--org", "Mainline"}, 1, "questions[0].text.el"},
		{"unknown org", []string{"surveys", "add", file, "--org", "Nobody"}, 1, `no organisation "Nobody"`},
		{"no org", []string{"surveys", "add", file}, 2, "usage:"},
		{"no file", []string{"surveys", "add", "/nonexistent.yaml", "--org", "Mainline"}, 1, "reading /nonexistent.yaml"},
	}
	for _, tt := range tests {
		code, stdout, stderr := cli(t, env, tt.args...)
		if code != tt.code || !strings.Contains(stdout+stderr, tt.output) {
			t.Errorf("%s: exit %d, %q %q; want %d and %q", tt.name, code, stdout, stderr, tt.code, tt.output)
		}
	}
}
