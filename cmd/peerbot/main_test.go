package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestMainExitCodesAndMessages(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		code    int
		stdout  string
		stderr  string
		oneLine bool
	}{
		{"no command", nil, nil, 2, "", "Usage:", false},
		{"help", []string{"--help"}, nil, 0, "peerbot serve", "", false},
		{"version", []string{"version"}, nil, 0, "peerbot dev", "", false},
		{"unknown command", []string{"launch"}, nil, 2, "", `unknown command "launch"`, true},
		{"serve without token", []string{"serve"}, nil, 2, "", "TELEGRAM_BOT_TOKEN", true},
		{"serve without secret", []string{"serve"}, map[string]string{"TELEGRAM_BOT_TOKEN": "123:abcdefghijklmnopqrstuvwxyz"}, 2, "", "PEERBOT_SECRET", true},
		{"bad rate", []string{"migrate"}, map[string]string{"BROADCAST_RATE": "lots"}, 2, "", "BROADCAST_RATE", true},
		{"bench without a benchmark", []string{"bench"}, nil, 2, "", "usage: peerbot bench updates", false},
		{"demo with arguments", []string{"demo", "now"}, nil, 2, "", "demo takes no arguments", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string { return tt.env[k] }}
			code := m.Run(context.Background(), tt.args)
			if code != tt.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tt.code, stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout %q does not contain %q", stdout.String(), tt.stdout)
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tt.stderr)
			}
			if tt.oneLine && strings.Count(strings.TrimSpace(stderr.String()), "\n") != 0 {
				t.Errorf("stderr is not one line: %q", stderr.String())
			}
		})
	}
}
