package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCardsCheck(t *testing.T) {
	broken := t.TempDir()
	if err := os.MkdirAll(filepath.Join(broken, "van"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"van/card.yaml": "id: van\nversion: 1\n",
		"van/en.yaml":   "title: Our van\ntext: |\n  Open 18–22h & weekends\n",
	} {
		if err := os.WriteFile(filepath.Join(broken, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"built-in cards", []string{"cards", "check", "../../content/cards"}, 0, "18 cards, no problems", ""},
		{"broken card", []string{"cards", "check", broken}, 1, filepath.Join(broken, "van", "en.yaml") + ":2: page 1: a bare & at byte 14", "problems found: 1"},
		{"no folder", []string{"cards", "check", filepath.Join(broken, "nope")}, 2, "", "is not a folder"},
		{"no arguments", []string{"cards"}, 2, "", "peerbot cards check DIR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
			if code := m.Run(context.Background(), tt.args); code != tt.code {
				t.Errorf("exit %d, want %d; stderr %s", code, tt.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stdout %q, stderr %q; want %q and %q", stdout.String(), stderr.String(), tt.stdout, tt.stderr)
			}
		})
	}
}

// TestServeContentDirNotAFolder: a CONTENT_DIR that cannot hold cards
// stops the start with one line naming it.
func TestServeContentDirNotAFolder(t *testing.T) {
	file := filepath.Join(t.TempDir(), "content")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN": "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678",
		"PEERBOT_SECRET":     "0123456789abcdef0123456789abcdef",
		"CONTENT_DIR":        file,
	}
	var stdout, stderr bytes.Buffer
	m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string { return env[k] }}
	if code := m.Run(context.Background(), []string{"serve"}); code != 2 {
		t.Errorf("exit %d, want 2; stderr %s", code, stderr.String())
	}
	if s := strings.TrimSpace(stderr.String()); !strings.HasPrefix(s, "peerbot: setting CONTENT_DIR: ") || strings.Contains(s, "\n") {
		t.Errorf("stderr %q, want one line naming CONTENT_DIR", s)
	}
}
