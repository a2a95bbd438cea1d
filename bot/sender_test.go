package bot

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/prometheus/client_golang/prometheus/testutil"
	goredis "github.com/redis/go-redis/v9"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/metrics"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/redis"
)

// storeLimiter adapts the Redis store to the Sender's Limiter. The store to
// use can be swapped, to take "Redis" away and bring it back.
type storeLimiter struct {
	store    atomic.Pointer[redis.Store]
	limits   redis.Limits
	reserves atomic.Int64
}

func (l *storeLimiter) Reserve(ctx context.Context, chatKey string, lane int) (time.Duration, error) {
	l.reserves.Add(1)
	return l.store.Load().Reserve(ctx, chatKey, redis.Lane(lane), l.limits)
}

func (l *storeLimiter) Pause(ctx context.Context, d time.Duration) error {
	return l.store.Load().Pause(ctx, d)
}

// activityRecorder is an Activity that remembers what it was told.
type activityRecorder struct {
	mu  sync.Mutex
	got map[people.ChatID]bool
}

func (a *activityRecorder) SetActive(_ context.Context, chat people.ChatID, active bool) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.got == nil {
		a.got = map[people.ChatID]bool{}
	}
	a.got[chat] = active
	return nil
}

func (a *activityRecorder) state(chat people.ChatID) (active, set bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	active, set = a.got[chat]
	return active, set
}

type deletion struct {
	chat      people.ChatID
	messageID int
	at        time.Time
}

// deletionRecorder is a Deletions that remembers what it was asked.
type deletionRecorder struct {
	mu  sync.Mutex
	got []deletion
}

func (d *deletionRecorder) ScheduleDeletion(_ context.Context, chat people.ChatID, messageID int, at time.Time) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.got = append(d.got, deletion{chat, messageID, at})
	return nil
}

func (d *deletionRecorder) all() []deletion {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]deletion(nil), d.got...)
}

// senderEnv is a Sender wired to the strict fake and the real Redis limiter.
type senderEnv struct {
	fake *tgfake.Server
	api  *tgbot.Bot
	lim  *storeLimiter
	act  *activityRecorder
	del  *deletionRecorder
	m    *metrics.Metrics
	s    *Sender
}

// Realistic limits: Telegram's 30/s overall, 1/s per chat after a burst.
var testLimits = redis.Limits{GlobalRate: 30, GlobalBurst: 30, ChatRate: 1, ChatBurst: 3}

var fastRetries = SenderConfig{MaxAttempts: 3, BaseBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond}

func newSenderEnv(t *testing.T, cfg SenderConfig) *senderEnv {
	t.Helper()
	fake := tgfake.New(tgfake.Options{})
	t.Cleanup(fake.Close)
	api, err := tgbot.New(fake.Token(), tgbot.WithServerURL(fake.URL()), tgbot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	env := &senderEnv{fake: fake, api: api, lim: &storeLimiter{limits: testLimits}, act: &activityRecorder{},
		del: &deletionRecorder{}, m: metrics.New()}
	env.lim.store.Store(newTestStore(t))
	env.s = env.newSender(cfg)
	return env
}

// newSender returns another Sender on the same fake and Redis: another
// replica.
func (e *senderEnv) newSender(cfg SenderConfig) *Sender {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return NewSender(e.api, cfg, e.lim, e.act, e.del, testChatKey, log, e.m)
}

func (e *senderEnv) sends(outcome string) int {
	return int(testutil.ToFloat64(e.m.Sends.WithLabelValues(outcome)))
}

// testChatKey is a keyed hash, like the real one, so raw ids never reach
// Redis even in tests.
func testChatKey(c people.ChatID) string {
	mac := hmac.New(sha256.New, []byte("sender test key"))
	mac.Write([]byte(strconv.FormatInt(int64(c), 10)))
	return hex.EncodeToString(mac.Sum(nil))[:16]
}

func redisURL() string {
	if u := os.Getenv("REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379/0"
}

// newTestStore returns a Store under a fresh prefix, removed after the test.
func newTestStore(t *testing.T) *redis.Store {
	t.Helper()
	ctx := context.Background()
	rdb, err := redis.Open(ctx, redisURL())
	if err != nil {
		t.Fatalf("sender tests need Redis: %v", err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	prefix := "peerbot-test-sender:" + hex.EncodeToString(b[:]) + ":"
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
	return redis.New(rdb, prefix)
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// waitUntil checks cond every few milliseconds until it holds, failing the
// test when ctx ends first. It is for conditions outside the fake, which
// the fake's Wait would not notice.
func waitUntil(t *testing.T, ctx context.Context, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for %s: %v", what, ctx.Err())
		case <-tick.C:
		}
	}
}

func lastMessage(t *testing.T, fake *tgfake.Server, chat int64) tgfake.Message {
	t.Helper()
	m, ok := fake.LastBotMessage(chat)
	if !ok {
		t.Fatalf("no bot message in chat %d", chat)
	}
	return m
}

func TestSenderSend(t *testing.T) {
	env := newSenderEnv(t, fastRetries)
	ctx := testContext(t)
	env.fake.AddUser(1, "en")

	text := "Fentanyl in 3.5g bags (FR-75)!"
	kb := Keyboard{Row(CallbackButton("Menu", Callback{Action: "menu"}), URLButton("More", "https://example.org/a_b"))}
	id, err := env.s.Send(ctx, Outgoing{Chat: 1, Text: "*Alert:* " + EscapeMarkdownV2(text), ParseMode: MarkdownV2,
		Keyboard: kb, Silent: true, Priority: PriorityAlert})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := lastMessage(t, env.fake, 1)
	if got.ID != id || got.Text != "Alert: "+text || !got.Silent || len(got.Entities) != 1 || got.Entities[0].Type != "bold" {
		t.Fatalf("message %+v, want id %d, silent, the text with one bold entity", got, id)
	}
	if !got.HasCallbackButton("v1:menu") || len(got.Keyboard) != 1 || got.Keyboard[0][1].URL != "https://example.org/a_b" {
		t.Fatalf("keyboard %+v", got.Keyboard)
	}
	calls := env.fake.CallsTo("sendMessage")
	if len(calls) != 1 || !strings.Contains(calls[0].Params["link_preview_options"], `"is_disabled":true`) {
		t.Fatalf("sendMessage calls %+v, want one with link previews off", calls)
	}
	if strings.Contains(calls[0].Params["reply_markup"], "copy_text") {
		t.Fatalf("reply_markup %s carries copy_text", calls[0].Params["reply_markup"])
	}

	// Plain text goes out as it is, and notifies.
	if _, err := env.s.Send(ctx, Outgoing{Chat: 1, Text: "a_b *c*"}); err != nil {
		t.Fatalf("Send plain: %v", err)
	}
	if got := lastMessage(t, env.fake, 1); got.Text != "a_b *c*" || got.Silent || got.Keyboard != nil {
		t.Fatalf("plain message %+v", got)
	}
	if env.sends("ok") != 2 {
		t.Fatalf("ok sends = %d, want 2", env.sends("ok"))
	}
}

func TestSenderEdit(t *testing.T) {
	env := newSenderEnv(t, fastRetries)
	ctx := testContext(t)
	env.fake.AddUser(1, "uk")
	kb := Keyboard{Row(CallbackButton("Yes", Callback{Action: "ok"}))}
	id, err := env.s.Send(ctx, Outgoing{Chat: 1, Text: "Choose", Keyboard: kb})
	if err != nil {
		t.Fatal(err)
	}

	edit := Outgoing{Chat: 1, Text: "<b>Chosen</b>", ParseMode: HTML, EditMessageID: id}
	got, err := env.s.Send(ctx, edit)
	if err != nil || got != id {
		t.Fatalf("edit = %d, %v; want %d", got, err, id)
	}
	m := lastMessage(t, env.fake, 1)
	if m.ID != id || m.Text != "Chosen" || m.EditCount != 1 || m.Keyboard != nil {
		t.Fatalf("edited message %+v, want text Chosen, edited once, keyboard removed", m)
	}

	// The same edit again: Telegram says "message is not modified", which
	// is what the caller wanted.
	got, err = env.s.Send(ctx, edit)
	if err != nil || got != id {
		t.Fatalf("repeated edit = %d, %v; want %d, nil", got, err, id)
	}
	calls := env.fake.CallsTo("editMessageText")
	if len(calls) != 2 || !strings.Contains(calls[1].Description, "message is not modified") {
		t.Fatalf("editMessageText calls %+v, want the second refused as not modified", calls)
	}
	if m := lastMessage(t, env.fake, 1); m.EditCount != 1 {
		t.Fatalf("edit count %d after a no-op edit", m.EditCount)
	}

	// Editing a message that does not exist is a plain failure.
	_, err = env.s.Send(ctx, Outgoing{Chat: 1, Text: "x", EditMessageID: id + 100})
	if !errors.Is(err, ErrRejected) || !strings.Contains(err.Error(), "editMessageText") ||
		!strings.Contains(err.Error(), "message to edit not found") {
		t.Fatalf("edit of a missing message: %v", err)
	}
}

// A 429 pauses every replica for retry_after: neither the replica that got
// it nor another one sends until it is over, and the refused message still
// goes out.
func TestSenderTooManyRequestsPausesEveryReplica(t *testing.T) {
	env := newSenderEnv(t, fastRetries)
	ctx := testContext(t)
	env.fake.AddUser(1, "en")
	env.fake.AddUser(2, "en")
	other := env.newSender(fastRetries)

	env.fake.Fail(tgfake.Fault{Method: "sendMessage", Status: 429, RetryAfter: 1})
	first := make(chan error, 1)
	go func() {
		_, err := env.s.Send(ctx, Outgoing{Chat: 1, Text: "refused once"})
		first <- err
	}()
	if err := env.fake.Wait(ctx, func() bool { return env.fake.Stats().TooManyRequests == 1 }); err != nil {
		t.Fatalf("waiting for the 429: %v", err)
	}
	// The pause is recorded in Redis once the first sender handled the 429;
	// only then does the other replica try.
	paused := func() bool {
		d, err := env.lim.store.Load().PausedFor(ctx)
		return err == nil && d > 0
	}
	waitUntil(t, ctx, "the shared pause", paused)
	if _, err := other.Send(ctx, Outgoing{Chat: 2, Text: "another replica"}); err != nil {
		t.Fatalf("other replica: %v", err)
	}
	if err := <-first; err != nil {
		t.Fatalf("Send after 429: %v", err)
	}

	st := env.fake.Stats()
	if st.CallsDuringRetryAfter != 0 {
		t.Fatalf("%d calls during retry_after", st.CallsDuringRetryAfter)
	}
	calls := env.fake.CallsTo("sendMessage")
	if len(calls) != 3 || calls[0].Status != 429 {
		t.Fatalf("sendMessage calls %+v, want the 429 then two sends", calls)
	}
	for _, c := range calls[1:] {
		if c.Status != 200 || c.Time.Before(calls[0].Time.Add(time.Second)) {
			t.Fatalf("send at %v (status %d) is inside the retry_after that began at %v", c.Time, c.Status, calls[0].Time)
		}
	}
	if n := testutil.ToFloat64(env.m.TooManyRequests); n != 1 {
		t.Fatalf("429 counter = %v, want 1", n)
	}
	if env.sends("retry") != 1 || env.sends("ok") != 2 {
		t.Fatalf("sends retry=%d ok=%d, want 1 and 2", env.sends("retry"), env.sends("ok"))
	}
}

// A 429 does not use up an attempt: with MaxAttempts 2, a 500 then a 429
// still end in a send.
func TestSenderTooManyRequestsUsesNoAttempt(t *testing.T) {
	env := newSenderEnv(t, SenderConfig{MaxAttempts: 2, BaseBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond})
	ctx := testContext(t)
	env.fake.AddUser(1, "en")
	env.fake.Fail(tgfake.Fault{Method: "sendMessage", Status: 500})
	env.fake.Fail(tgfake.Fault{Method: "sendMessage", Status: 429, RetryAfter: 1})
	if _, err := env.s.Send(ctx, Outgoing{Chat: 1, Text: "eventually"}); err != nil {
		t.Fatalf("Send after a 500 and a 429: %v", err)
	}
	calls := env.fake.CallsTo("sendMessage")
	if len(calls) != 3 || calls[0].Status != 500 || calls[1].Status != 429 || calls[2].Status != 200 {
		t.Fatalf("sendMessage calls %+v, want 500, 429, 200", calls)
	}
	if st := env.fake.Stats(); st.CallsDuringRetryAfter != 0 {
		t.Fatalf("%d calls during retry_after", st.CallsDuringRetryAfter)
	}
}

func TestSenderUnknownPriority(t *testing.T) {
	env := newSenderEnv(t, fastRetries)
	env.fake.AddUser(1, "en")
	_, err := env.s.Send(testContext(t), Outgoing{Chat: 1, Text: "x", Priority: Priority(9)})
	if err == nil || !strings.Contains(err.Error(), "unknown priority 9") || len(env.fake.Calls()) != 0 {
		t.Fatalf("Send with priority 9: %v, %d calls", err, len(env.fake.Calls()))
	}
}

func TestSenderRetriesServerErrors(t *testing.T) {
	env := newSenderEnv(t, fastRetries)
	ctx := testContext(t)
	env.fake.AddUser(1, "en")

	env.fake.Fail(tgfake.Fault{Method: "sendMessage", Status: 500, Times: 2})
	if _, err := env.s.Send(ctx, Outgoing{Chat: 1, Text: "third time lucky"}); err != nil {
		t.Fatalf("Send after two 500s: %v", err)
	}
	if n := len(env.fake.CallsTo("sendMessage")); n != 3 {
		t.Fatalf("%d sendMessage calls, want 3", n)
	}
	if got := lastMessage(t, env.fake, 1); got.Text != "third time lucky" {
		t.Fatalf("message %q", got.Text)
	}
	if env.sends("retry") != 2 || env.sends("ok") != 1 {
		t.Fatalf("sends retry=%d ok=%d, want 2 and 1", env.sends("retry"), env.sends("ok"))
	}

	// MaxAttempts failures in a row: give up, saying Telegram is unavailable.
	env.fake.Fail(tgfake.Fault{Method: "sendMessage", Status: 502, Times: 3})
	_, err := env.s.Send(ctx, Outgoing{Chat: 1, Text: "never sent"})
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "sendMessage") {
		t.Fatalf("Send after 3 502s: %v, want ErrUnavailable", err)
	}
	if strings.Contains(err.Error(), "never sent") {
		t.Fatalf("error %q carries the message text", err)
	}
	if n := len(env.fake.CallsTo("sendMessage")); n != 6 {
		t.Fatalf("%d sendMessage calls, want 6", n)
	}
	if env.sends("failed") != 1 {
		t.Fatalf("failed sends = %d, want 1", env.sends("failed"))
	}
}

func TestSenderUnreachable(t *testing.T) {
	tests := []struct {
		name  string
		setup func(f *tgfake.Server, id int64)
		want  string
	}{
		{"blocked", func(f *tgfake.Server, id int64) { f.AddUser(id, "en"); f.Block(id) }, "Forbidden: bot was blocked by the user"},
		{"deactivated", func(f *tgfake.Server, id int64) { f.AddUser(id, "en"); f.Deactivate(id) }, "Forbidden: user is deactivated"},
		{"chat not found", func(*tgfake.Server, int64) {}, "Bad Request: chat not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newSenderEnv(t, fastRetries)
			ctx := testContext(t)
			const chat = 77
			tt.setup(env.fake, chat)
			_, err := env.s.Send(ctx, Outgoing{Chat: chat, Text: "hello"})
			if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Send: %v, want ErrUnreachable with %q", err, tt.want)
			}
			if active, set := env.act.state(chat); !set || active {
				t.Fatalf("SetActive recorded (%v, %v), want inactive", active, set)
			}
			if n := len(env.fake.CallsTo("sendMessage")); n != 1 {
				t.Fatalf("%d sendMessage calls, want 1 (no retry)", n)
			}
			if env.sends("unreachable") != 1 {
				t.Fatalf("unreachable sends = %d, want 1", env.sends("unreachable"))
			}
		})
	}
}

func TestSenderRejected(t *testing.T) {
	env := newSenderEnv(t, fastRetries)
	ctx := testContext(t)
	env.fake.AddUser(1, "en")
	// Unescaped partner text in MarkdownV2: Telegram refuses it. The error
	// names the method and Telegram's reason, never the text.
	_, err := env.s.Send(ctx, Outgoing{Chat: 1, Text: "Secret batch 3.5g", ParseMode: MarkdownV2})
	if !errors.Is(err, ErrRejected) || !strings.Contains(err.Error(), "sendMessage") ||
		!strings.Contains(err.Error(), "Character '.' is reserved") {
		t.Fatalf("Send: %v, want a rejection naming sendMessage and the parse error", err)
	}
	if strings.Contains(err.Error(), "Secret batch") {
		t.Fatalf("error %q carries the message text", err)
	}
	if n := len(env.fake.CallsTo("sendMessage")); n != 1 {
		t.Fatalf("%d sendMessage calls, want 1 (no retry)", n)
	}
	if _, set := env.act.state(1); set {
		t.Fatal("a parse error changed the person's activity")
	}

	// A bad keyboard fails before any call.
	_, err = env.s.Send(ctx, Outgoing{Chat: 1, Text: "x", Keyboard: Keyboard{Row(Button{Text: "no action"})}})
	if err == nil || len(env.fake.CallsTo("sendMessage")) != 1 {
		t.Fatalf("Send with a bad keyboard: %v, %d calls", err, len(env.fake.CallsTo("sendMessage")))
	}
}

func TestSenderDeleteAfter(t *testing.T) {
	env := newSenderEnv(t, fastRetries)
	ctx := testContext(t)
	env.fake.AddUser(1, "en")

	before := time.Now()
	id, err := env.s.Send(ctx, Outgoing{Chat: 1, Text: "discreet", DeleteAfter: 2 * time.Hour})
	after := time.Now()
	if err != nil {
		t.Fatal(err)
	}
	// Longer than Telegram lets a bot delete: capped.
	id2, err := env.s.Send(ctx, Outgoing{Chat: 1, Text: "discreet too", DeleteAfter: 100 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	// Edits and messages without DeleteAfter schedule nothing.
	if _, err := env.s.Send(ctx, Outgoing{Chat: 1, Text: "edited", EditMessageID: id, DeleteAfter: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.s.Send(ctx, Outgoing{Chat: 1, Text: "kept"}); err != nil {
		t.Fatal(err)
	}
	got := env.del.all()
	if len(got) != 2 {
		t.Fatalf("scheduled %+v, want two deletions", got)
	}
	if got[0].chat != 1 || got[0].messageID != id ||
		got[0].at.Before(before.Add(2*time.Hour)) || got[0].at.After(after.Add(2*time.Hour)) {
		t.Fatalf("deletion %+v, want message %d in 2h", got[0], id)
	}
	limit := time.Duration(people.MaxDeleteAfterHours) * time.Hour
	if got[1].messageID != id2 || got[1].at.After(time.Now().Add(limit)) || got[1].at.Before(before.Add(limit)) {
		t.Fatalf("deletion %+v, want message %d in %v", got[1], id2, limit)
	}
}

func TestSenderPhotoDeleteAndCallbacks(t *testing.T) {
	env := newSenderEnv(t, fastRetries)
	ctx := testContext(t)
	env.fake.AddUser(1, "pt-br")

	caption := `<script> & "quotes"`
	kb := Keyboard{Row(CallbackButton("Ok", Callback{Action: "ok", Args: []string{"7"}}))}
	photo := Outgoing{Chat: 1, Photo: "https://example.org/batch.jpg", Text: "<i>Lab photo</i> " + EscapeHTML(caption),
		ParseMode: HTML, Keyboard: kb, Silent: true, Priority: PriorityAlert, PaidBroadcast: true}
	id, err := env.s.Send(ctx, photo)
	if err != nil {
		t.Fatalf("sending a photo: %v", err)
	}
	m := lastMessage(t, env.fake, 1)
	if m.ID != id || m.Kind != tgfake.KindPhoto || m.Text != "Lab photo "+caption || !m.Silent || !m.HasCallbackButton("v1:ok:7") {
		t.Fatalf("photo message %+v", m)
	}
	// An edit of a photo changes its caption.
	photo.EditMessageID, photo.Text = id, "<b>Withdrawn</b>"
	if _, err := env.s.Send(ctx, photo); err != nil {
		t.Fatalf("editing a caption: %v", err)
	}
	if m := lastMessage(t, env.fake, 1); m.ID != id || m.Kind != tgfake.KindPhoto || m.Text != "Withdrawn" {
		t.Fatalf("edited photo message %+v", m)
	}

	queryID, err := env.fake.Press(1, id, "v1:ok:7")
	if err != nil {
		t.Fatal(err)
	}
	if err := env.s.AnswerCallback(ctx, queryID, "Saved"); err != nil {
		t.Fatalf("AnswerCallback: %v", err)
	}
	if q, ok := env.fake.CallbackQuery(queryID); !ok || !q.Answered || q.AnswerText != "Saved" {
		t.Fatalf("callback query %+v", q)
	}
	// Answering twice, or too late, is not an error.
	if err := env.s.AnswerCallback(ctx, queryID, ""); err != nil {
		t.Fatalf("second AnswerCallback: %v", err)
	}

	if err := env.s.Delete(ctx, 1, id); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if msgs := env.fake.BotMessages(1); len(msgs) != 0 {
		t.Fatalf("bot messages after delete %+v", msgs)
	}
	if all := env.fake.Messages(1); len(all) != 1 || all[0].ID != id || !all[0].Deleted {
		t.Fatalf("messages after delete %+v, want the photo marked deleted", all)
	}
	// Already gone counts as deleted.
	if err := env.s.Delete(ctx, 1, id); err != nil {
		t.Fatalf("second Delete: %v", err)
	}
}

func TestSenderUploadsPhoto(t *testing.T) {
	env := newSenderEnv(t, fastRetries)
	ctx := testContext(t)
	env.fake.AddUser(1, "pl")
	png := []byte("\x89PNG\r\n\x1a\n not really a chart")
	id, err := env.s.Send(ctx, Outgoing{Chat: 1, PhotoData: png, Text: "<b>March</b>", ParseMode: HTML})
	if err != nil {
		t.Fatalf("uploading a photo: %v", err)
	}
	m := lastMessage(t, env.fake, 1)
	if m.ID != id || m.Kind != tgfake.KindPhoto || m.Photo == "" || m.Text != "March" {
		t.Fatalf("uploaded photo message %+v", m)
	}
}

func TestSenderBotProfile(t *testing.T) {
	env := newSenderEnv(t, fastRetries)
	ctx := testContext(t)
	cmds := []Command{{Command: "start", Description: "Commencer"}, {Command: "help", Description: "Aide"}}
	if err := env.s.SetCommands(ctx, "fr", cmds); err != nil {
		t.Fatalf("SetCommands: %v", err)
	}
	got := env.fake.Commands("fr")
	if len(got) != 2 || got[0].Command != "start" || got[1].Description != "Aide" {
		t.Fatalf("commands %+v", got)
	}
	if err := env.s.SetDescription(ctx, "fr", "Alertes et aide.", "Réduction des risques"); err != nil {
		t.Fatalf("SetDescription: %v", err)
	}
	if d, s := env.fake.Description("fr"), env.fake.ShortDescription("fr"); d != "Alertes et aide." || s != "Réduction des risques" {
		t.Fatalf("descriptions %q, %q", d, s)
	}
	// Telegram's own validation comes back as a rejection.
	err := env.s.SetCommands(ctx, "", []Command{{Command: "Bad Command", Description: "x"}})
	if !errors.Is(err, ErrRejected) || !strings.Contains(err.Error(), "setMyCommands") {
		t.Fatalf("SetCommands with a bad command: %v", err)
	}
}

// While the limiter's Redis is down nothing is sent: the Sender waits and
// tries again, and sends as soon as Redis is back.
func TestSenderWaitsForLimiter(t *testing.T) {
	env := newSenderEnv(t, SenderConfig{MaxAttempts: 3, BaseBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond})
	ctx := testContext(t)
	env.fake.AddUser(1, "en")

	live := env.lim.store.Load()
	dead := goredis.NewClient(&goredis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialTimeout: 50 * time.Millisecond})
	t.Cleanup(func() { _ = dead.Close() })
	env.lim.store.Store(redis.New(dead, "peerbot-test-sender-dead:"))

	done := make(chan error, 1)
	go func() {
		_, err := env.s.Send(ctx, Outgoing{Chat: 1, Text: "after the outage"})
		done <- err
	}()
	// Several refused reservations, and no send meanwhile.
	waitUntil(t, ctx, "refused reservations", func() bool { return env.lim.reserves.Load() >= 3 })
	if n := len(env.fake.CallsTo("sendMessage")); n != 0 {
		t.Fatalf("%d sends while the limiter was down", n)
	}
	env.lim.store.Store(live)
	if err := <-done; err != nil {
		t.Fatalf("Send after Redis came back: %v", err)
	}
	if got := lastMessage(t, env.fake, 1); got.Text != "after the outage" {
		t.Fatalf("message %q", got.Text)
	}

	// With Redis down until the caller gives up, the send fails with the
	// caller's context error, still without sending.
	env.lim.store.Store(redis.New(dead, "peerbot-test-sender-dead:"))
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	_, err := env.s.Send(short, Outgoing{Chat: 1, Text: "never"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Send with Redis down: %v, want the deadline", err)
	}
	if n := len(env.fake.CallsTo("sendMessage")); n != 1 {
		t.Fatalf("%d sendMessage calls, want only the one after the outage", n)
	}
}
