package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/feedback"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/postgres/pgtest"
	"github.com/peerbot/peerbot/privacy"
	"github.com/peerbot/peerbot/redis"
)

// BenchmarkSurveyAnswers records survey answers as the bot does at the
// end of a survey: the person's one-answer key taken in Redis, then the
// answers stored in PostgreSQL; and checks the rule holds: a second
// answer by the same person is refused. The target is 1,000 answers a
// second (see BENCHMARKS.md).
func BenchmarkSurveyAnswers(b *testing.B) {
	ctx := context.Background()
	url := pgtest.NewDatabase(b)
	db, err := postgres.Open(ctx, url, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		b.Fatal(err)
	}
	rdb, err := redis.Open(ctx, "redis://127.0.0.1:6379/0")
	if err != nil {
		b.Fatal(err)
	}
	defer rdb.Close()
	var p [6]byte
	rand.Read(p[:])
	rs := redis.New(rdb, "peerbot-bench-"+hex.EncodeToString(p[:])+":")
	defer rs.DeleteAll(ctx)
	sealer, err := privacy.NewSealer("bench-secret-0123456789-0123456789-abc")
	if err != nil {
		b.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	var org int64
	if err := conn.QueryRow(ctx, `INSERT INTO organisations (name, regions) VALUES ('Bench', '{NL}') RETURNING id`).Scan(&org); err != nil {
		b.Fatal(err)
	}
	store := postgres.NewFeedbackStore(db, regions)
	text := map[string]string{"en": "Q"}
	sv, err := store.CreateSurvey(ctx, &feedback.Survey{Org: org, CreatedBy: "bench", Title: text, Questions: []feedback.Question{
		{Kind: feedback.Single, Text: text, Choices: []map[string]string{{"en": "a"}, {"en": "b"}}},
		{Kind: feedback.Scale, Text: text},
		{Kind: feedback.Text, Text: text},
	}})
	if err != nil {
		b.Fatal(err)
	}
	if sv, err = store.SendSurvey(ctx, org, sv.ID, time.Hour); err != nil {
		b.Fatal(err)
	}
	keys := feedback.Keys{Keyed: sealer.Keyed}
	var next, refused atomic.Int64
	b.SetParallelism(8) // many people answer at once, as after a broadcast
	start := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := next.Add(1)
			key := keys.Answered(sv.ID, sealer.Key(people.ChatID(n)))
			first, err := rs.TakeOnce(ctx, key, sv.ClosesAt)
			if err != nil || !first {
				b.Errorf("first answer of %d: %v, %v", n, first, err)
				return
			}
			r := &feedback.Response{Survey: sv.ID, Day: time.Now(), Lang: "nl", Region: "NL-NH", Answers: []feedback.Answer{
				{Question: 0, Choices: []int{int(n % 2)}}, {Question: 1, Value: 1 + int(n%5)}, {Question: 2, Text: "answer " + strconv.FormatInt(n, 10)}}}
			if err := store.AddResponse(ctx, r); err != nil {
				b.Error(err)
				return
			}
			if again, err := rs.TakeOnce(ctx, key, sv.ClosesAt); err != nil || again {
				b.Errorf("second answer of %d accepted: %v", n, err)
				return
			}
			refused.Add(1)
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	var rows int64
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM survey_answers WHERE survey_id = $1`, sv.ID).Scan(&rows); err != nil {
		b.Fatal(err)
	}
	if rows != 3*next.Load() || refused.Load() != next.Load() {
		b.Fatalf("%d rows for %d answers, %d second answers refused", rows, next.Load(), refused.Load())
	}
	b.ReportMetric(float64(next.Load())/elapsed.Seconds(), "answers/s")
}
