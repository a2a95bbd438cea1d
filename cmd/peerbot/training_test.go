package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
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

// TestServeLeavesOutABrokenModule loads CONTENT_DIR with a good module and
// a broken one: the good one is offered, the broken one is logged with its
// file and line and left out. A CONTENT_DIR that is not there is a setting
// error.
func TestServeLeavesOutABrokenModule(t *testing.T) {
	dir := t.TempDir()
	for _, m := range []struct{ from, to string }{
		{"../../training/testdata/content/modules/checking", "checking"},
		{"../../training/testdata/broken/badlang", "badlang"},
	} {
		if err := os.CopyFS(filepath.Join(dir, "modules", m.to), os.DirFS(m.from)); err != nil {
			t.Fatal(err)
		}
	}
	var logs bytes.Buffer
	catalog, err := loadModules(dir, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if catalog.Module("checking") == nil || catalog.Module("badlang") != nil {
		t.Errorf("loaded %d modules: %v", len(catalog.All()), catalog.All())
	}
	if !strings.Contains(logs.String(), "modules/badlang/en.yaml:5: text: not valid Telegram HTML") {
		t.Errorf("the problem is not logged with its file and line:\n%s", logs.String())
	}
	if _, err := loadModules(filepath.Join(dir, "nope"), slog.New(slog.DiscardHandler)); err == nil || !strings.Contains(err.Error(), "CONTENT_DIR") {
		t.Errorf("a missing CONTENT_DIR: %v", err)
	}
}
