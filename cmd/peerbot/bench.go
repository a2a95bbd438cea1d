package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/privacy"
	"github.com/peerbot/peerbot/redis"
)

const benchUsage = `usage: peerbot bench updates [-people N] [-rate N] [-duration D]

Runs "peerbot serve" as a child process in webhook mode against a built-in
fake Telegram (no rate limits) and real PostgreSQL and Redis, and has N
simulated people click through the menus. Each press goes fake -> webhook ->
de-dup, chat lock, profile, state -> editMessageText -> fake.

  -rate N      button presses offered per second in all (open loop);
               0 presses as fast as the bot answers (closed loop)
  -people N    simulated people (default 1000)
  -duration D  how long to measure (default 20s)
  -client-procs N  GOMAXPROCS of this process (load generator and fake),
               so it does not crowd out the bot (default 1); the bot
               runs with the machine's default
`

// bench runs `peerbot bench updates`.
func bench(ctx context.Context, cfg config.Config, log *slog.Logger, out io.Writer, args []string) error {
	if len(args) > 0 && args[0] == "training" {
		return benchTrainingCmd(ctx, cfg, log, out, args[1:])
	}
	if len(args) > 0 && args[0] == "broadcast" {
		return benchBroadcastCmd(ctx, cfg, log, out, args[1:])
	}
	if len(args) == 0 || args[0] != "updates" {
		return usageError(benchUsage + "\n" + benchBroadcastUsage)
	}
	fs := flag.NewFlagSet("bench updates", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o := benchOptions{}
	fs.IntVar(&o.people, "people", 1000, "")
	fs.Float64Var(&o.rate, "rate", 1500, "")
	fs.DurationVar(&o.duration, "duration", 20*time.Second, "")
	fs.IntVar(&o.clientProcs, "client-procs", 1, "")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError(err.Error() + "\n" + benchUsage)
	}
	if o.people < 1 || o.rate < 0 || o.duration <= 0 {
		return usageError("-people must be at least 1, -rate 0 or more, -duration positive")
	}
	return benchUpdates(ctx, cfg, log, out, o)
}

type benchOptions struct {
	people      int
	rate        float64
	duration    time.Duration
	clientProcs int // GOMAXPROCS of the load generator and fake
}

// menuCycle is the path each simulated person clicks through, round and round.
var menuCycle = []string{"alerts", "menu", "settings", "menu", "learn", "menu", "findhelp", "menu"}

// simPerson is one simulated person: their menu message and where they are.
type simPerson struct {
	id    int64
	msgID int
	step  int
	busy  atomic.Bool
	inbox chan tgfake.Message
}

func benchUpdates(ctx context.Context, cfg config.Config, log *slog.Logger, out io.Writer, o benchOptions) error {
	fake := tgfake.New(tgfake.Options{}) // no limits: we measure the bot, not Telegram
	defer fake.Close()
	var suffix [4]byte
	rand.Read(suffix[:])
	prefix := "peerbot-bench-" + hex.EncodeToString(suffix[:]) + ":"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := ln.Addr().String()
	ln.Close() // the child listens here

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
	fmt.Fprintf(out, "preparing %d people...\n", o.people)
	base := int64(7_000_000_000) + time.Now().UnixNano()%1_000_000*1000
	sims := make([]*simPerson, o.people)
	byID := make(map[int64]*simPerson, o.people)
	for i := range sims {
		s := &simPerson{id: base + int64(i), inbox: make(chan tgfake.Message, 16)}
		if err := onboardDirectly(ctx, store, people.ChatID(s.id)); err != nil {
			return err
		}
		fake.AddUser(s.id, "en")
		sims[i], byID[s.id] = s, s
	}

	if o.clientProcs > 0 {
		runtime.GOMAXPROCS(o.clientProcs)
	}
	child, stop, err := serveChild(ctx, cfg, log, fake, addr, prefix, hex.EncodeToString(suffix[:]))
	if err != nil {
		return err
	}
	defer stop()

	events, stopEvents := fake.Subscribe()
	defer stopEvents()
	// One goroutine routes the fake's events to the person they concern, so
	// a thousand waiters do not all wake for every change.
	go func() {
		for ev := range events {
			if (ev.Kind == tgfake.EventMessage || ev.Kind == tgfake.EventEdited) && ev.Message.FromBot {
				if s := byID[ev.ChatID]; s != nil {
					s.inbox <- ev.Message
				}
			}
		}
	}()
	for _, s := range sims { // each person opens the menu once (not measured)
		fake.SendText(s.id, "/menu")
		m, err := receive(ctx, s.inbox)
		if err != nil {
			return fmt.Errorf("opening the menu: %w", err)
		}
		s.msgID = m.ID
	}

	metricsURL := "http://" + addr + "/metrics"
	before, err := scrapeHistogram(metricsURL)
	if err != nil {
		return err
	}
	mode := fmt.Sprintf("%.0f presses/s offered", o.rate)
	if o.rate == 0 {
		mode = "as fast as the bot answers"
	}
	fmt.Fprintf(out, "measuring for %s: %d people, %s...\n", o.duration, o.people, mode)
	var mu sync.Mutex
	var roundTrips []time.Duration
	var skipped, failures atomic.Int64
	press := func(s *simPerson) {
		defer s.busy.Store(false)
		data := "v1:" + menuCycle[s.step%len(menuCycle)]
		t0 := time.Now()
		if err := fake.PressButton(s.id, s.msgID, data); err != nil {
			failures.Add(1)
			return
		}
		m, err := receive(ctx, s.inbox)
		if err != nil {
			failures.Add(1)
			return
		}
		mu.Lock()
		roundTrips = append(roundTrips, time.Since(t0))
		mu.Unlock()
		s.msgID, s.step = m.ID, s.step+1
	}
	start := time.Now()
	var wg sync.WaitGroup
	if o.rate == 0 {
		for _, s := range sims {
			wg.Go(func() {
				for time.Since(start) < o.duration && ctx.Err() == nil {
					s.busy.Store(true)
					press(s)
				}
			})
		}
	} else {
		interval := time.Duration(float64(time.Second) / o.rate)
		for i := 0; time.Since(start) < o.duration && ctx.Err() == nil; i++ {
			// Open loop: presses are offered on a schedule whatever the bot does.
			time.Sleep(time.Until(start.Add(time.Duration(i) * interval)))
			s := sims[i%len(sims)]
			if !s.busy.CompareAndSwap(false, true) {
				skipped.Add(1) // this person is still waiting for the last answer
				continue
			}
			wg.Go(func() { press(s) })
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	after, err := scrapeHistogram(metricsURL)
	if err != nil {
		return err
	}
	hwm, rss := childMemory(child.Process.Pid)

	handled := after.count - before.count
	slices.Sort(roundTrips)
	pct := func(p float64) time.Duration {
		if len(roundTrips) == 0 {
			return 0
		}
		return roundTrips[min(len(roundTrips)-1, int(p*float64(len(roundTrips))))].Round(100 * time.Microsecond)
	}
	fmt.Fprintf(out, "\nupdates handled by the bot:  %d in %s = %.0f updates/s\n", handled, elapsed.Round(time.Millisecond), float64(handled)/elapsed.Seconds())
	fmt.Fprintf(out, "handling latency (bot):      p50 %s  p99 %s  (within 30 ms: %.2f%%)\n",
		after.quantile(before, .50), after.quantile(before, .99), 100*after.shareWithin(before, 0.03))
	fmt.Fprintf(out, "press to edit seen (client): p50 %s  p95 %s  p99 %s\n", pct(.50), pct(.95), pct(.99))
	fmt.Fprintf(out, "presses skipped (person still waiting): %d, failed: %d\n", skipped.Load(), failures.Load())
	fmt.Fprintf(out, "bot process memory:          RSS %d MB, peak %d MB\n", rss>>20, hwm>>20)
	fmt.Fprintf(out, "machine:                     %d CPUs, %s; load generator and fake GOMAXPROCS %d\n",
		runtime.NumCPU(), runtime.Version(), runtime.GOMAXPROCS(0))
	return nil
}

// benchDatabase opens the benchmark's database, migrated: unless
// DATABASE_URL names another, a throwaway database of its own, emptied each
// run. cfg.DatabaseURL is set to it, for the child processes.
func benchDatabase(ctx context.Context, cfg *config.Config, log *slog.Logger) (*postgres.DB, error) {
	if cfg.DatabaseURL == config.DefaultDatabaseURL {
		cfg.DatabaseURL = "postgres://postgres@127.0.0.1:5432/peerbot_bench?sslmode=disable"
		if err := postgres.RecreateDatabase(ctx, cfg.DatabaseURL); err != nil {
			return nil, err
		}
	}
	if err := postgres.EnsureDatabase(ctx, cfg.DatabaseURL); err != nil {
		return nil, err
	}
	db, err := postgres.Open(ctx, cfg.DatabaseURL, log)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// onboardDirectly creates a finished profile without the conversation, to
// set up a benchmark quickly.
func onboardDirectly(ctx context.Context, store *postgres.PeopleStore, chat people.ChatID) error {
	p, err := store.CreatePerson(ctx, chat, "en")
	if err != nil {
		return err
	}
	now := time.Now()
	p.ConsentedAt, p.OnboardedAt, p.Active = &now, &now, true
	p.Regions = []string{"PL-14"}
	p.SubstanceGroups = slices.Clone(people.SubstanceGroups)
	return store.SavePerson(ctx, p)
}

// receive waits for the next bot message (new or edited) in a person's inbox.
func receive(ctx context.Context, ch <-chan tgfake.Message) (tgfake.Message, error) {
	timer := time.NewTimer(30 * time.Second)
	defer timer.Stop()
	select {
	case m := <-ch:
		return m, nil
	case <-timer.C:
		return tgfake.Message{}, errors.New("no answer from the bot within 30s")
	case <-ctx.Done():
		return tgfake.Message{}, ctx.Err()
	}
}

// histogramSnapshot is the handling-latency histogram at one moment.
type histogramSnapshot struct {
	count  uint64
	bounds []float64
	cum    []uint64
}

// scrapeHistogram reads peerbot_update_handling_seconds from /metrics.
func scrapeHistogram(url string) (histogramSnapshot, error) {
	resp, err := http.Get(url)
	if err != nil {
		return histogramSnapshot{}, fmt.Errorf("reading metrics: %w", err)
	}
	defer resp.Body.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		return histogramSnapshot{}, fmt.Errorf("parsing metrics: %w", err)
	}
	f := families["peerbot_update_handling_seconds"]
	if f == nil || len(f.GetMetric()) == 0 {
		return histogramSnapshot{}, errors.New("no handling histogram in /metrics")
	}
	return snapshot(f.GetMetric()[0].GetHistogram()), nil
}

func snapshot(h *dto.Histogram) histogramSnapshot {
	s := histogramSnapshot{count: h.GetSampleCount()}
	for _, b := range h.GetBucket() {
		s.bounds = append(s.bounds, b.GetUpperBound())
		s.cum = append(s.cum, b.GetCumulativeCount())
	}
	return s
}

// shareWithin is the share of updates handled since before that took at
// most limit seconds (limit must be a bucket bound).
func (s histogramSnapshot) shareWithin(before histogramSnapshot, limit float64) float64 {
	for i, b := range s.bounds {
		if b == limit {
			return float64(s.cum[i]-before.cum[i]) / float64(max(1, s.count-before.count))
		}
	}
	return math.NaN()
}

// quantile estimates a quantile of the updates handled since before, by
// linear interpolation inside the bucket that holds it.
func (s histogramSnapshot) quantile(before histogramSnapshot, q float64) time.Duration {
	total := float64(s.count - before.count)
	target := q * total
	lower, below := 0.0, 0.0
	for i, b := range s.bounds {
		c := float64(s.cum[i] - before.cum[i])
		if c >= target && c > below {
			share := (target - below) / (c - below)
			return time.Duration((lower + share*(b-lower)) * float64(time.Second)).Round(100 * time.Microsecond)
		}
		lower, below = b, c
	}
	return time.Duration(lower * float64(time.Second))
}

// childMemory returns a process's peak and current resident set, from /proc.
func childMemory(pid int) (peak, rss int64) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		var kb int64
		if _, err := fmt.Sscanf(line, "VmHWM: %d kB", &kb); err == nil {
			peak = kb << 10
		}
		if _, err := fmt.Sscanf(line, "VmRSS: %d kB", &kb); err == nil {
			rss = kb << 10
		}
	}
	return peak, rss
}

// deleteRedisPrefix removes a throwaway run's keys (benchmark, demo).
func deleteRedisPrefix(url, prefix string, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rdb, err := redis.Open(ctx, url)
	if err != nil {
		log.Warn("cleaning up Redis", "err", err)
		return
	}
	defer rdb.Close()
	if _, err := redis.New(rdb, prefix).DeleteAll(ctx); err != nil {
		log.Warn("cleaning up Redis", "err", err)
	}
}

// serveChild runs `peerbot serve` as a child process in webhook mode against
// the fake, with no send limits, and waits until it has registered its
// webhook. stop ends it and deletes its Redis keys. env adds settings.
func serveChild(ctx context.Context, cfg config.Config, log *slog.Logger, fake *tgfake.Server, addr, prefix, run string, env ...string) (child *exec.Cmd, stop func(), err error) {
	child = exec.CommandContext(ctx, os.Args[0], "serve")
	child.Env = append(slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "GOMAXPROCS=") }),
		"TELEGRAM_BOT_TOKEN="+fake.Token(), "TELEGRAM_API_URL="+fake.URL(),
		"DATABASE_URL="+cfg.DatabaseURL, "REDIS_URL="+cfg.RedisURL, "REDIS_PREFIX="+prefix,
		"PEERBOT_SECRET="+demoSecret, "HTTP_ADDR="+addr,
		"WEBHOOK_URL=http://"+addr+"/telegram", "WEBHOOK_SECRET=bench_"+run,
		"SEND_RATE=0", "CHAT_RATE=0", "LOG_LEVEL=warn")
	child.Env = append(child.Env, env...)
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		return nil, nil, fmt.Errorf("starting peerbot serve: %w", err)
	}
	stop = func() {
		_ = child.Process.Signal(syscall.SIGTERM)
		_ = child.Wait()
		deleteRedisPrefix(cfg.RedisURL, prefix, log)
	}
	wait, cancelWait := context.WithTimeout(ctx, time.Minute)
	defer cancelWait()
	if err := fake.Wait(wait, func() bool { return fake.WebhookURL() != "" }); err != nil {
		stop()
		return nil, nil, errors.New("peerbot serve did not register its webhook within a minute")
	}
	return child, stop, nil
}
