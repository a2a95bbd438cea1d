package postgres

import (
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/stats"
	"github.com/peerbot/peerbot/training"
)

func TestTrainingProgressRoundTrip(t *testing.T) {
	db, ps := newStore(t)
	s := NewTrainingStore(db)
	ctx := testContext(t)
	id := mustPerson(t, ps, 9001)
	if p, err := s.Progress(ctx, id, "naloxone"); p != nil || err != nil {
		t.Fatalf("before any progress: %+v, %v", p, err)
	}
	now := time.Date(2026, 12, 2, 23, 59, 0, 0, time.UTC)
	want := &training.Progress{Module: "naloxone", Version: 2, Lesson: 1, InQuiz: true, Attempts: 1, Taken: true,
		Quiz: training.QuizState{Round: []int{1, 3}, Pos: 1, Right: []int{0, 2, 4}, Missed: []int{1},
			Selected: []training.OptionID{"a", "d"}}}
	if err := s.SaveProgress(ctx, id, want, nil, now); err != nil {
		t.Fatal(err)
	}
	got, err := s.Progress(ctx, id, "naloxone")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, %v\nwant %+v", got, err, want)
	}
	// Passing stores the day, version, language and code.
	want.PassedOn, want.PassedVersion, want.PassedLang, want.Code = training.Day(now), 2, "pl", "ABCD-EFGH-JKMN"
	want.InQuiz, want.Quiz = false, training.QuizState{}
	if err := s.SaveProgress(ctx, id, want, nil, now); err != nil {
		t.Fatal(err)
	}
	all, err := s.AllProgress(ctx, id)
	if err != nil || len(all) != 1 || !reflect.DeepEqual(all["naloxone"], want) {
		t.Fatalf("AllProgress = %+v, %v", all, err)
	}
	// /forget deletes it and counts it.
	f, err := ps.ForgetPerson(ctx, id)
	if err != nil || f.TrainingModules != 1 {
		t.Fatalf("ForgetPerson = %+v, %v", f, err)
	}
	if p, err := s.Progress(ctx, id, "naloxone"); p != nil || err != nil {
		t.Fatalf("after /forget: %+v, %v", p, err)
	}
}

func TestTrainingStatsCountWithoutPeople(t *testing.T) {
	db, ps := newStore(t)
	s := NewTrainingStore(db)
	ctx := testContext(t)
	day := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	// Seven people start naloxone in Polish, six take the quiz, five pass;
	// two start in English; question "safe" is missed six times.
	for i := range 9 {
		id := mustPerson(t, ps, people.ChatID(9100+i))
		lang := "pl"
		if i >= 7 {
			lang = "en"
		}
		ev := []training.Event{{Kind: training.EventStart, Module: "naloxone", Version: 1, Lang: lang}}
		if i < 6 {
			ev = append(ev, training.Event{Kind: training.EventTaken, Module: "naloxone", Version: 1, Lang: lang},
				training.Event{Kind: training.EventMissed, Module: "naloxone", Version: 1, Lang: lang, Question: "safe"})
		}
		if i < 5 {
			ev = append(ev, training.Event{Kind: training.EventPassed, Module: "naloxone", Version: 1, Lang: lang})
		}
		p := &training.Progress{Module: "naloxone", Version: 1}
		if err := s.SaveProgress(ctx, id, p, ev, day.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	st, err := s.TrainingStats(ctx, day.AddDate(0, 0, -30), 5)
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(st.Rows, func(i, j int) bool { return st.Rows[i].Lang < st.Rows[j].Lang })
	want := []training.ModuleStats{
		{Module: "naloxone", Lang: "en", Starts: 2},
		{Module: "naloxone", Lang: "pl", Starts: 7, Taken: 6, Passed: 5},
	}
	if !reflect.DeepEqual(st.Rows, want) {
		t.Errorf("rows %+v, want %+v", st.Rows, want)
	}
	if pct, ok := st.Rows[1].PassRate(); !ok || pct != 83 {
		t.Errorf("pass rate %d %v", pct, ok)
	}
	if _, ok := st.Rows[0].PassRate(); ok {
		t.Error("a pass rate from counts under 5")
	}
	if !reflect.DeepEqual(st.Missed, []training.Missed{{Module: "naloxone", Question: "safe", Count: stats.Count(6)}}) {
		t.Errorf("missed %+v", st.Missed)
	}
	// Counters are per day, with no person id; a later day starts its own.
	var rows, maxCount int
	if err := db.pool.QueryRow(ctx, `SELECT count(*), max(count) FROM training_counts`).Scan(&rows, &maxCount); err != nil {
		t.Fatal(err)
	}
	if rows != 5 || maxCount != 7 {
		t.Errorf("%d counter rows, largest %d; want 5 and 7", rows, maxCount)
	}
	// Since a later day, nothing.
	if st, err := s.TrainingStats(ctx, day.AddDate(0, 0, 1), 5); err != nil || len(st.Rows) != 0 || len(st.Missed) != 0 {
		t.Errorf("since tomorrow: %+v, %v", st, err)
	}
}

// BenchmarkQuizAnswer500 measures a quiz answer's store work (load the
// progress, save it with a miss counted, one statement) for 500 learners
// in a quiz, answers offered at 250 a second in all (open loop: each
// learner answers every 2 s), and reports the percentiles. Target: p99
// under 30 ms. One iteration is one answer from every learner.
func BenchmarkQuizAnswer500(b *testing.B) {
	db, ps := newStore(b)
	s := NewTrainingStore(db)
	ctx := testContext(b)
	const learners, rate = 500, 250
	ids := make([]people.PersonID, learners)
	for i := range ids {
		person, err := ps.CreatePerson(ctx, people.ChatID(20000+i), "pl")
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = person.ID
		p := &training.Progress{Module: "naloxone", Version: 1, InQuiz: true, Quiz: training.QuizState{Round: []int{0, 1, 2, 3, 4}}}
		if err := s.SaveProgress(ctx, ids[i], p, nil, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	var mu sync.Mutex
	var lat []time.Duration
	answer := func(id people.PersonID) {
		start := time.Now()
		p, err := s.Progress(ctx, id, "naloxone")
		if err != nil || p == nil {
			b.Error(err)
			return
		}
		p.Quiz.Pos = (p.Quiz.Pos + 1) % 5
		ev := []training.Event{{Kind: training.EventMissed, Module: "naloxone", Version: 1, Lang: "pl", Question: "safe"}}
		if err := s.SaveProgress(ctx, id, p, ev, time.Now()); err != nil {
			b.Error(err)
			return
		}
		mu.Lock()
		lat = append(lat, time.Since(start))
		mu.Unlock()
	}
	var wg sync.WaitGroup
	interval := time.Second / rate
	for b.Loop() {
		start := time.Now()
		for i, id := range ids {
			time.Sleep(time.Until(start.Add(time.Duration(i) * interval)))
			wg.Go(func() { answer(id) })
		}
	}
	wg.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(0, "ns/op") // the wall time per iteration is the offered schedule
}
