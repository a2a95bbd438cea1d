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
	"net"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/postgres"
)

// bench runs a benchmark. `peerbot bench updates` drives menu navigation by
// many simulated people through the whole service: the fake Telegram pushes
// each button press to the bot's webhook, the bot handles it (de-dup, chat
// lock, profile from PostgreSQL, state from Redis) and edits the menu in
// place through the sender.
func bench(ctx context.Context, cfg config.Config, log *slog.Logger, out io.Writer, args []string) error {
	if len(args) == 0 || args[0] != "updates" {
		return usageError("usage: peerbot bench updates [-people N] [-updates N]")
	}
	fs := flag.NewFlagSet("bench updates", flag.ContinueOnError)
	fs.SetOutput(out)
	nPeople := fs.Int("people", 1000, "simulated people navigating menus at once")
	nUpdates := fs.Int("updates", 30000, "button presses to handle in the measured run")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError(err.Error())
	}
	if *nPeople < 1 || *nUpdates < *nPeople {
		return usageError("-people must be at least 1 and -updates at least -people")
	}
	return benchUpdates(ctx, cfg, log, out, *nPeople, *nUpdates)
}

// menuCycle is the path each simulated person clicks through, round and round.
var menuCycle = []string{"alerts", "menu", "settings", "menu", "learn", "menu", "findhelp", "menu"}

func benchUpdates(ctx context.Context, cfg config.Config, _ *slog.Logger, out io.Writer, nPeople, nUpdates int) error {
	fake := tgfake.New(tgfake.Options{}) // no limits: we measure the bot, not Telegram's limits
	defer fake.Close()
	var suffix [4]byte
	rand.Read(suffix[:])
	cfg.TelegramToken, cfg.TelegramAPIURL = fake.Token(), fake.URL()
	if cfg.DatabaseURL == config.DefaultDatabaseURL {
		cfg.DatabaseURL = "postgres://postgres@127.0.0.1:5432/peerbot_bench?sslmode=disable"
	}
	cfg.RedisPrefix = "peerbot-bench-" + hex.EncodeToString(suffix[:]) + ":"
	cfg.Secret = demoSecret
	cfg.SendRate, cfg.ChatRate = 0, 0
	cfg.WebhookSecret = "bench_" + hex.EncodeToString(suffix[:])
	if err := postgres.EnsureDatabase(ctx, cfg.DatabaseURL); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	// The fake pushes updates to the bot's own webhook, over loopback.
	cfg.WebhookURL = "http://" + ln.Addr().String() + "/telegram"

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan *service, 1)
	done := make(chan error, 1)
	quiet := slog.New(slog.NewJSONHandler(io.Discard, nil))
	go func() {
		done <- serve(ctx, cfg, quiet, serveOptions{listener: ln, ready: func(s *service) { ready <- s }})
	}()
	var svc *service
	select {
	case svc = <-ready:
	case err := <-done:
		return fmt.Errorf("starting the service: %w", err)
	}

	fmt.Fprintf(out, "preparing %d people...\n", nPeople)
	base := int64(7_000_000_000) + time.Now().UnixNano()%1_000_000*1000
	ids := make([]int64, nPeople)
	for i := range ids {
		ids[i] = base + int64(i)
		if err := onboardDirectly(ctx, svc, people.ChatID(ids[i])); err != nil {
			return err
		}
		fake.AddUser(ids[i], "en")
	}

	events, stopEvents := fake.Subscribe()
	defer stopEvents()
	// One goroutine routes the fake's events to the person they concern, so
	// a thousand waiters do not all wake for every change.
	inbox := make(map[int64]chan tgfake.Message, nPeople)
	for _, id := range ids {
		inbox[id] = make(chan tgfake.Message, 16)
	}
	go func() {
		for ev := range events {
			if ev.Kind != tgfake.EventMessage && ev.Kind != tgfake.EventEdited {
				continue
			}
			if ev.Message.FromBot {
				if ch, ok := inbox[ev.ChatID]; ok {
					ch <- ev.Message
				}
			}
		}
	}()

	// Each person opens the menu once (not measured).
	menus := make([]tgfake.Message, nPeople)
	for i, id := range ids {
		fake.SendText(id, "/menu")
		m, err := receive(ctx, inbox[id])
		if err != nil {
			return fmt.Errorf("opening the menu: %w", err)
		}
		menus[i] = m
	}
	handledBefore := histogramCount(svc)

	fmt.Fprintf(out, "running %d button presses by %d people...\n", nUpdates, nPeople)
	var next atomic.Int64
	latencies := make([][]time.Duration, nPeople)
	var wg sync.WaitGroup
	errs := make(chan error, nPeople)
	start := time.Now()
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg := menus[i]
			for step := 0; next.Add(1) <= int64(nUpdates); step++ {
				data := "v1:" + menuCycle[step%len(menuCycle)]
				t0 := time.Now()
				if err := fake.PressButton(id, msg.ID, data); err != nil {
					errs <- fmt.Errorf("person %d pressing %s: %w", i, data, err)
					return
				}
				m, err := receive(ctx, inbox[id])
				if err != nil {
					errs <- err
					return
				}
				latencies[i] = append(latencies[i], time.Since(t0))
				msg = m
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	handled := histogramCount(svc) - handledBefore

	var all []time.Duration
	for _, l := range latencies {
		all = append(all, l...)
	}
	slices.Sort(all)
	pct := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
	rss, hwm := memory()
	fmt.Fprintf(out, "\nupdates handled:        %d in %s\n", handled, elapsed.Round(time.Millisecond))
	fmt.Fprintf(out, "throughput:             %.0f updates/s\n", float64(handled)/elapsed.Seconds())
	fmt.Fprintf(out, "handling latency:       p99 %s (share handled within 30 ms: %.2f%%)\n",
		handlerP99(svc), 100*handlerShareWithin(svc, 0.03))
	fmt.Fprintf(out, "press-to-edit (client): p50 %s  p95 %s  p99 %s\n",
		pct(.50).Round(100*time.Microsecond), pct(.95).Round(100*time.Microsecond), pct(.99).Round(100*time.Microsecond))
	fmt.Fprintf(out, "memory (whole process, bot + fake + clients): RSS %d MB, peak %d MB\n", rss>>20, hwm>>20)
	fmt.Fprintf(out, "machine: %d CPUs, %s\n", runtime.NumCPU(), runtime.Version())

	cancel()
	if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// onboardDirectly creates a finished profile without the conversation, to
// set up a benchmark quickly.
func onboardDirectly(ctx context.Context, svc *service, chat people.ChatID) error {
	p, err := svc.people.CreatePerson(ctx, chat, "en")
	if err != nil {
		return err
	}
	now := time.Now()
	p.ConsentedAt, p.OnboardedAt, p.Active = &now, &now, true
	p.Regions = []string{"PL-14"}
	p.SubstanceGroups = slices.Clone(people.SubstanceGroups)
	return svc.people.SavePerson(ctx, p)
}

// receive waits for the next bot message (new or edited) in a person's inbox.
func receive(ctx context.Context, ch <-chan tgfake.Message) (tgfake.Message, error) {
	select {
	case m := <-ch:
		return m, nil
	case <-time.After(30 * time.Second):
		return tgfake.Message{}, errors.New("no answer from the bot within 30s")
	case <-ctx.Done():
		return tgfake.Message{}, ctx.Err()
	}
}

// histogram reads the handler latency histogram.
func histogram(svc *service) *dto.Histogram {
	var m dto.Metric
	if err := svc.metrics.HandlerSeconds.Write(&m); err != nil {
		return &dto.Histogram{}
	}
	return m.GetHistogram()
}

func histogramCount(svc *service) int64 { return int64(histogram(svc).GetSampleCount()) }

// handlerShareWithin is the share of handled updates that took at most
// limit seconds (limit must be a bucket bound).
func handlerShareWithin(svc *service, limit float64) float64 {
	h := histogram(svc)
	for _, b := range h.GetBucket() {
		if b.GetUpperBound() == limit {
			return float64(b.GetCumulativeCount()) / float64(max(1, h.GetSampleCount()))
		}
	}
	return 0
}

// handlerP99 estimates the 99th percentile from the histogram buckets by
// linear interpolation within the bucket that holds it.
func handlerP99(svc *service) time.Duration {
	h := histogram(svc)
	target := 0.99 * float64(h.GetSampleCount())
	lower, below := 0.0, 0.0
	for _, b := range h.GetBucket() {
		c := float64(b.GetCumulativeCount())
		if c >= target {
			share := (target - below) / max(1, c-below)
			return time.Duration((lower + share*(b.GetUpperBound()-lower)) * float64(time.Second))
		}
		lower, below = b.GetUpperBound(), c
	}
	return time.Duration(lower * float64(time.Second))
}

// memory returns the process's resident set and its peak, from /proc.
func memory() (rss, peak int64) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		var kb int64
		if _, err := fmt.Sscanf(line, "VmRSS: %d kB", &kb); err == nil {
			rss = kb << 10
		}
		if _, err := fmt.Sscanf(line, "VmHWM: %d kB", &kb); err == nil {
			peak = kb << 10
		}
	}
	return rss, peak
}
