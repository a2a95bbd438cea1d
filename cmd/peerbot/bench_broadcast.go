package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/privacy"
)

const benchBroadcastUsage = `usage: peerbot bench broadcast [flags]

Publishes a polluted-drug alert through the partner API to N subscribers and
measures its delivery: "peerbot serve" runs as one or more child processes
against real PostgreSQL and Redis and a built-in strict fake Telegram, which
enforces Telegram's limits (30 messages/s overall, 1/s per chat, paid
broadcasts 1000/s) unless -unlimited is given.

  -people N     subscribers in PL-14, in all eight languages (default 10000)
  -rate R       BROADCAST_RATE of the bot (default 25)
  -paid         PAID_BROADCAST=true (needed above 30/s)
  -unlimited    no limits anywhere (bot and fake): the engine's own speed
  -latency D    the fake's delay before every answer (default 0)
  -faults N     inject N 429 answers (retry_after 2s) during the run
  -replicas N   bot processes sharing the work (default 1)
  -kill         SIGKILL one replica when half the alert is delivered
  -probes N     first measure partner request to first delivery with N
                one-recipient alerts, one after another (default 20)
`

type broadcastBenchOptions struct {
	people, replicas, faults, probes int
	rate                             float64
	paid, unlimited, kill            bool
	latency                          time.Duration
}

func benchBroadcastCmd(ctx context.Context, cfg config.Config, log *slog.Logger, out io.Writer, args []string) error {
	fs := flag.NewFlagSet("bench broadcast", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o := broadcastBenchOptions{}
	fs.IntVar(&o.people, "people", 10000, "")
	fs.Float64Var(&o.rate, "rate", 25, "")
	fs.BoolVar(&o.paid, "paid", false, "")
	fs.BoolVar(&o.unlimited, "unlimited", false, "")
	fs.DurationVar(&o.latency, "latency", 0, "")
	fs.IntVar(&o.faults, "faults", 0, "")
	fs.IntVar(&o.replicas, "replicas", 1, "")
	fs.BoolVar(&o.kill, "kill", false, "")
	fs.IntVar(&o.probes, "probes", 20, "")
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error() + "\n" + benchBroadcastUsage)
	}
	if o.people < 1 || o.replicas < 1 || o.rate < 0 || o.faults < 0 || o.probes < 0 || (o.kill && o.replicas < 2) {
		return usageError("-people and -replicas must be at least 1, -rate, -faults and -probes 0 or more, and -kill needs -replicas 2 or more\n" + benchBroadcastUsage)
	}
	return benchBroadcast(ctx, cfg, log, out, o)
}

// replica is one child "peerbot serve".
type replica struct {
	cmd  *exec.Cmd
	addr string
	peak int64 // highest RSS seen, bytes
}

func benchBroadcast(ctx context.Context, cfg config.Config, log *slog.Logger, out io.Writer, o broadcastBenchOptions) error {
	opts := tgfake.DefaultOptions()
	if o.unlimited {
		opts = tgfake.Options{}
	}
	opts.Latency = o.latency
	fake := tgfake.New(opts)
	defer fake.Close()

	var suffix [4]byte
	rand.Read(suffix[:])
	prefix := "peerbot-bench-" + hex.EncodeToString(suffix[:]) + ":"
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

	fmt.Fprintf(out, "preparing %d subscribers...\n", o.people)
	base := int64(8_000_000_000)
	chats := make([]people.ChatID, o.people)
	byLang := map[string][]people.ChatID{}
	for i := range chats {
		chats[i] = people.ChatID(base + int64(i))
		lang := locales.Languages[i%len(locales.Languages)]
		byLang[lang] = append(byLang[lang], chats[i])
		fake.AddUser(int64(chats[i]), lang)
	}
	for lang, cs := range byLang {
		for len(cs) > 0 {
			n := min(len(cs), 10000)
			if err := store.SeedPeople(ctx, cs[:n], lang, []string{"PL-14"}, people.SubstanceGroups); err != nil {
				return err
			}
			cs = cs[n:]
		}
	}
	// Probes go to one person each in another region, one after another.
	probeChats := make([]people.ChatID, o.probes)
	for i := range probeChats {
		probeChats[i] = people.ChatID(base - 1 - int64(i))
		fake.AddUser(int64(probeChats[i]), "pt")
	}
	token, err := postgres.NewPartnerStore(db).AddPartner(ctx, &alerts.Partner{Name: "Bench drug checking", Regions: []string{"PL", "PT"}})
	if err != nil {
		return err
	}

	env := []string{
		"TELEGRAM_BOT_TOKEN=" + fake.Token(), "TELEGRAM_API_URL=" + fake.URL(),
		"DATABASE_URL=" + cfg.DatabaseURL, "REDIS_URL=" + cfg.RedisURL, "REDIS_PREFIX=" + prefix,
		"PEERBOT_SECRET=" + demoSecret, "LOG_LEVEL=warn",
		fmt.Sprintf("BROADCAST_RATE=%g", o.rate), fmt.Sprintf("PAID_BROADCAST=%t", o.paid),
	}
	switch {
	case o.unlimited:
		env = append(env, "SEND_RATE=0", "CHAT_RATE=0", "BROADCAST_RATE=0")
	case o.paid:
		env = append(env, "SEND_RATE=30", "CHAT_RATE=1")
	default:
		env = append(env, fmt.Sprintf("SEND_RATE=%g", max(30, o.rate)), "CHAT_RATE=1")
	}
	replicas := make([]*replica, o.replicas)
	for i := range replicas {
		r, err := startReplica(ctx, env)
		if err != nil {
			return err
		}
		replicas[i] = r
		defer r.stop()
	}
	defer deleteRedisPrefix(cfg.RedisURL, prefix, log)
	for _, r := range replicas {
		if err := waitHealthy(ctx, r.addr); err != nil {
			return err
		}
	}

	// Every bot message, by chat, with the time the fake accepted it.
	var mu sync.Mutex
	received := map[int64][]time.Time{}
	events, stopEvents := fake.Subscribe()
	defer stopEvents()
	go func() {
		for ev := range events {
			if ev.Kind == tgfake.EventMessage && ev.Message.FromBot {
				mu.Lock()
				received[ev.ChatID] = append(received[ev.ChatID], time.Now())
				mu.Unlock()
			}
		}
	}()
	firstTo := func(chat people.ChatID) (time.Time, bool) {
		mu.Lock()
		defer mu.Unlock()
		ts := received[int64(chat)]
		if len(ts) == 0 {
			return time.Time{}, false
		}
		return ts[0], true
	}

	api := "http://" + replicas[0].addr
	if o.probes > 0 {
		fmt.Fprintf(out, "measuring partner request to first delivery with %d alerts...\n", o.probes)
		var lat []time.Duration
		for i, chat := range probeChats {
			if err := store.SeedPeople(ctx, []people.ChatID{chat}, "pt", []string{"PT-11"}, people.SubstanceGroups); err != nil {
				return err
			}
			t0 := time.Now()
			if err := postAlert(ctx, api, token, fmt.Sprintf("probe-%d", i), "PT-11"); err != nil {
				return err
			}
			if err := waitUntil(ctx, 30*time.Second, func() bool { _, ok := firstTo(chat); return ok }); err != nil {
				return fmt.Errorf("probe %d: no delivery: %w", i, err)
			}
			first, _ := firstTo(chat)
			lat = append(lat, first.Sub(t0))
			// The next probe's alert must reach the next person only.
			p, err := store.GetPerson(ctx, chat)
			if err != nil {
				return err
			}
			p.BroadcastsStopped = true
			if err := store.SavePerson(ctx, p); err != nil {
				return err
			}
		}
		slices.Sort(lat)
		fmt.Fprintf(out, "partner request to first delivery: p50 %s  p95 %s  max %s\n",
			lat[len(lat)/2].Round(time.Millisecond), lat[len(lat)*95/100].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond))
	}

	before := fake.Stats()
	mu.Lock()
	clear(received)
	mu.Unlock()
	fmt.Fprintf(out, "publishing an alert to %d people (rate %s, %d replica(s))...\n", o.people, rateName(o), o.replicas)
	t0 := time.Now()
	if err := postAlert(ctx, api, token, "bench-main", "PL-14"); err != nil {
		return err
	}
	delivered := func() (distinct, total int, last time.Time) {
		mu.Lock()
		defer mu.Unlock()
		for _, ts := range received {
			distinct++
			total += len(ts)
			if t := ts[len(ts)-1]; t.After(last) {
				last = t
			}
		}
		return
	}
	var faultsDone int
	var killedAt time.Time
	progress := time.NewTicker(100 * time.Millisecond)
	defer progress.Stop()
	lastReport, lastCount, lastChange := time.Now(), 0, time.Now()
	for {
		distinct, _, _ := delivered()
		if distinct >= o.people {
			break
		}
		if distinct != lastCount {
			lastCount, lastChange = distinct, time.Now()
		}
		if time.Since(lastChange) > 3*time.Minute {
			return fmt.Errorf("delivery stalled at %d of %d", distinct, o.people)
		}
		// Faults spread over the run: a 429 from Telegram, as at peak load.
		if faultsDone < o.faults && distinct >= (faultsDone+1)*o.people/(o.faults+1) {
			fake.Fail(tgfake.Fault{Method: "sendMessage", Status: 429, RetryAfter: 2})
			faultsDone++
		}
		if o.kill && killedAt.IsZero() && distinct >= o.people/2 {
			killedAt = time.Now()
			_ = replicas[len(replicas)-1].cmd.Process.Signal(syscall.SIGKILL)
			fmt.Fprintf(out, "killed one replica (SIGKILL) at %d delivered\n", distinct)
		}
		for _, r := range replicas {
			r.sample()
		}
		if time.Since(lastReport) >= 10*time.Second {
			fmt.Fprintf(out, "  %d/%d delivered after %s\n", distinct, o.people, time.Since(t0).Round(time.Second))
			lastReport = time.Now()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-progress.C:
		}
	}
	// Let stragglers (duplicates) show before counting.
	time.Sleep(time.Second)
	distinct, total, last := delivered()
	after := fake.Stats()

	var first time.Time
	mu.Lock()
	var inFlightAtKill int
	for _, ts := range received {
		if first.IsZero() || ts[0].Before(first) {
			first = ts[0]
		}
		for _, t := range ts {
			// Sends that may have been in flight, or sent but not yet
			// recorded, when the replica died.
			if !killedAt.IsZero() && t.After(killedAt.Add(-200*time.Millisecond)) && !t.After(killedAt) {
				inFlightAtKill++
			}
		}
	}
	mu.Unlock()
	for _, r := range replicas {
		r.sample()
	}
	span := last.Sub(first)
	rate := float64(total-1) / span.Seconds()
	fmt.Fprintf(out, "\ndelivered:            %d people, %d messages (duplicates %d, lost %d)\n", distinct, total, total-distinct, o.people-distinct)
	fmt.Fprintf(out, "first delivery after: %s from the partner's request\n", first.Sub(t0).Round(time.Millisecond))
	fmt.Fprintf(out, "rate:                 %.1f messages/s over %s", rate, span.Round(time.Millisecond))
	if !o.unlimited && o.rate > 0 {
		fmt.Fprintf(out, " = %.1f%% of the %g/s limit", 100*rate/o.rate, o.rate)
	}
	fmt.Fprintln(out)
	if faultsDone > 0 && !o.unlimited && o.rate > 0 {
		// Telegram's retry_after is time nobody may send: the limit
		// applies to the rest.
		paused := time.Duration(faultsDone) * 2 * time.Second
		r := float64(total-1) / (span - paused).Seconds()
		fmt.Fprintf(out, "rate outside the %s of retry_after pauses: %.1f messages/s = %.1f%% of the limit\n", paused, r, 100*r/o.rate)
	}
	fmt.Fprintf(out, "429s from the fake:   %d (injected %d); sends inside an open retry_after: %d\n",
		after.TooManyRequests-before.TooManyRequests, faultsDone, after.CallsDuringRetryAfter-before.CallsDuringRetryAfter)
	if !killedAt.IsZero() {
		fmt.Fprintf(out, "killed replica:       messages in the 200 ms before the kill %d, duplicates %d\n", inFlightAtKill, total-distinct)
	}
	for i, r := range replicas {
		fmt.Fprintf(out, "replica %d memory:     peak RSS %d MB\n", i+1, r.peak>>20)
	}
	fmt.Fprintf(out, "machine:              %d CPUs, %s\n", runtime.NumCPU(), runtime.Version())
	return nil
}

func rateName(o broadcastBenchOptions) string {
	switch {
	case o.unlimited:
		return "unlimited"
	case o.paid:
		return fmt.Sprintf("%g/s paid", o.rate)
	}
	return fmt.Sprintf("%g/s", o.rate)
}

// startReplica starts "peerbot serve" on a free port.
func startReplica(ctx context.Context, env []string) (*replica, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.CommandContext(ctx, os.Args[0], "serve")
	cmd.Env = append(slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "GOMAXPROCS=") }),
		append(slices.Clone(env), "HTTP_ADDR="+addr)...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting peerbot serve: %w", err)
	}
	return &replica{cmd: cmd, addr: addr}, nil
}

func (r *replica) sample() {
	if hwm, _ := childMemory(r.cmd.Process.Pid); hwm > r.peak {
		r.peak = hwm
	}
}

func (r *replica) stop() {
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	_ = r.cmd.Wait()
}

// waitHealthy waits until a replica answers /healthz.
func waitHealthy(ctx context.Context, addr string) error {
	return waitUntil(ctx, time.Minute, func() bool {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	})
}

// waitUntil polls cond every 2 ms until it holds, ctx ends or d passes.
func waitUntil(ctx context.Context, d time.Duration, cond func() bool) error {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return errors.New("timed out")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
	return nil
}

// postAlert publishes a warning about a nitazene through the partner API.
func postAlert(ctx context.Context, api, token, identifier, region string) error {
	a := alerts.Alert{
		Identifier: identifier, MsgType: alerts.MsgAlert, Severity: alerts.Warning,
		SoldAs: "heroin", Form: alerts.FormPowder, LinkedToOverdoses: true,
		Contents: []alerts.Content{{Substance: "isotonitazene", Amount: 2.5, Unit: "mg"}, {Substance: "heroin"}},
		Advice: map[string]string{
			"en": "Do not use alone. Start with a very small amount. Carry naloxone; more than one dose may be needed.",
			"pl": "Nie używaj w samotności. Zacznij od bardzo małej ilości. Miej przy sobie nalokson; może być potrzebna więcej niż jedna dawka.",
		},
		Regions: []string{region},
	}
	body, err := json.Marshal(a)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, api+"/api/v1/alerts", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("posting the alert: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 2048))
		return fmt.Errorf("posting the alert: %s: %s", resp.Status, msg)
	}
	return nil
}
