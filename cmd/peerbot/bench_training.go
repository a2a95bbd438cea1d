package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/privacy"
)

const benchTrainingUsage = `usage: peerbot bench training [-learners N] [-rate N] [-duration D]

Runs "peerbot serve" as a child process in webhook mode against the fake
Telegram and real PostgreSQL and Redis, with a generated 10-question module
in a temporary CONTENT_DIR. N learners go through its quiz at once: answer,
next, ..., read again, start the quiz; half their answers are wrong, so
misses are counted too. Each press loads the progress from PostgreSQL,
saves it with its stats counters in one transaction and edits the message.

  -learners N  learners in the quiz at the same time (default 500)
  -rate N      presses offered per second in all (default 250)
  -duration D  how long to measure (default 20s)
`

// benchTrainingCmd runs `peerbot bench training`.
func benchTrainingCmd(ctx context.Context, cfg config.Config, log *slog.Logger, out io.Writer, args []string) error {
	fs := flag.NewFlagSet("bench training", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	learners := fs.Int("learners", 500, "")
	rate := fs.Float64("rate", 250, "")
	duration := fs.Duration("duration", 20*time.Second, "")
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error() + "\n" + benchTrainingUsage)
	}
	if *learners < 1 || *rate <= 0 || *duration <= 0 {
		return usageError("-learners must be at least 1, -rate and -duration positive\n" + benchTrainingUsage)
	}
	return benchTraining(ctx, cfg, log, out, *learners, *rate, *duration)
}

// benchModule writes the generated module into a temporary CONTENT_DIR.
func benchModule() (string, error) {
	dir, err := os.MkdirTemp("", "peerbot-bench-content-")
	if err != nil {
		return "", err
	}
	mod := filepath.Join(dir, "modules", "bench")
	if err := os.MkdirAll(mod, 0o755); err != nil {
		return "", err
	}
	var meta, en strings.Builder
	meta.WriteString("id: bench\nversion: 1\norder: 1\naudience: everyone\nminutes: 5\npass_mark: 80\nlessons: [one]\nquestions:\n")
	en.WriteString("title: Benchmark\nsummary: A generated module.\nlessons:\n  - id: one\n    text: \"<b>One</b> lesson.\"\nquestions:\n")
	for i := range 10 {
		correct := []string{"a", "b"}[i%2]
		fmt.Fprintf(&meta, "  - {id: q%d, kind: single, options: [a, b], correct: [%s]}\n", i, correct)
		fmt.Fprintf(&en, "  - id: q%d\n    text: \"Question %d?\"\n    options:\n      - {id: a, text: \"Yes\", explain: \"Because.\"}\n      - {id: b, text: \"No\", explain: \"Because not.\"}\n", i, i)
	}
	if err := os.WriteFile(filepath.Join(mod, "module.yaml"), []byte(meta.String()), 0o644); err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(mod, "en.yaml"), []byte(en.String()), 0o644)
}

// benchQuizCycle is the callback data each learner presses, round and
// round: start the quiz, answer a and go on ten times, read again.
func benchQuizCycle() []string {
	cycle := []string{"v1:tr:bench:1:q"}
	for i := range 10 {
		cycle = append(cycle, "v1:tr:bench:1:a:"+strconv.Itoa(i)+":a", "v1:tr:bench:1:n:"+strconv.Itoa(i))
	}
	return append(cycle, "v1:tr:bench:1:s")
}

func benchTraining(ctx context.Context, cfg config.Config, log *slog.Logger, out io.Writer, learners int, rate float64, duration time.Duration) error {
	contentDir, err := benchModule()
	if err != nil {
		return err
	}
	defer os.RemoveAll(contentDir)
	fake := tgfake.New(tgfake.Options{})
	defer fake.Close()
	var suffix [4]byte
	rand.Read(suffix[:])
	prefix := "peerbot-bench-" + hex.EncodeToString(suffix[:]) + ":"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close()
	db, err := benchDatabase(ctx, &cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	sealer, err := privacy.NewSealer(demoSecret)
	if err != nil {
		return err
	}
	store := postgres.NewPeopleStore(db, sealer)
	fmt.Fprintf(out, "preparing %d learners...\n", learners)
	base := int64(8_000_000_000) + time.Now().UnixNano()%1_000_000*1000
	sims := make([]*simPerson, learners)
	byID := make(map[int64]*simPerson, learners)
	for i := range sims {
		s := &simPerson{id: base + int64(i), inbox: make(chan tgfake.Message, 16)}
		if err := onboardDirectly(ctx, store, people.ChatID(s.id)); err != nil {
			return err
		}
		fake.AddUser(s.id, "en")
		sims[i], byID[s.id] = s, s
	}
	runtime.GOMAXPROCS(1) // the load generator and fake, out of the bot's way
	_, stop, err := serveChild(ctx, cfg, log, fake, addr, prefix, hex.EncodeToString(suffix[:]), "CONTENT_DIR="+contentDir)
	if err != nil {
		return err
	}
	defer stop()
	events, stopEvents := fake.Subscribe()
	defer stopEvents()
	go func() {
		for ev := range events {
			if (ev.Kind == tgfake.EventMessage || ev.Kind == tgfake.EventEdited) && ev.Message.FromBot {
				if s := byID[ev.ChatID]; s != nil {
					s.inbox <- ev.Message
				}
			}
		}
	}()
	// Each learner opens /learn and the module (not measured).
	for _, s := range sims {
		fake.SendText(s.id, "/learn")
		m, err := receive(ctx, s.inbox)
		if err != nil {
			return fmt.Errorf("opening /learn: %w", err)
		}
		if err := fake.PressButton(s.id, m.ID, "v1:tr:bench"); err != nil {
			return fmt.Errorf("opening the module: %w", err)
		}
		if _, err := receive(ctx, s.inbox); err != nil {
			return fmt.Errorf("opening the module: %w", err)
		}
		s.msgID = m.ID
	}
	cycle := benchQuizCycle()
	metricsURL := "http://" + addr + "/metrics"
	before, err := scrapeHistogram(metricsURL)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "measuring for %s: %d learners, %.0f presses/s offered...\n", duration, learners, rate)
	var mu sync.Mutex
	var answers, all []time.Duration
	var skipped, failures atomic.Int64
	press := func(s *simPerson) {
		defer s.busy.Store(false)
		data := cycle[s.step%len(cycle)]
		t0 := time.Now()
		if err := fake.PressButton(s.id, s.msgID, data); err != nil {
			failures.Add(1)
			return
		}
		// The edit of the pressed message; a code message on passing may
		// come too, and is skipped.
		for {
			m, err := receive(ctx, s.inbox)
			if err != nil {
				failures.Add(1)
				return
			}
			if m.ID == s.msgID {
				break
			}
		}
		d := time.Since(t0)
		mu.Lock()
		all = append(all, d)
		if strings.Contains(data, ":a:") {
			answers = append(answers, d)
		}
		mu.Unlock()
		s.step++
	}
	start := time.Now()
	var wg sync.WaitGroup
	interval := time.Duration(float64(time.Second) / rate)
	for i := 0; time.Since(start) < duration && ctx.Err() == nil; i++ {
		time.Sleep(time.Until(start.Add(time.Duration(i) * interval)))
		s := sims[i%len(sims)]
		if !s.busy.CompareAndSwap(false, true) {
			skipped.Add(1)
			continue
		}
		wg.Go(func() { press(s) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	after, err := scrapeHistogram(metricsURL)
	if err != nil {
		return err
	}
	pct := func(ds []time.Duration, p float64) time.Duration {
		if len(ds) == 0 {
			return 0
		}
		slices.Sort(ds)
		return ds[min(len(ds)-1, int(p*float64(len(ds))))].Round(100 * time.Microsecond)
	}
	handled := after.count - before.count
	fmt.Fprintf(out, "\nupdates handled by the bot:  %d in %s = %.0f updates/s\n", handled, elapsed.Round(time.Millisecond), float64(handled)/elapsed.Seconds())
	fmt.Fprintf(out, "handling latency (bot):      p50 %s  p99 %s  (within 30 ms: %.2f%%)\n",
		after.quantile(before, .50), after.quantile(before, .99), 100*after.shareWithin(before, 0.03))
	fmt.Fprintf(out, "quiz answers (client):       %d, p50 %s  p99 %s\n", len(answers), pct(answers, .50), pct(answers, .99))
	fmt.Fprintf(out, "all presses (client):        %d, p50 %s  p99 %s\n", len(all), pct(all, .50), pct(all, .99))
	fmt.Fprintf(out, "presses skipped (learner still waiting): %d, failed: %d\n", skipped.Load(), failures.Load())
	fmt.Fprintf(out, "machine:                     %d CPUs, %s\n", runtime.NumCPU(), runtime.Version())
	return nil
}
