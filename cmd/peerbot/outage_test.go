package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peerbot/peerbot/locales"
)

// proxy forwards TCP connections to a real service and can be cut, to test
// what happens while PostgreSQL or Redis is unreachable.
type proxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  map[net.Conn]bool
}

func newProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go p.accept()
	return p
}

func (p *proxy) addr() string { return p.ln.Addr().String() }

func (p *proxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.down {
			p.mu.Unlock()
			c.Close()
			continue
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.conns[c], p.conns[up] = true, true
		p.mu.Unlock()
		go func() { io.Copy(up, c); up.Close() }()
		go func() { io.Copy(c, up); c.Close() }()
	}
}

// cut closes every connection and refuses new ones until restore.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

func (p *proxy) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = false
}

// via rewrites a URL to go through the proxy.
func (p *proxy) via(t *testing.T, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = p.addr()
	return u.String()
}

func healthStatus(t *testing.T, h *harness) int {
	t.Helper()
	resp, err := http.Get("http://" + h.svc.addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func waitHealth(t *testing.T, h *harness, want int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for healthStatus(t, h) != want {
		if time.Now().After(deadline) {
			t.Fatalf("/healthz never answered %d", want)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		<-ctx.Done()
		cancel()
	}
}

// TestPostgresOutage: while PostgreSQL is unreachable, /healthz fails and a
// person gets a localized "temporarily unavailable"; when it is back, the
// bot answers again without a restart.
func TestPostgresOutage(t *testing.T) {
	pg := newProxy(t, "127.0.0.1:5432")
	h := newHarness(t, nil)
	p := h.newPerson(9001, "pl")
	p.onboard("pl", "PL", "PL-14")
	h.stop()
	h.cfg.DatabaseURL = pg.via(t, h.cfg.DatabaseURL)
	h.start()
	if got := healthStatus(t, h); got != http.StatusOK {
		t.Fatalf("/healthz = %d before the outage", got)
	}

	pg.cut()
	waitHealth(t, h, http.StatusServiceUnavailable)
	p.send("/menu", p.text(locales.Unavailable, nil))

	pg.restore()
	waitHealth(t, h, http.StatusOK)
	p.send("/alerts", p.text(locales.ButtonChangeRegions, nil))
}

// TestRedisOutage: while Redis is unreachable, /healthz fails and updates
// wait; when Redis is back they are handled, with nothing lost.
func TestRedisOutage(t *testing.T) {
	rd := newProxy(t, "127.0.0.1:6379")
	h := newHarness(t, map[string]string{"REDIS_URL": "redis://" + rd.addr() + "/0"})
	p := h.newPerson(9101, "uk")
	p.onboard("uk", "UA", "UA-30")

	rd.cut()
	waitHealth(t, h, http.StatusServiceUnavailable)
	h.fake.SendText(9101, "/alerts")

	rd.restore()
	waitHealth(t, h, http.StatusOK)
	p.waitFor(p.text(locales.ButtonChangeRegions, nil))
}

// TestBroadcastWaitsForRedis cuts Redis in the middle of an alert: sending
// pauses (the limiter is in Redis, and sends never bypass it), and once
// Redis is back the rest goes out, each person once.
func TestBroadcastWaitsForRedis(t *testing.T) {
	rd := newProxy(t, "127.0.0.1:6379")
	h := newHarness(t, map[string]string{"REDIS_URL": "redis://" + rd.addr() + "/0", "BROADCAST_RATE": "20"})
	chats := h.seed(7000, 60, "uk", "UA-30")
	lab := h.partner("Kyiv Lab", "UA")
	lab.post("application/json", fmt.Sprintf(jsonWarning, "kyiv-1", "UA-30"), http.StatusCreated)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := h.fake.Wait(ctx, func() bool { n, _ := received(h.fake, chats); return n >= 10 }); err != nil {
		t.Fatal("the alert did not start going out")
	}
	rd.cut()
	waitHealth(t, h, http.StatusServiceUnavailable)
	if err := h.fake.Wait(ctx, func() bool { return strings.Contains(h.logs.String(), "rate limiter unavailable, sends paused") }); err != nil {
		t.Fatal("the engine did not notice the limiter was gone")
	}
	rd.restore()
	if err := h.fake.Wait(ctx, func() bool { n, _ := received(h.fake, chats); return n == len(chats) }); err != nil {
		n, _ := received(h.fake, chats)
		t.Fatalf("after Redis came back only %d of %d got the alert", n, len(chats))
	}
	if reached, total := received(h.fake, chats); total != reached {
		t.Errorf("%d messages to %d people", total, reached)
	}
}
