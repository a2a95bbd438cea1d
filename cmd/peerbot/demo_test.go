package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/people"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/postgres/pgtest"
	"github.com/peerbot/peerbot/privacy"
)

// readyWriter is the demo's stdout: it reports the web chat's address once
// the demo says it is running.
type readyWriter struct {
	buf   syncBuffer
	ready chan string
	sent  bool
}

var demoRunning = regexp.MustCompile(`Open http://(\S+)/ `)

func (w *readyWriter) Write(p []byte) (int, error) {
	n, err := w.buf.Write(p)
	if m := demoRunning.FindStringSubmatch(w.buf.String()); m != nil && !w.sent {
		w.sent = true
		w.ready <- m[1]
	}
	return n, err
}

// demoEvent is a "message" event of the web chat's stream.
type demoEvent struct {
	PersonID int64 `json:"person_id"`
	Message  struct {
		ID     int    `json:"id"`
		From   string `json:"from"`
		Text   string `json:"text"`
		Edited bool   `json:"edited"`
	} `json:"message"`
}

// TestDemoConsoleReachesTheChats runs `peerbot demo` and uses its partner
// console as a newcomer would: the alert arrives in a simulated person's
// chat, the update edits it in place (the page is told it is an edit) with
// a follow-up, the withdrawal edits it again, and the campaign arrives.
func TestDemoConsoleReachesTheChats(t *testing.T) {
	dbURL := pgtest.NewDatabase(t)
	ctx, cancel := context.WithCancel(context.Background())
	out := &readyWriter{ready: make(chan string, 1)}
	var stderr syncBuffer
	m := Main{Stdout: out, Stderr: &stderr, Getenv: func(k string) string {
		return map[string]string{"DATABASE_URL": dbURL, "HTTP_ADDR": "127.0.0.1:0", "LOG_LEVEL": "warn"}[k]
	}}
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"demo"}) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("peerbot demo: exit %d: %s", code, stderr.String())
		}
	})
	var base string
	select {
	case addr := <-out.ready:
		base = "http://" + addr
	case code := <-done:
		done <- code
		t.Fatalf("peerbot demo stopped with exit %d: %s", code, stderr.String())
	case <-time.After(time.Minute):
		t.Fatalf("peerbot demo did not start: %s", stderr.String())
	}
	if strings.Contains(out.buf.String(), "pb_") || strings.Contains(stderr.String(), "pb_") || strings.Contains(stderr.String(), "po_") {
		t.Error("the demo printed a token")
	}
	if !regexp.MustCompile(`(?s)as a peer worker.*send /start join_[0-9A-Z]{10} in the chat; as staff .*/start join_[0-9A-Z]{10}`).MatchString(out.buf.String()) {
		t.Errorf("the demo does not say how to join its organisation as a peer and as staff: %q", out.buf.String())
	}
	events := demoStream(t, ctx, base)

	var person struct {
		ID int64 `json:"id"`
	}
	demoPost(t, base+"/demo/api/people", `{"language":"pl"}`, &person)
	// Onboarded for Warsaw and opioids, as the chat's onboarding would
	// leave them (the flows' own tests drive that part).
	db, err := postgres.Open(ctx, dbURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sealer, err := privacy.NewSealer(demoSecret)
	if err != nil {
		t.Fatal(err)
	}
	if err := postgres.NewPeopleStore(db, sealer).SeedPeople(ctx, []people.ChatID{people.ChatID(person.ID)}, "pl", []string{"PL-14"}, []string{"opioids"}); err != nil {
		t.Fatal(err)
	}
	catalog, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}

	var res struct {
		OK    bool   `json:"ok"`
		Alert string `json:"alert"`
	}
	demoPost(t, base+"/demo/api/console/alerts", `{"preset":"nitazene-heroin","region":"PL-14","severity":"caution","cap":true}`, &res)
	if !res.OK {
		t.Fatalf("publish: %+v", res)
	}
	alert := events.wait(t, person.ID, func(e demoEvent) bool {
		return e.Message.From == "bot" && !e.Message.Edited && strings.Contains(e.Message.Text, "protonitazen")
	})

	// A person clicks Update once the alert is out; until its delivery is
	// recorded an update would come as a new message instead of an edit.
	demoDelivered(t, base, res.Alert)
	demoPost(t, base+"/demo/api/console/alerts/"+res.Alert+"/update", `{}`, &res)
	warning := strings.ToUpper(catalog.T("pl", locales.AlertSeverityWarning, nil))
	events.wait(t, person.ID, func(e demoEvent) bool {
		return e.Message.ID == alert.Message.ID && e.Message.Edited && strings.Contains(e.Message.Text, warning)
	})
	events.wait(t, person.ID, func(e demoEvent) bool {
		return e.Message.ID > alert.Message.ID && e.Message.From == "bot" && !e.Message.Edited
	})

	demoDelivered(t, base, res.Alert)
	demoPost(t, base+"/demo/api/console/alerts/"+res.Alert+"/withdraw", `{}`, &res)
	withdrawn := strings.ToUpper(catalog.T("pl", locales.AlertStatusWithdrawn, nil))
	events.wait(t, person.ID, func(e demoEvent) bool {
		return e.Message.ID == alert.Message.ID && e.Message.Edited && strings.Contains(e.Message.Text, withdrawn)
	})

	demoPost(t, base+"/demo/api/console/campaigns", `{"region":"PL-14"}`, &res)
	events.wait(t, person.ID, func(e demoEvent) bool {
		return strings.Contains(e.Message.Text, "Bezpłatne, anonimowe testowanie substancji")
	})

	// The mirror the console links to is served.
	resp, err := http.Get(base + "/alerts")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("GET /alerts: %v %v", resp, err)
	}
	resp.Body.Close()
}

// demoPost posts JSON to the demo and decodes its 2xx answer into out.
func demoPost(t *testing.T, url, body string, out any) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("POST %s: status %d", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
}

// demoDelivered waits until the console says the alert's latest version
// has been delivered to its one recipient.
func demoDelivered(t *testing.T, base, alert string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/demo/api/console/alerts/" + alert)
		if err != nil {
			t.Fatal(err)
		}
		var status struct {
			Calls []struct {
				Answer struct {
					Delivery struct {
						Recipients int `json:"recipients"`
						Sent       int `json:"sent"`
						Pending    int `json:"pending"`
					} `json:"delivery"`
				} `json:"answer"`
			} `json:"calls"`
		}
		err = json.NewDecoder(resp.Body).Decode(&status)
		resp.Body.Close()
		if err != nil || len(status.Calls) != 1 {
			t.Fatalf("alert status: %v %+v", err, status)
		}
		if d := status.Calls[0].Answer.Delivery; d.Recipients == 1 && d.Sent == 1 && d.Pending == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("alert %s not delivered: %+v", alert, status)
		}
		time.Sleep(10 * time.Millisecond) // polling an HTTP API: nothing to wait on
	}
}

// demoEvents are the web chat's "message" events.
type demoEvents chan demoEvent

// demoStream opens the web chat's event stream.
func demoStream(t *testing.T, ctx context.Context, base string) demoEvents {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, "GET", base+"/demo/api/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	// No client timeout: the stream stays open until ctx ends.
	client := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{}).DialContext}}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	ch := make(demoEvents, 256)
	ready := make(chan struct{})
	go func() {
		defer close(ch)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == ": ready":
				close(ready)
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && name == "message":
				var e demoEvent
				if json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &e) == nil {
					ch <- e
				}
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		t.Fatal("event stream not ready")
	}
	return ch
}

// wait returns the first message event in person's chat that match accepts.
func (ch demoEvents) wait(t *testing.T, person int64, match func(demoEvent) bool) demoEvent {
	t.Helper()
	timeout := time.After(30 * time.Second)
	var seen []string
	for {
		select {
		case e, ok := <-ch:
			if !ok {
				t.Fatalf("event stream closed; seen: %s", strings.Join(seen, "\n"))
			}
			if e.PersonID == person && match(e) {
				return e
			}
			seen = append(seen, fmt.Sprintf("%d edited=%v %q", e.Message.ID, e.Message.Edited, e.Message.Text))
		case <-timeout:
			t.Fatalf("no matching message event; seen:\n%s", strings.Join(seen, "\n"))
		}
	}
}
