package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestModulesCheck(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want []string // lines the output must have
	}{
		{[]string{"modules", "check", "../../training/testdata/content/modules"}, 0, []string{"2 modules fine"}},
		{[]string{"modules", "check", "../../training/testdata/content/modules/naloxone"}, 0, []string{"1 module fine"}},
		{[]string{"modules", "check", "--require", "en,pl", "../../training/testdata/content/modules"}, 1,
			[]string{"../../training/testdata/content/modules/checking/pl.yaml: missing: every module needs this language"}},
		{[]string{"modules", "check", "../../training/testdata/broken/badlang"}, 1, []string{
			"../../training/testdata/broken/badlang/en.yaml:1: title is 61 characters, more than 60",
			"../../training/testdata/broken/badlang/en.yaml:5: text: not valid Telegram HTML",
			"../../training/testdata/broken/badlang/xx.yaml: \"xx\" is not a language the bot speaks",
		}},
		{[]string{"modules", "check", "../../training/testdata/broken"}, 1, []string{
			"../../training/testdata/broken/badyaml/module.yaml:3: YAML: ",
			"../../training/testdata/broken/badmeta/module.yaml:1: id \"other\" must equal the folder name \"badmeta\"",
		}},
		{[]string{"modules", "check"}, 2, nil},
		{[]string{"modules", "lint", "."}, 2, nil},
		{[]string{"modules", "check", "../../no/such/folder"}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[2:], " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
			if code := m.Run(context.Background(), tt.args); code != tt.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.code, stdout.String(), stderr.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("no line %q in:\n%s", w, stdout.String())
				}
			}
		})
	}
}

func TestTrainingVerifyUsage(t *testing.T) {
	env := map[string]string{"PEERBOT_SECRET": "test-secret-0123456789-0123456789-abcdef"}
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"training"}, 2},
		{[]string{"training", "verify"}, 2},
		{[]string{"training", "verify", "nonsense"}, 1},
	} {
		var stdout, stderr bytes.Buffer
		m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string { return env[k] }}
		if code := m.Run(context.Background(), tt.args); code != tt.code {
			t.Errorf("%v: exit %d, want %d\n%s", tt.args, code, tt.code, stderr.String())
		}
	}
	// Without the secret, it is a setting error naming it.
	var stderr bytes.Buffer
	m := Main{Stdout: &bytes.Buffer{}, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if code := m.Run(context.Background(), []string{"training", "verify", "ABCD-EFGH-JKMN"}); code != 2 || !strings.Contains(stderr.String(), "PEERBOT_SECRET") {
		t.Errorf("no secret: exit %d, %s", code, stderr.String())
	}
}
