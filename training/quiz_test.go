package training

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func fixture(t testing.TB) *Catalog {
	t.Helper()
	mods, probs := LoadAll(os.DirFS("testdata/content"), "modules", "modules", LoadOptions{})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	c, probs := NewCatalog(mods...)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	return c
}

// answers plays one round: right[i] says whether to answer the i-th
// question of the round rightly.
func playRound(t *testing.T, p *Progress, m *Module, right []bool) (Result, []Event) {
	t.Helper()
	var events []Event
	for i, r := range right {
		qi := p.Current()
		if qi < 0 {
			t.Fatalf("no question %d", i)
		}
		q := m.Questions[qi]
		chosen := q.Correct
		if !r {
			for _, o := range q.Options {
				if !q.IsCorrect([]OptionID{o}) {
					chosen = []OptionID{o}
					break
				}
			}
		}
		ok, ev := p.Answer(m, "pl", chosen)
		if ok != r {
			t.Fatalf("question %d: right = %v, want %v", qi, ok, r)
		}
		events = append(events, ev...)
		res, done, ev := p.Next(m, "pl", time.Date(2026, 12, 2, 15, 4, 0, 0, time.UTC))
		events = append(events, ev...)
		if done != (i == len(right)-1) {
			t.Fatalf("done = %v after %d of %d", done, i+1, len(right))
		}
		if done {
			return res, events
		}
	}
	return Result{}, events
}

func TestQuizFailRetryPass(t *testing.T) {
	m := fixture(t).Module("naloxone")
	p, ev := Start(m, "pl")
	if len(ev) != 1 || ev[0].Kind != EventStart {
		t.Fatalf("start events %v", ev)
	}
	p.StartQuiz(m)
	// Every question must be right (pass mark 100); 3 of 5 fails.
	res, ev := playRound(t, p, m, []bool{true, false, true, false, true})
	if res.Passed || res.Right != 3 || res.Missed != 2 || p.Passed() {
		t.Fatalf("round 1 = %+v", res)
	}
	if kinds(ev) != "missed,missed,taken" {
		t.Errorf("round 1 events %s", kinds(ev))
	}
	p.RetryMissed()
	if len(p.Quiz.Round) != 2 || p.Current() != 1 {
		t.Fatalf("retry round %v", p.Quiz.Round)
	}
	res, ev = playRound(t, p, m, []bool{true, false})
	if res.Passed || res.Right != 4 || res.Missed != 1 || kinds(ev) != "missed" {
		t.Fatalf("round 2 = %+v, events %s", res, kinds(ev))
	}
	p.RetryMissed()
	if p.Current() != 3 {
		t.Fatalf("round 3 asks %d, want question 3", p.Current())
	}
	res, ev = playRound(t, p, m, []bool{true})
	if !res.Passed || !res.FirstPass || res.Right != 5 || p.PassedOn != time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC) {
		t.Fatalf("round 3 = %+v, passed on %v", res, p.PassedOn)
	}
	if kinds(ev) != "passed" {
		t.Errorf("round 3 events %s", kinds(ev))
	}
	// A retake after passing keeps the pass and counts nothing more.
	p.StartQuiz(m)
	res, ev = playRound(t, p, m, []bool{false, false, false, false, false})
	if res.Passed || !p.Passed() || kinds(ev) != "missed,missed,missed,missed,missed" {
		t.Errorf("retake %+v %s", res, kinds(ev))
	}
}

func TestMultipleChoiceNeedsExactSet(t *testing.T) {
	q := fixture(t).Module("naloxone").Questions[2]
	tests := []struct {
		chosen []OptionID
		want   bool
	}{
		{[]OptionID{"a", "b", "d"}, true},
		{[]OptionID{"d", "a", "b"}, true},
		{[]OptionID{"a", "b"}, false},
		{[]OptionID{"a", "b", "c", "d"}, false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := q.IsCorrect(tt.chosen); got != tt.want {
			t.Errorf("IsCorrect(%v) = %v", tt.chosen, got)
		}
	}
	var p Progress
	p.Toggle("d")
	p.Toggle("a")
	p.Toggle("c")
	p.Toggle("c")
	if got := p.Quiz.Selected; len(got) != 2 || got[0] != "a" || got[1] != "d" {
		t.Errorf("selected %v", got)
	}
}

func TestSyncAfterUpdateKeepsPass(t *testing.T) {
	m := fixture(t).Module("naloxone")
	p := &Progress{Module: m.ID, Version: 1, Lesson: 7, InQuiz: true, Quiz: QuizState{Round: []int{0, 1}, Pos: 1},
		PassedOn: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), PassedVersion: 1, Code: "X"}
	updated := *m
	updated.Version = 2
	if !p.Sync(&updated) {
		t.Fatal("no change")
	}
	if p.Version != 2 || p.InQuiz || p.Lesson != 2 || p.Current() != -1 || !p.Passed() || p.Code != "X" {
		t.Errorf("after sync %+v", p)
	}
	if p.Sync(&updated) {
		t.Error("second sync changed something")
	}
	// Edited without a version bump: positions past the end are reset.
	shorter := updated
	shorter.Lessons = shorter.Lessons[:1]
	p.Lesson, p.InQuiz, p.Quiz = 2, true, QuizState{Round: []int{9}}
	if !p.Sync(&shorter) || p.Lesson != 0 || p.InQuiz {
		t.Errorf("after an edit without a version: %+v", p)
	}
}

func kinds(ev []Event) string {
	s := ""
	for i, e := range ev {
		if i > 0 {
			s += ","
		}
		s += string(e.Kind)
	}
	return s
}

type testSigner string

func (s testSigner) Keyed(purpose string, parts ...string) []byte {
	h := hmac.New(sha256.New, []byte(s))
	h.Write([]byte(purpose))
	for _, p := range parts {
		h.Write([]byte(p))
	}
	return h.Sum(nil)
}

func TestCompletionCodes(t *testing.T) {
	cat := fixture(t)
	codes := Codes{Signer: testSigner("secret one"), Catalog: cat}
	done := Completion{Module: "naloxone", Version: 1, Lang: "pl", Date: time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)}
	code, err := codes.Make(done)
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != 14 || code[4] != '-' || code[9] != '-' {
		t.Errorf("code %q is not XXXX-XXXX-XXXX", code)
	}
	got, err := codes.Verify(code)
	if err != nil || got != done {
		t.Fatalf("Verify(%s) = %+v, %v", code, got, err)
	}
	// Typed loosely: lower case, no dashes, O for 0, L for 1.
	loose := ""
	for _, r := range code {
		switch r {
		case '-':
		case '0':
			loose += "o"
		case '1':
			loose += "l"
		default:
			loose += strings.ToLower(string(r))
		}
	}
	if got, err := codes.Verify(loose); err != nil || got != done {
		t.Errorf("Verify(%s) = %+v, %v", loose, got, err)
	}
	// Another deployment's secret, a changed character, or a module gone.
	other := Codes{Signer: testSigner("secret two"), Catalog: cat}
	if _, err := other.Verify(code); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("other secret: %v", err)
	}
	changed := []byte(code)
	changed[5] = map[bool]byte{true: 'A', false: 'B'}[changed[5] != 'A']
	if _, err := codes.Verify(string(changed)); !errors.Is(err, ErrCodeInvalid) {
		t.Errorf("changed code: %v", err)
	}
	empty, _ := NewCatalog()
	if _, err := (Codes{Signer: testSigner("secret one"), Catalog: empty}).Verify(code); !errors.Is(err, ErrCodeModule) {
		t.Errorf("module gone: %v", err)
	}
	for _, bad := range []string{"", "ABCD", "ABCD-EFGH-JKMN-P", "ABCD-EFGH-JKMU"} {
		if _, err := codes.Verify(bad); !errors.Is(err, ErrCodeInvalid) {
			t.Errorf("Verify(%q) = %v", bad, err)
		}
	}
	if _, err := codes.Make(Completion{Module: "x", Version: 1, Lang: "de", Date: done.Date}); err == nil {
		t.Error("made a code for an unknown language")
	}
}

func FuzzVerifyCode(f *testing.F) {
	cat := fixture(f)
	codes := Codes{Signer: testSigner("fuzz"), Catalog: cat}
	good, _ := codes.Make(Completion{Module: "checking", Version: 1, Lang: "en", Date: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)})
	for _, s := range []string{good, "", "0000-0000-0000", "zzzz-zzzz-zzzz", "ABCD EFGH JKMN", "ü"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		done, err := codes.Verify(s)
		if err != nil {
			return
		}
		// Whatever verifies re-encodes to the same code.
		again, err := codes.Make(done)
		if err != nil {
			t.Fatalf("Verify(%q) = %+v, which cannot be made: %v", s, done, err)
		}
		if back, err := codes.Verify(again); err != nil || back != done {
			t.Fatalf("round trip of %q: %+v, %v", s, back, err)
		}
	})
}
