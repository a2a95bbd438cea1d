package broadcast

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strconv"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/redis"
)

// redisLimiter is the Redis limiter behind the bot Sender, as serve wires it.
type redisLimiter struct {
	store  *redis.Store
	limits redis.Limits
}

func (l redisLimiter) Reserve(ctx context.Context, chatKey string, lane int) (time.Duration, error) {
	return l.store.Reserve(ctx, chatKey, redis.Lane(lane), l.limits)
}

func (l redisLimiter) Pause(ctx context.Context, d time.Duration) error {
	return l.store.Pause(ctx, d)
}

// noActivity and noDeletions take what the Sender reports; this test sends
// to reachable people without discreet mode, so they are never told.
type noActivity struct{}

func (noActivity) SetActive(context.Context, people.ChatID, bool) error { return nil }

type noDeletions struct{}

func (noDeletions) ScheduleDeletion(context.Context, people.ChatID, int, time.Time) error { return nil }

// newTestSender is the bot Sender on the strict fake and a Redis limiter
// under a fresh key prefix.
func newTestSender(t *testing.T) (*bot.Sender, *tgfake.Server) {
	t.Helper()
	fake := tgfake.New(tgfake.Options{})
	t.Cleanup(fake.Close)
	api, err := tgbot.New(fake.Token(), tgbot.WithServerURL(fake.URL()), tgbot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	url := os.Getenv("REDIS_URL")
	if url == "" {
		url = "redis://127.0.0.1:6379/0"
	}
	ctx := context.Background()
	rdb, err := redis.Open(ctx, url)
	if err != nil {
		t.Fatalf("this test needs Redis: %v", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	prefix := "peerbot-test-broadcast:" + hex.EncodeToString(b[:]) + ":"
	t.Cleanup(func() {
		keys, err := rdb.Keys(ctx, prefix+"*").Result()
		if err == nil && len(keys) > 0 {
			err = rdb.Del(ctx, keys...).Err()
		}
		if err != nil {
			t.Errorf("removing test keys: %v", err)
		}
		_ = rdb.Close()
	})
	lim := redisLimiter{store: redis.New(rdb, prefix), limits: redis.Limits{GlobalRate: 30, GlobalBurst: 30, ChatRate: 1, ChatBurst: 3}}
	keys := func(c people.ChatID) string { return "chat-" + strconv.FormatInt(int64(c), 10) } // test ids, not people
	return bot.NewSender(api, bot.SenderConfig{}, lim, noActivity{}, noDeletions{}, keys, nil, nil), fake
}

// TestQuietNightsSendSilently: a delivery goes out without sound when the
// person asked for quiet nights and it is night in their first region, by
// the region's clock (Warsaw here, UTC+1 in November), and with sound
// otherwise.
func TestQuietNightsSendSilently(t *testing.T) {
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	// The same rule as serve wires.
	silent := func(region string, now time.Time) bool {
		h, ok := regions.LocalHour(region, now)
		return ok && people.IsNight(h)
	}
	send, fake := newTestSender(t)
	warsaw := func(hour, minute int) time.Time {
		return time.Date(2026, 11, 23, hour-1, minute, 0, 0, time.UTC) // CET is UTC+1
	}
	tests := []struct {
		name  string
		quiet bool
		now   time.Time
		want  bool
	}{
		{"quiet nights, 23:30 in Warsaw", true, warsaw(23, 30), true},
		{"quiet nights, 22:15 in Warsaw (21:15 UTC)", true, warsaw(22, 15), true},
		{"quiet nights, 06:59 in Warsaw", true, warsaw(6, 59), true},
		{"quiet nights, 07:00 in Warsaw", true, warsaw(7, 0), false},
		{"quiet nights, noon in Warsaw", true, warsaw(12, 0), false},
		{"no quiet nights, 23:30 in Warsaw", false, warsaw(23, 30), false},
		{"no quiet nights, noon in Warsaw", false, warsaw(12, 0), false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chat := people.ChatID(4000 + i)
			fake.AddUser(int64(chat), "pl")
			e := New(nil, nil, nil, send, Config{Silent: silent, Now: func() time.Time { return tt.now }}, nil, nil)
			d := Delivery{Chat: chat, Lang: "pl", Action: Send, Region: "PL-14", QuietNights: tt.quiet, ClaimedAt: tt.now}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			ids, err := e.sendAll(ctx, d, Messages{Text: "Uwaga: <b>PMMA</b> w tabletkach."}, e.cfg.Now())
			if err != nil || len(ids) != 1 {
				t.Fatalf("sendAll = %v, %v; want one message", ids, err)
			}
			m, ok := fake.LastBotMessage(int64(chat))
			if !ok || m.ID != ids[0] {
				t.Fatalf("the fake holds %+v (%v), want message %d", m, ok, ids[0])
			}
			if m.Silent != tt.want {
				t.Errorf("Silent = %v, want %v", m.Silent, tt.want)
			}
		})
	}
}
