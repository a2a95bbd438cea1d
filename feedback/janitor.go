package feedback

import (
	"context"
	"log/slog"
	"time"
)

// JanitorStore is what the janitor cleans (*postgres.FeedbackStore).
type JanitorStore interface {
	DeleteOldTexts(ctx context.Context, before time.Time) (int64, error)
	CloseDueSurveys(ctx context.Context) ([]SurveyID, error)
}

// KeyDeleter deletes Redis keys by prefix (*redis.Store).
type KeyDeleter interface {
	DeletePrefix(ctx context.Context, prefix string) (int, error)
}

// Janitor deletes free text older than Retention and closes surveys whose
// time is up, deleting their one-answer keys. Every replica may run one:
// each step is idempotent.
type Janitor struct {
	Store     JanitorStore
	Keys      KeyDeleter
	Retention time.Duration
	Interval  time.Duration // default one hour
	Log       *slog.Logger
	Now       func() time.Time // default time.Now
}

// RunOnce does one round.
func (j *Janitor) RunOnce(ctx context.Context) error {
	now := time.Now
	if j.Now != nil {
		now = j.Now
	}
	n, err := j.Store.DeleteOldTexts(ctx, now().Add(-j.Retention))
	if err != nil {
		return err
	}
	if n > 0 {
		j.Log.Info("old feedback texts deleted", "count", n)
	}
	closed, err := j.Store.CloseDueSurveys(ctx)
	if err != nil {
		return err
	}
	for _, id := range closed {
		if _, err := j.Keys.DeletePrefix(ctx, SurveyPrefix(id)); err != nil {
			return err
		}
	}
	return nil
}

// Run works until ctx ends.
func (j *Janitor) Run(ctx context.Context) {
	interval := j.Interval
	if interval <= 0 {
		interval = time.Hour
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if err := j.RunOnce(ctx); err != nil && ctx.Err() == nil {
			j.Log.Error("feedback janitor", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
