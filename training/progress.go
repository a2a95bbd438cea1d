package training

import (
	"slices"
	"time"
)

// Progress is where one person is in one module. Lesson is the lesson
// shown (0-based); in the quiz, Quiz says which question. Passing keeps
// PassedOn, PassedVersion and Code for good, through retakes and updates.
type Progress struct {
	Module   ModuleID
	Version  int // the module version the lesson and quiz positions refer to
	Lesson   int
	InQuiz   bool
	Quiz     QuizState
	Attempts int // quiz rounds finished
	// Taken is set once the person finished a first quiz round.
	Taken bool

	PassedOn      time.Time // day of the first pass; zero before
	PassedVersion int
	PassedLang    string
	Code          string
}

// QuizState is a quiz round in progress. Questions are indexes into the
// module's Questions.
type QuizState struct {
	Round    []int      // the questions of this round, in order
	Pos      int        // index into Round of the current question
	Right    []int      // questions answered right, in any round of this take
	Missed   []int      // questions missed in this round
	Selected []OptionID // options toggled on the current multiple-choice question
	Answered bool       // the current question is answered; its feedback shows
	Last     []OptionID // the answer given to the current question, for its feedback
}

// Passed reports whether the person has ever passed the module.
func (p *Progress) Passed() bool { return !p.PassedOn.IsZero() }

// Status is how a module shows in a person's list.
type Status int

// The statuses.
const (
	StatusNew Status = iota
	StatusInProgress
	StatusPassed
)

// Status of the module for the list: passed wins over a retake.
func (p *Progress) Status() Status {
	switch {
	case p == nil:
		return StatusNew
	case p.Passed():
		return StatusPassed
	}
	return StatusInProgress
}

// EventKind is what a stats event counts.
type EventKind string

// The events stats count, without saying who.
const (
	EventStart  EventKind = "start"  // a person opened the module for the first time
	EventTaken  EventKind = "taken"  // a person finished their first quiz round
	EventPassed EventKind = "passed" // a person passed, once per person and module
	EventMissed EventKind = "missed" // a question was answered wrongly (Question set)
)

// Event is one count to add to the stats. It names a module, a language
// and a day, never a person.
type Event struct {
	Kind     EventKind
	Module   ModuleID
	Version  int
	Lang     string
	Question QuestionID // EventMissed only
}

// Start returns the progress of a person opening m for the first time, and
// the start event.
func Start(m *Module, lang string) (*Progress, []Event) {
	return &Progress{Module: m.ID, Version: m.Version}, []Event{{Kind: EventStart, Module: m.ID, Version: m.Version, Lang: lang}}
}

// Sync brings progress made on an older version of m up to date: the
// person restarts the lesson they were on (or the last one, if the module
// got shorter) and any quiz round in progress is dropped; a pass and its
// code stay. It reports whether anything changed.
func (p *Progress) Sync(m *Module) bool {
	if p.Version == m.Version && p.fits(m) {
		return false
	}
	p.Version = m.Version
	p.Lesson = min(max(p.Lesson, 0), len(m.Lessons)-1)
	p.InQuiz = false
	p.Quiz = QuizState{}
	return true
}

// fits reports whether every position in p exists in m: a module edited
// without a version bump must not send anyone past its end.
func (p *Progress) fits(m *Module) bool {
	if p.Lesson < 0 || p.Lesson >= len(m.Lessons) || p.Quiz.Pos < 0 || p.Quiz.Pos > len(p.Quiz.Round) {
		return false
	}
	for _, set := range [][]int{p.Quiz.Round, p.Quiz.Right, p.Quiz.Missed} {
		for _, q := range set {
			if q < 0 || q >= len(m.Questions) {
				return false
			}
		}
	}
	return true
}

// GoToLesson moves to lesson i (clamped to the module's lessons).
func (p *Progress) GoToLesson(m *Module, i int) {
	p.Lesson = min(max(i, 0), len(m.Lessons)-1)
	p.InQuiz = false
}

// StartQuiz begins a quiz round over every question.
func (p *Progress) StartQuiz(m *Module) {
	round := make([]int, len(m.Questions))
	for i := range round {
		round[i] = i
	}
	p.InQuiz = true
	p.Quiz = QuizState{Round: round}
}

// RetryMissed begins a round of only the questions missed in the last one;
// the ones already right stay right.
func (p *Progress) RetryMissed() {
	missed := slices.Clone(p.Quiz.Missed)
	p.InQuiz = true
	p.Quiz = QuizState{Round: missed, Right: p.Quiz.Right}
}

// Current is the module's index of the question being asked, or -1 when
// the round is over (or no quiz runs).
func (p *Progress) Current() int {
	if !p.InQuiz || p.Quiz.Pos >= len(p.Quiz.Round) {
		return -1
	}
	return p.Quiz.Round[p.Quiz.Pos]
}

// Toggle turns an option of the current multiple-choice question on or
// off.
func (p *Progress) Toggle(o OptionID) {
	if i := slices.Index(p.Quiz.Selected, o); i >= 0 {
		p.Quiz.Selected = slices.Delete(p.Quiz.Selected, i, i+1)
		return
	}
	p.Quiz.Selected = append(p.Quiz.Selected, o)
	slices.Sort(p.Quiz.Selected)
}

// Answer records the answer to the current question and returns whether it
// was right, and the miss event when it was not. The caller checks that a
// question is current and not yet answered.
func (p *Progress) Answer(m *Module, lang string, chosen []OptionID) (bool, []Event) {
	qi := p.Current()
	q := m.Questions[qi]
	p.Quiz.Answered = true
	p.Quiz.Last = slices.Clone(chosen)
	p.Quiz.Selected = nil
	if q.IsCorrect(chosen) {
		if !slices.Contains(p.Quiz.Right, qi) {
			p.Quiz.Right = append(p.Quiz.Right, qi)
		}
		return true, nil
	}
	p.Quiz.Missed = append(p.Quiz.Missed, qi)
	return false, []Event{{Kind: EventMissed, Module: m.ID, Version: m.Version, Lang: lang, Question: q.ID}}
}

// Result is the outcome of a finished quiz round.
type Result struct {
	Right, Total int
	Passed       bool
	FirstPass    bool // this round made the first pass; a code is due
	Missed       int  // questions to retry
}

// Next moves past an answered question. At the end of the round it
// scores the take and returns the result with done set, plus the events
// (a first finished round, a first pass).
func (p *Progress) Next(m *Module, lang string, today time.Time) (res Result, done bool, events []Event) {
	p.Quiz.Pos++
	p.Quiz.Answered = false
	p.Quiz.Last = nil
	if p.Quiz.Pos < len(p.Quiz.Round) {
		return Result{}, false, nil
	}
	p.Attempts++
	if !p.Taken {
		p.Taken = true
		events = append(events, Event{Kind: EventTaken, Module: m.ID, Version: m.Version, Lang: lang})
	}
	res = Result{Right: len(p.Quiz.Right), Total: len(m.Questions), Missed: len(p.Quiz.Missed)}
	res.Passed = res.Right*100 >= m.PassMark*res.Total
	if res.Passed && !p.Passed() {
		res.FirstPass = true
		p.PassedOn = Day(today)
		p.PassedVersion = m.Version
		p.PassedLang = lang
		events = append(events, Event{Kind: EventPassed, Module: m.ID, Version: m.Version, Lang: lang})
	}
	return res, true, events
}

// Score is the result of the round that just ended, shown again when the
// person comes back to a finished round.
func (p *Progress) Score(m *Module) Result {
	r := Result{Right: len(p.Quiz.Right), Total: len(m.Questions), Missed: len(p.Quiz.Missed)}
	r.Passed = r.Right*100 >= m.PassMark*r.Total
	return r
}

// Day is t's calendar day in UTC: all dates in training are days, never
// times, so that nothing pins down when someone used the bot.
func Day(t time.Time) time.Time {
	y, mo, d := t.UTC().Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
}
