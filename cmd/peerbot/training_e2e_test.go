package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/training"
)

// trainingContent is the test modules' CONTENT_DIR: naloxone (peers only,
// English and Polish, pass mark 100) and checking (everyone, English).
const trainingContent = "../../training/testdata/content"

var completionCode = regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`)

// TestPeerTrainingInPolishAndEnglish is the "done when": a peer
// invited by an organisation takes a module in Polish, fails a question,
// retries it and passes; the service restarts in the middle of the
// lessons and of the quiz; staff verify the code with the CLI and the API
// and see the stats. An English speaker who belongs to no organisation sees
// only the public module and passes it; /forget deletes the progress.
func TestPeerTrainingInPolishAndEnglish(t *testing.T) {
	h := newHarness(t, map[string]string{"CONTENT_DIR": trainingContent})
	ctx := context.Background()
	org, err := h.svc.orgs.CreateOrg(ctx, orgs.Org{Name: "Punkt", Regions: []string{"PL-14"}})
	if err != nil {
		t.Fatal(err)
	}
	invite := func(role orgs.Role) string {
		code, err := h.svc.orgs.CreateInvite(ctx, org.ID, role, 1, orgs.DefaultInviteTTL)
		if err != nil {
			t.Fatal(err)
		}
		return code
	}
	orgData := map[string]any{"Org": bot.EscapeHTML(org.Name)}

	p := h.newPerson(7001, "pl")
	p.onboard("pl", "PL", "PL-14")
	p.send("/start join_"+invite(orgs.RolePeer), p.text(locales.JoinedPeer, orgData))

	// The list: the peer-only module too, both new.
	p.send("/learn", "Nalokson: podaj i zostań")
	p.waitFor(p.text(locales.TrainingStatusNew, nil))
	head := func(n int) string {
		return p.text(locales.TrainingLessonHead, map[string]any{"Title": "Nalokson: podaj i zostań", "N": n, "Total": 3})
	}
	p.press("Nalokson", head(1))
	p.press(p.text(locales.ButtonTrainingNext, nil), head(2))
	p.press(p.text(locales.ButtonTrainingBack, nil), head(1))
	p.press(p.text(locales.ButtonTrainingNext, nil), head(2))

	// A restart: the Next button from before it still works, and /learn
	// says where they are.
	h.restart()
	p.press(p.text(locales.ButtonTrainingNext, nil), head(3))
	p.send("/learn", p.text(locales.TrainingStatusAt, map[string]any{"N": 3, "Total": 3}))
	p.press("Nalokson", head(3))

	question := func(n, total int) string {
		return p.text(locales.TrainingQuestionHead, map[string]any{"Title": "Nalokson: podaj i zostań", "N": n, "Total": total})
	}
	right, wrong := p.text(locales.TrainingRight, nil), p.text(locales.TrainingWrong, nil)
	nextQ := p.text(locales.ButtonTrainingNextQ, nil)
	p.press(p.text(locales.ButtonTrainingQuiz, nil), question(1, 5))
	p.press("A", right)
	p.press(nextQ, question(2, 5))
	p.press("B", wrong) // the one they get wrong
	p.waitFor("Nalokson nie działa na kogoś bez opioidów")

	// Another restart, in the middle of the quiz.
	h.restart()
	p.press(nextQ, question(3, 5))
	// Multiple choice: toggle three options, then check.
	p.press("☐ A", "☑️ A")
	p.press("☐ B", "☑️ B")
	p.press("☐ D", "☑️ D")
	p.press(p.text(locales.ButtonTrainingCheck, nil), right)
	p.press(nextQ, question(4, 5))
	p.press("A", right)
	p.press(nextQ, question(5, 5))
	p.press("A", right)
	p.press(p.text(locales.ButtonTrainingScore, nil), p.text(locales.TrainingFailed, map[string]any{"Right": 4, "Total": 5, "Percent": 80, "Mark": 100}))

	// Retry only the question missed.
	p.press(p.text(locales.ButtonTrainingRetry, map[string]any{"Count": 1}), question(1, 1))
	p.waitFor("Czy można bezpiecznie podać nalokson")
	p.press("A", right)
	p.press(p.text(locales.ButtonTrainingScore, nil), p.text(locales.TrainingPassed, map[string]any{"Right": 5, "Total": 5, "Percent": 100}))
	msg := p.waitFor("🎓")
	code := completionCode.FindString(msg.Text)
	if code == "" {
		t.Fatalf("no code in %q", msg.Text)
	}
	p.send("/learn", "✅")

	// Staff verify the code: with the CLI, and with the API.
	var stdout, stderr bytes.Buffer
	m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string {
		return map[string]string{"PEERBOT_SECRET": h.cfg.Secret, "CONTENT_DIR": trainingContent, "LOG_LEVEL": "warn"}[k]
	}}
	if rc := m.Run(ctx, []string{"training", "verify", strings.ToLower(code)}); rc != 0 || !strings.Contains(stdout.String(), "module: naloxone") || !strings.Contains(stdout.String(), "language: pl") {
		t.Errorf("training verify: exit %d\n%s%s", rc, stdout.String(), stderr.String())
	}
	forged := []byte(code)
	forged[0] = map[bool]byte{true: '1', false: '2'}[forged[0] != '1']
	stdout.Reset()
	if rc := m.Run(ctx, []string{"training", "verify", string(forged)}); rc != 1 {
		t.Errorf("a forged code: exit %d, want 1", rc)
	}
	token, err := h.svc.orgs.CreateToken(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string, v any) int {
		req, _ := http.NewRequest(http.MethodGet, "http://"+h.svc.addr+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}
	var done map[string]any
	if st := get("/api/v1/training/verify/"+code, &done); st != 200 || done["module"] != "naloxone" || done["language"] != "pl" || done["version"] != 1.0 {
		t.Errorf("API verify: %d %v", st, done)
	}
	if st := get("/api/v1/training/verify/"+string(forged), &done); st != 404 || done["field"] != "code" {
		t.Errorf("API verify of a forged code: %d %v", st, done)
	}

	// Someone with no organisation, in English: only the public module.
	e := h.newPerson(7002, "en")
	e.onboard("en", "PL", "PL-14")
	e.send("/menu", e.text(locales.MainMenu, nil))
	e.press(e.text(locales.ButtonLearn, nil), "Drug checking")
	if strings.Contains(e.transcript(), "Naloxone") {
		t.Error("the peer-only module is listed for someone with no organisation")
	}
	e.press("Drug checking", e.text(locales.TrainingLessonHead, map[string]any{"Title": "Drug checking", "N": 1, "Total": 1}))
	// The lesson's picture comes first, uploaded from the module folder,
	// with the lesson text under it.
	if msgs := h.fake.BotMessages(7002); len(msgs) < 2 || len(msgs[len(msgs)-2].Image) == 0 {
		t.Errorf("the lesson's picture was not sent before its text:\n%s", e.transcript())
	}
	e.press(e.text(locales.ButtonTrainingQuiz, nil), "Why check a drug")
	for i, answer := range []string{"A", "B", "B", "B", "A"} { // the third is wrong
		verdict := e.text(locales.TrainingRight, nil)
		if i == 2 {
			verdict = e.text(locales.TrainingWrong, nil)
		}
		e.press(answer, verdict)
		label := e.text(locales.ButtonTrainingNextQ, nil)
		if i == 4 {
			label = e.text(locales.ButtonTrainingScore, nil)
		}
		e.press(label, e.text(locales.ButtonTrainingModules, nil))
	}
	e.waitFor(e.text(locales.TrainingPassed, map[string]any{"Right": 4, "Total": 5, "Percent": 80}))
	e.waitFor("🎓")

	// A Ukrainian speaker sees the English module with a note.
	u := h.newPerson(7004, "uk")
	u.onboard("uk", "UA", "UA-30")
	u.send("/learn", "Drug checking")
	u.press("Drug checking", u.text(locales.TrainingFallback, nil))

	// Staff see the stats, counts under 5 hidden; peers do not. The
	// Ukrainian speaker counts under English, the language they read it in.
	s := h.newPerson(7003, "en")
	s.onboard("en", "PL", "PL-14")
	s.send("/start join_"+invite(orgs.RoleStaff), s.text(locales.JoinedStaff, orgData))
	s.send("/learn", s.text(locales.ButtonTrainingStats, nil))
	s.press(s.text(locales.ButtonTrainingStats, nil), s.text(locales.TrainingStatsTitle, map[string]any{"Since": ""})[:20])
	s.waitFor("started: fewer than 5")
	p.send("/trainingstats", p.text(locales.UnknownCommand, nil))
	var stats struct {
		Modules []struct {
			Module, Language string
			Starts           any
		}
		MostMissed []map[string]any `json:"most_missed"`
	}
	if st := get("/api/v1/training/stats", &stats); st != 200 || len(stats.Modules) != 2 || stats.Modules[0].Starts != "<5" || len(stats.MostMissed) != 2 {
		t.Errorf("API stats: %d %+v", st, stats)
	}

	// /forget deletes the progress and says so.
	p.send("/forget", p.text(locales.ForgetConfirm, nil))
	p.press(p.text(locales.ButtonForgetYes, nil), p.plural(locales.ForgetItemTraining, 1))
}

// TestModuleUpdatedWhileInIt updates a module (a new version) while
// someone who passed it is reading it again: after the restart that loads
// the new version, their old button restarts the lesson they were on with
// a note, and their pass stays.
func TestModuleUpdatedWhileInIt(t *testing.T) {
	dir := t.TempDir()
	mod := filepath.Join(dir, "modules", "naloxone")
	if err := os.MkdirAll(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"module.yaml", "en.yaml"} {
		data, err := os.ReadFile(filepath.Join(trainingContent, "modules", "naloxone", f))
		if err != nil {
			t.Fatal(err)
		}
		// Public here, so no organisation is needed.
		data = bytes.Replace(data, []byte("audience: peers"), []byte("audience: everyone"), 1)
		if err := os.WriteFile(filepath.Join(mod, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, map[string]string{"CONTENT_DIR": dir})
	p := h.newPerson(7101, "en")
	p.onboard("en", "PL", "PL-14")
	head := func(n int) string {
		return p.text(locales.TrainingLessonHead, map[string]any{"Title": "Naloxone: give it, then stay", "N": n, "Total": 3})
	}
	next := p.text(locales.ButtonTrainingNext, nil)
	p.send("/learn", "Naloxone")
	p.press("Naloxone", head(1))
	p.press(next, head(2))
	p.press(next, head(3))
	p.press(p.text(locales.ButtonTrainingQuiz, nil), "What does naloxone do?")
	for i, answers := range [][]string{{"A"}, {"A"}, {"☐ A", "☐ B", "☐ D", p.text(locales.ButtonTrainingCheck, nil)}, {"A"}, {"A"}} {
		for _, a := range answers {
			p.press(a, p.text(locales.ButtonTrainingModules, nil))
		}
		p.waitFor(p.text(locales.TrainingRight, nil))
		label := p.text(locales.ButtonTrainingNextQ, nil)
		if i == 4 {
			label = p.text(locales.ButtonTrainingScore, nil)
		}
		p.press(label, p.text(locales.ButtonTrainingModules, nil))
	}
	code := completionCode.FindString(p.waitFor("🎓").Text)
	p.press(p.text(locales.ButtonTrainingReview, nil), head(1))
	p.press(next, head(2))

	// Version 2 is deployed.
	meta := filepath.Join(mod, "module.yaml")
	data, err := os.ReadFile(meta)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(meta, bytes.Replace(data, []byte("version: 1"), []byte("version: 2"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	h.restart()
	p.press(next, p.text(locales.TrainingUpdated, nil))
	p.waitFor(head(2))
	p.send("/learn", "✅")
	p.press("Naloxone", head(2))
	if strings.Contains(p.waitFor(head(2)).Text, p.text(locales.TrainingUpdated, nil)) {
		t.Error("the update note shows again")
	}
	// The code from version 1 still verifies, naming version 1.
	var stdout, stderr bytes.Buffer
	m := Main{Stdout: &stdout, Stderr: &stderr, Getenv: func(k string) string {
		return map[string]string{"PEERBOT_SECRET": h.cfg.Secret, "CONTENT_DIR": dir, "LOG_LEVEL": "warn"}[k]
	}}
	if rc := m.Run(context.Background(), []string{"training", "verify", code}); rc != 0 || !strings.Contains(stdout.String(), "version: 1 (current: 2)") {
		t.Errorf("verify after the update: exit %d\n%s%s", rc, stdout.String(), stderr.String())
	}
}

// TestBuiltinOverdoseModuleInPolish takes the built-in overdose module in
// Polish as a peer invited by an organisation: two questions wrong (under
// the pass mark), retry just those two, pass, and the code verifies. The
// answers come from module.yaml, so the test follows the content.
func TestBuiltinOverdoseModuleInPolish(t *testing.T) {
	mods, probs := training.LoadAll(content.Modules, "modules", "content/modules", training.LoadOptions{})
	catalog, _ := training.NewCatalog(mods...)
	m := catalog.Module("overdose")
	if m == nil {
		t.Skipf("the built-in overdose module is not here (problems: %v)", probs)
	}
	texts := m.Texts["pl"]
	h := newHarness(t, nil)
	ctx := context.Background()
	org, err := h.svc.orgs.CreateOrg(ctx, orgs.Org{Name: "Punkt"})
	if err != nil {
		t.Fatal(err)
	}
	code, err := h.svc.orgs.CreateInvite(ctx, org.ID, orgs.RolePeer, 1, orgs.DefaultInviteTTL)
	if err != nil {
		t.Fatal(err)
	}
	p := h.newPerson(7201, "pl")
	p.onboard("pl", "PL", "PL-14")
	p.send("/start join_"+code, p.text(locales.JoinedPeer, map[string]any{"Org": "Punkt"}))
	p.send("/learn", texts.Title)
	head := func(i int) string {
		return p.text(locales.TrainingLessonHead, map[string]any{"Title": bot.EscapeHTML(texts.Title), "N": i + 1, "Total": len(m.Lessons)})
	}
	p.press(texts.Title, head(0))
	for i := 1; i < len(m.Lessons); i++ {
		p.press(p.text(locales.ButtonTrainingNext, nil), head(i))
	}
	p.press(p.text(locales.ButtonTrainingQuiz, nil), texts.Questions[0].Text)
	// answer answers question qi rightly or not, then moves on with label.
	answer := func(qi int, right bool, next string) {
		q := m.Questions[qi]
		chosen := q.Correct
		if !right {
			for _, o := range q.Options {
				if !q.IsCorrect([]training.OptionID{o}) {
					chosen = []training.OptionID{o}
					break
				}
			}
		}
		verdict := p.text(locales.TrainingRight, nil)
		if !right {
			verdict = p.text(locales.TrainingWrong, nil)
		}
		if q.Kind == training.Single {
			p.press(training.Letter(chosen[0]), verdict)
		} else {
			for _, o := range chosen {
				p.press("☐ "+training.Letter(o), "☑️ "+training.Letter(o))
			}
			p.press(p.text(locales.ButtonTrainingCheck, nil), verdict)
		}
		p.press(next, p.text(locales.ButtonTrainingModules, nil))
	}
	wrong := map[int]bool{1: true, 4: true} // a single and a multiple
	for qi := range m.Questions {
		next := p.text(locales.ButtonTrainingNextQ, nil)
		if qi == len(m.Questions)-1 {
			next = p.text(locales.ButtonTrainingScore, nil)
		}
		answer(qi, !wrong[qi], next)
	}
	n := len(m.Questions)
	p.waitFor(p.text(locales.TrainingFailed, map[string]any{"Right": n - 2, "Total": n, "Percent": (n - 2) * 100 / n, "Mark": m.PassMark}))
	p.press(p.text(locales.ButtonTrainingRetry, map[string]any{"Count": 2}), texts.Questions[1].Text)
	answer(1, true, p.text(locales.ButtonTrainingNextQ, nil))
	p.waitFor(texts.Questions[4].Text)
	answer(4, true, p.text(locales.ButtonTrainingScore, nil))
	p.waitFor(p.text(locales.TrainingPassed, map[string]any{"Right": n, "Total": n, "Percent": 100}))
	got := completionCode.FindString(p.waitFor("🎓").Text)
	done, err := training.Codes{Signer: h.svc.sealer, Catalog: catalog}.Verify(got)
	if err != nil || done.Module != "overdose" || done.Lang != "pl" || done.Version != m.Version {
		t.Errorf("code %q verifies as %+v, %v", got, done, err)
	}
}
