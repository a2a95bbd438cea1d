package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peerbot/peerbot/postgres/pgtest"
)

// TestServicesCommands imports the project's broken fixture (bad rows
// reported as file:row, the rest imported; nothing with
// --all-or-nothing), exports the directory and imports the export again.
func TestServicesCommands(t *testing.T) {
	env := map[string]string{"DATABASE_URL": pgtest.NewDatabase(t), "PEERBOT_SECRET": cliSecret}
	broken := filepath.Join("..", "..", "referral", "testdata", "broken")

	code, out, errOut := cli(t, env, "services", "import", "--all-or-nothing", broken)
	if code != 1 || !strings.Contains(errOut, "nothing imported") || !strings.Contains(out, "locations.csv:3: coordinates out of range") {
		t.Fatalf("--all-or-nothing: exit %d\n%s\n%s", code, out, errOut)
	}
	dir := t.TempDir()
	if code, out, _ := cli(t, env, "services", "export", dir); code != 0 || !strings.Contains(out, "exported 0 organizations") {
		t.Fatalf("export after --all-or-nothing: exit %d %s", code, out)
	}

	code, out, errOut = cli(t, env, "services", "import", filepath.Join(broken, "datapackage.json"))
	for _, want := range []string{
		"attributes.csv:5: unknown taxonomy term \"basket-weaving\"",
		"schedules.csv:3: unreadable schedule",
		"services.csv:4: unknown organization",
		"imported 1 organizations, 3 services, 2 locations",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}
	if code != 1 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, "11 bad rows were not imported") {
		t.Errorf("import with bad rows: exit %d, stderr %q", code, errOut)
	}

	if code, out, _ := cli(t, env, "services", "export", dir); code != 0 || !strings.Contains(out, "1 organizations, 3 services") {
		t.Fatalf("export: exit %d %s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "datapackage.json")); err != nil {
		t.Fatal(err)
	}
	// The export imports cleanly, changing nothing.
	if code, out, errOut := cli(t, env, "services", "import", "--all-or-nothing", dir); code != 0 || !strings.Contains(out, "imported 1 organizations, 3 services") {
		t.Errorf("re-import of the export: exit %d\n%s%s", code, out, errOut)
	}

	// Mistakes get a one-line answer and exit code 2.
	for _, args := range [][]string{
		{"services"}, {"services", "import"}, {"services", "import", "--taxonomy", filepath.Join(dir, "none.yaml"), dir},
	} {
		if code, _, _ := cli(t, env, args...); code != 2 {
			t.Errorf("peerbot %s: exit %d, want 2", strings.Join(args, " "), code)
		}
	}
	if code, _, errOut := cli(t, env, "services", "import", filepath.Join(dir, "nothing-here")); code != 1 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("a missing path: exit %d, %q", code, errOut)
	}
}

func TestReferralsCommands(t *testing.T) {
	env := map[string]string{"DATABASE_URL": pgtest.NewDatabase(t), "PEERBOT_SECRET": cliSecret}
	steps := []struct {
		code int
		want string
		args []string
	}{
		{0, "Added organisation", []string{"orgs", "add", "Sala Segura", "--region", "PT-11"}},
		{0, "PT-11, naloxone -> Sala Segura", []string{"referrals", "rule", "Sala Segura", "--region", "PT-11", "--need", "naloxone"}},
		{0, "fallback -> Sala Segura", []string{"referrals", "fallback", "Sala Segura"}},
		{0, "PT-11, naloxone", []string{"referrals", "rules"}},
		{0, "Sala Segura answers MO,TU,WE,TH,FR 10:00-18:00 (Europe/Lisbon)", []string{"referrals", "hours", "Sala Segura", "MO,TU,WE,TH,FR 10:00-18:00"}},
		{0, "no answering hours", []string{"referrals", "hours", "Sala Segura"}},
		{0, "reminded after 30 minutes and passed to the fallback after 60", []string{"referrals", "remind", "Sala Segura", "30"}},
		{0, "reminded after 10 minutes", []string{"referrals", "remind", "Sala Segura", "0"}},
		{2, "from 1 to 1440", []string{"referrals", "remind", "Sala Segura", "2000"}},
		{0, "Deleted rule 1", []string{"referrals", "unrule", "1"}},
		{1, "no rule 1", []string{"referrals", "unrule", "1"}},
		{1, "no organisation", []string{"referrals", "rule", "Nobody"}},
		{2, "not one the bot knows", []string{"referrals", "rule", "Sala Segura", "--region", "XX-99"}},
		{2, "not one of the needs", []string{"referrals", "rule", "Sala Segura", "--need", "snacks"}},
		{2, "write them like", []string{"referrals", "hours", "Sala Segura", "weekdays"}},
		{2, "IANA", []string{"referrals", "hours", "Sala Segura", "--tz", "Mars/Base", "MO 10:00-11:00"}},
	}
	for _, st := range steps {
		code, out, errOut := cli(t, env, st.args...)
		if code != st.code || !strings.Contains(out+errOut, st.want) {
			t.Errorf("peerbot %s: exit %d %q %q; want %d showing %q", strings.Join(st.args, " "), code, out, errOut, st.code, st.want)
		}
	}
}
