package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/discreet"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/postgres/pgtest"
	"github.com/peerbot/peerbot/redis"
)

// harness runs the whole service, wired exactly as `peerbot serve` wires it,
// against the strict fake Telegram and the real PostgreSQL and Redis.
type harness struct {
	t       *testing.T
	fake    *tgfake.Server
	cfg     config.Config
	catalog *locales.Catalog
	logs    *syncBuffer
	svc     *service
	stop    func()
	// webhook runs the service in webhook mode, the fake pushing updates to
	// it over loopback, instead of long polling.
	webhook bool
}

// syncBuffer collects the service's logs so tests can read them.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newHarness(t *testing.T, extraEnv map[string]string) *harness {
	t.Helper()
	return newHarnessMode(t, extraEnv, false)
}

func newHarnessMode(t *testing.T, extraEnv map[string]string, webhook bool) *harness {
	t.Helper()
	fake := tgfake.New(tgfake.Options{})
	t.Cleanup(fake.Close)
	var prefix [6]byte
	rand.Read(prefix[:])
	env := map[string]string{
		"TELEGRAM_BOT_TOKEN": fake.Token(),
		"TELEGRAM_API_URL":   fake.URL(),
		"DATABASE_URL":       pgtest.NewDatabase(t),
		"REDIS_PREFIX":       "peerbot-test-" + hex.EncodeToString(prefix[:]) + ":",
		"PEERBOT_SECRET":     "test-secret-0123456789-0123456789-abcdef",
		"HTTP_ADDR":          "127.0.0.1:0",
		"SEND_RATE":          "0",
		"CHAT_RATE":          "0",
		"LOG_LEVEL":          "debug",
	}
	for k, v := range extraEnv {
		env[k] = v
	}
	cfg, err := config.Load(func(k string) string { return env[k] }, config.Needs{Token: true, Secret: true})
	if err != nil {
		t.Fatal(err)
	}
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, fake: fake, cfg: cfg, catalog: catalog, logs: &syncBuffer{}, webhook: webhook}
	h.start()
	t.Cleanup(func() {
		h.stop()
		h.deleteRedisKeys()
		if t.Failed() {
			logs := h.logs.String()
			t.Logf("service logs (last 6000 bytes):\n%s", logs[max(0, len(logs)-6000):])
		}
	})
	return h
}

// start runs the service and waits until it is ready.
func (h *harness) start() {
	h.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		h.t.Fatal(err)
	}
	if h.webhook {
		// Config only takes https webhooks; the fake also takes loopback http.
		h.cfg.WebhookURL = "http://" + ln.Addr().String() + "/telegram/hook"
		h.cfg.WebhookSecret = "harness_secret"
	}
	ready := make(chan *service, 1)
	done := make(chan error, 1)
	log := slog.New(slog.NewJSONHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	go func() {
		done <- serve(ctx, h.cfg, log, serveOptions{listener: ln, ready: func(s *service) { ready <- s }})
	}()
	select {
	case h.svc = <-ready:
	case err := <-done:
		cancel()
		h.t.Fatalf("serve stopped before it was ready: %v", err)
	case <-time.After(30 * time.Second):
		cancel()
		h.t.Fatal("serve not ready within 30s")
	}
	var once sync.Once
	h.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				h.t.Errorf("serve: %v", err)
			}
		})
	}
}

// restart stops the service and starts a new one on the same stores, as a
// deploy or a crash would.
func (h *harness) restart() {
	h.t.Helper()
	h.stop()
	h.start()
}

// person is one simulated person chatting with the bot.
type person struct {
	h    *harness
	id   int64
	lang string // the language the bot should answer in
}

func (h *harness) newPerson(id int64, appLanguage string) *person {
	h.fake.AddUser(id, appLanguage)
	lang := locales.Match(appLanguage)
	if lang == "" {
		lang = locales.Default
	}
	return &person{h: h, id: id, lang: lang}
}

// text is the plain text the person sees for a message in their language.
func (p *person) text(msg *i18n.Message, data map[string]any) string {
	p.h.t.Helper()
	plain, _, err := tgfake.ParseHTML(p.h.catalog.T(p.lang, msg, data))
	if err != nil {
		p.h.t.Fatalf("message %s does not parse as HTML: %v", msg.ID, err)
	}
	return plain
}

func (p *person) plural(msg *i18n.Message, n int) string {
	p.h.t.Helper()
	plain, _, err := tgfake.ParseHTML(p.h.catalog.N(p.lang, msg, n, nil))
	if err != nil {
		p.h.t.Fatalf("message %s does not parse as HTML: %v", msg.ID, err)
	}
	return plain
}

// snapshot identifies the chat's state, so a wait can tell a new reply (or
// an edit) from what was there before.
func (p *person) snapshot() string {
	var b strings.Builder
	for _, m := range p.h.fake.BotMessages(p.id) {
		b.WriteString(m.Text)
		b.WriteByte(byte(m.EditCount))
		if m.Deleted {
			b.WriteByte('d')
		}
	}
	return b.String()
}

// waitFor waits until a bot message that is not deleted shows want (in its
// text or on a button), and returns it.
func (p *person) waitFor(want string) tgfake.Message {
	p.h.t.Helper()
	return p.waitForSince(0, 0, want)
}

// waitForSince is waitFor limited to the bot messages after the first
// `since` ones, plus the message with id `pressed` (the one a button press
// edits), so an older message saying the same cannot satisfy it.
func (p *person) waitForSince(since, pressed int, want string) tgfake.Message {
	p.h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var found tgfake.Message
	err := p.h.fake.Wait(ctx, func() bool {
		msgs := p.h.fake.BotMessages(p.id)
		for i := len(msgs) - 1; i >= 0; i-- {
			if (i >= since || msgs[i].ID == pressed) && !msgs[i].Deleted && shows(msgs[i], want) {
				found = msgs[i]
				return true
			}
		}
		return false
	})
	if err != nil {
		p.h.t.Fatalf("person %d: no bot message showing %q; chat so far:\n%s", p.id, want, p.transcript())
	}
	return found
}

// shows reports whether a message's text or one of its buttons contains want.
func shows(m tgfake.Message, want string) bool {
	if strings.Contains(m.Text, want) {
		return true
	}
	for _, row := range m.Keyboard {
		for _, b := range row {
			if strings.Contains(b.Text, want) {
				return true
			}
		}
	}
	return false
}

// send sends text (or a /command) and waits for a new bot message showing
// want.
func (p *person) send(text, want string) tgfake.Message {
	p.h.t.Helper()
	since := len(p.h.fake.BotMessages(p.id))
	p.h.fake.SendText(p.id, text)
	return p.waitForSince(since, 0, want)
}

// press presses the button whose label contains label on the newest bot
// message that has it, then waits for the pressed message or a new one to
// show want.
func (p *person) press(label, want string) tgfake.Message {
	p.h.t.Helper()
	msgs := p.h.fake.BotMessages(p.id)
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Deleted {
			continue
		}
		for _, row := range msgs[i].Keyboard {
			for _, b := range row {
				if b.CallbackData != "" && strings.Contains(b.Text, label) {
					before := p.snapshot()
					if err := p.h.fake.PressButton(p.id, msgs[i].ID, b.CallbackData); err != nil {
						p.h.t.Fatalf("pressing %q: %v", label, err)
					}
					p.waitChange(before)
					return p.waitForSince(len(msgs), msgs[i].ID, want)
				}
			}
		}
	}
	p.h.t.Fatalf("person %d: no button %q; chat so far:\n%s", p.id, label, p.transcript())
	return tgfake.Message{}
}

// waitChange waits until the bot has sent or edited something.
func (p *person) waitChange(before string) {
	p.h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := p.h.fake.Wait(ctx, func() bool { return p.snapshot() != before }); err != nil {
		p.h.t.Fatalf("person %d: the bot did not answer; chat so far:\n%s", p.id, p.transcript())
	}
}

// transcript is the chat as text, for failure messages.
func (p *person) transcript() string {
	var b strings.Builder
	for _, m := range p.h.fake.Messages(p.id) {
		who := "person"
		if m.FromBot {
			who = "bot"
		}
		b.WriteString(who + ": " + m.Text)
		for _, row := range m.Keyboard {
			b.WriteString("\n   ")
			for _, btn := range row {
				b.WriteString(" [" + btn.Text + "]")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func (h *harness) discreetWorker() *discreet.Worker { return h.svc.discreetWorker() }

// deleteRedisKeys removes what the test left in Redis under its prefix.
func (h *harness) deleteRedisKeys() {
	rdb, err := redis.Open(context.Background(), h.cfg.RedisURL)
	if err != nil {
		h.t.Errorf("cleaning Redis: %v", err)
		return
	}
	defer rdb.Close()
	if _, err := redis.New(rdb, h.cfg.RedisPrefix).DeleteAll(context.Background()); err != nil {
		h.t.Errorf("cleaning Redis: %v", err)
	}
}
