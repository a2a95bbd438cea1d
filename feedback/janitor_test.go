package feedback_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/feedback"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/postgres/pgtest"
	"github.com/peerbot/peerbot/redis"
)

// TestJanitor, on the real stores: comments past the retention go,
// recent ones stay; a survey whose time is up closes and its answer keys
// go, another survey's stay; a second round changes nothing.
func TestJanitor(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	url := pgtest.NewDatabase(t)
	db, err := postgres.Open(ctx, url, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	store := postgres.NewFeedbackStore(db, regions)
	rdb, err := redis.Open(ctx, "redis://127.0.0.1:6379/0")
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	var p [6]byte
	rand.Read(p[:])
	rs := redis.New(rdb, "peerbot-test-"+hex.EncodeToString(p[:])+":")
	defer rs.DeleteAll(context.Background())

	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var org int64
	if err := conn.QueryRow(ctx, `INSERT INTO organisations (name) VALUES ('Org') RETURNING id`).Scan(&org); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, d := range []time.Time{now.AddDate(0, 0, -181), now.AddDate(0, 0, -10)} {
		if err := store.AddFeedback(ctx, &feedback.Entry{Day: d, Subject: feedback.Subject{Kind: feedback.SubjectBot}, Rating: 2, Comment: "c", Lang: "en"}); err != nil {
			t.Fatal(err)
		}
	}
	text := map[string]string{"en": "x"}
	var ids []feedback.SurveyID
	for range 2 {
		sv, err := store.CreateSurvey(ctx, &feedback.Survey{Org: org, CreatedBy: "test", Title: text,
			Questions: []feedback.Question{{Kind: feedback.Text, Text: text}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.SendSurvey(ctx, org, sv.ID, time.Hour); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sv.ID)
		if _, err := rs.TakeOnce(ctx, feedback.SurveyPrefix(sv.ID)+"someone", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	// The first survey's time is up.
	if _, err := conn.Exec(ctx, `UPDATE surveys SET closes_at = now() - interval '1 minute' WHERE id = $1`, ids[0]); err != nil {
		t.Fatal(err)
	}
	j := &feedback.Janitor{Store: store, Keys: rs, Retention: 180 * 24 * time.Hour, Log: slog.New(slog.DiscardHandler)}
	for round := range 2 {
		if err := j.RunOnce(ctx); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		var comments int
		if err := conn.QueryRow(ctx, `SELECT count(comment) FROM feedback`).Scan(&comments); err != nil {
			t.Fatal(err)
		}
		if comments != 1 {
			t.Errorf("round %d: %d comments left, want the recent one", round, comments)
		}
		for i, want := range []bool{false, true} {
			if got, err := rs.Taken(ctx, feedback.SurveyPrefix(ids[i])+"someone"); err != nil || got != want {
				t.Errorf("round %d: survey %d's key kept = %v, %v; want %v", round, i, got, err, want)
			}
		}
		sv, err := store.Survey(ctx, ids[0])
		if err != nil || sv.Status != feedback.SurveyClosed {
			t.Errorf("round %d: first survey %+v, %v; want closed", round, sv, err)
		}
	}
}
