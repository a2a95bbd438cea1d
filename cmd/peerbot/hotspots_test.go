package main

import (
	"strings"
	"testing"

	"github.com/peerbot/peerbot/postgres/pgtest"
)

func TestHotspotCommands(t *testing.T) {
	env := map[string]string{"DATABASE_URL": pgtest.NewDatabase(t), "PEERBOT_SECRET": cliSecret}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"orgs", "add", "Rua Segura", "--region", "PT-11"}, 0, "Added organisation"},
		{[]string{"orgs", "hotspot", "list", "Rua Segura"}, 0, "no hotspots yet"},
		{[]string{"orgs", "hotspot", "add", "Rua Segura", "Cais do Sodré", "--region", "pt-11"}, 0, "Added hotspot"},
		{[]string{"orgs", "hotspot", "add", "Rua Segura", "cais do sodré"}, 1, "has a hotspot named"},
		{[]string{"orgs", "hotspot", "add", "Rua Segura", "Rossio", "--region", "XX-99"}, 2, "not one the bot knows"},
		{[]string{"orgs", "hotspot", "add", "Rua Segura", "call 912 345 678"}, 2, "phone number"},
		{[]string{"orgs", "hotspot", "add", "Nobody", "Rossio"}, 1, "no organisation"},
		{[]string{"orgs", "hotspot", "add", "Rua Segura"}, 2, "needs 2 arguments"},
		{[]string{"orgs", "hotspot", "move"}, 2, "unknown orgs hotspot command"},
		{[]string{"orgs", "hotspot"}, 2, "usage:"},
		{[]string{"orgs", "hotspot", "list", "Rua Segura"}, 0, "Cais do Sodré\tPT-11"},
	}
	for _, tt := range tests {
		code, out, errOut := cli(t, env, tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("peerbot %s: exit %d, %q %q; want exit %d showing %q", strings.Join(tt.args, " "), code, out, errOut, tt.code, tt.want)
		}
	}
}
