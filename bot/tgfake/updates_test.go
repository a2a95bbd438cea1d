package tgfake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
)

func updateIDs(t *testing.T, a apiAnswer) []int64 {
	t.Helper()
	if !a.OK {
		t.Fatalf("getUpdates: %d %s", a.ErrorCode, a.Description)
	}
	var updates []struct {
		UpdateID int64 `json:"update_id"`
	}
	if err := json.Unmarshal(a.Result, &updates); err != nil {
		t.Fatal(err)
	}
	ids := []int64{}
	for _, u := range updates {
		ids = append(ids, u.UpdateID)
	}
	return ids
}

func TestGetUpdatesOffset(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(1, "en")
	var ids []int64
	for i := range 5 {
		ids = append(ids, s.SendText(1, "m"+strconv.Itoa(i)))
	}
	str := func(n int64) string { return strconv.FormatInt(n, 10) }
	tests := []struct {
		name   string
		params map[string]string
		want   []int64
	}{
		{"all unconfirmed", nil, ids},
		{"limit", map[string]string{"limit": "2"}, ids[:2]},
		{"offset confirms earlier updates", map[string]string{"offset": str(ids[2])}, ids[2:]},
		{"confirmed updates are gone", nil, ids[2:]},
		{"negative offset keeps the last ones", map[string]string{"offset": "-1"}, ids[4:]},
		{"offset past the end confirms all", map[string]string{"offset": str(ids[4] + 1)}, []int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := updateIDs(t, call(t, s, "getUpdates", tt.params))
			if len(got) != len(tt.want) {
				t.Fatalf("update ids = %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("update ids = %v, want %v", got, tt.want)
				}
			}
		})
	}
	if s.PendingUpdates() != 0 {
		t.Fatalf("%d updates still pending", s.PendingUpdates())
	}
}

func TestLongPollWakesOnUpdate(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(1, "en")
	done := make(chan []int64)
	go func() {
		done <- updateIDs(t, call(t, s, "getUpdates", map[string]string{"timeout": "30"}))
	}()
	// Wait until the poll is in progress, then send.
	if err := s.Wait(testContext(t), func() bool { return s.activePollGen() > 0 }); err != nil {
		t.Fatal(err)
	}
	id := s.SendText(1, "wake up")
	select {
	case got := <-done:
		if len(got) != 1 || got[0] != id {
			t.Fatalf("got %v, want [%d]", got, id)
		}
	case <-testContext(t).Done():
		t.Fatal("long poll did not wake")
	}
}

func TestOverlappingPollsConflict(t *testing.T) {
	s := newServer(t, Options{})
	first := make(chan apiAnswer)
	go func() { first <- call(t, s, "getUpdates", map[string]string{"timeout": "30"}) }()
	if err := s.Wait(testContext(t), func() bool { return s.activePollGen() == 1 }); err != nil {
		t.Fatal(err)
	}
	// The second poll ends the first one with 409 and answers normally.
	second := call(t, s, "getUpdates", nil)
	if !second.OK {
		t.Fatalf("second poll: %+v", second)
	}
	a := <-first
	if a.OK || a.ErrorCode != 409 || a.Description != conflictPolling {
		t.Fatalf("first poll: %+v", a)
	}
}

func TestWebhookPush(t *testing.T) {
	type delivery struct {
		secret string
		body   []byte
	}
	var (
		mu        sync.Mutex
		got       []delivery
		failFirst = true
	)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		got = append(got, delivery{secret: r.Header.Get("X-Telegram-Bot-Api-Secret-Token"), body: body})
		if failFirst {
			// Telegram redelivers what the bot did not accept.
			failFirst = false
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
	}))
	defer receiver.Close()
	s := newServer(t, Options{})
	s.AddUser(1, "en")
	a := call(t, s, "setWebhook", map[string]string{"url": receiver.URL + "/hook", "secret_token": "s3cr3t_-"})
	if !a.OK || a.Description != "Webhook was set" {
		t.Fatalf("setWebhook: %+v", a)
	}
	if a := call(t, s, "getUpdates", nil); a.ErrorCode != 409 || a.Description != conflictWebhook {
		t.Fatalf("getUpdates with a webhook: %+v", a)
	}
	first := s.SendText(1, "one")
	second := s.SendText(1, "two")
	if err := s.Wait(testContext(t), func() bool { return s.PendingUpdates() == 0 }); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 3 {
		t.Fatalf("%d deliveries, want 3 (one retried)", len(got))
	}
	var order []int64
	for _, d := range got {
		if d.secret != "s3cr3t_-" {
			t.Fatalf("secret header = %q", d.secret)
		}
		var u struct {
			UpdateID int64 `json:"update_id"`
		}
		if err := json.Unmarshal(d.body, &u); err != nil {
			t.Fatal(err)
		}
		order = append(order, u.UpdateID)
	}
	if order[0] != first || order[1] != first || order[2] != second {
		t.Fatalf("delivery order = %v, want [%d %d %d]", order, first, first, second)
	}
	info := call(t, s, "getWebhookInfo", nil)
	var wi struct {
		URL              string `json:"url"`
		LastErrorMessage string `json:"last_error_message"`
	}
	if err := json.Unmarshal(info.Result, &wi); err != nil {
		t.Fatal(err)
	}
	if wi.URL != receiver.URL+"/hook" || wi.LastErrorMessage != "Wrong response from the webhook: 500 Internal Server Error" {
		t.Fatalf("webhook info = %+v", wi)
	}
	if a := call(t, s, "deleteWebhook", nil); !a.OK || a.Description != "Webhook was deleted" {
		t.Fatalf("deleteWebhook: %+v", a)
	}
}

func TestSetWebhookValidation(t *testing.T) {
	s := newServer(t, Options{})
	tests := []struct {
		params map[string]string
		desc   string
	}{
		{map[string]string{"url": "http://example.org/hook"}, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"},
		{map[string]string{"url": "https://example.org/hook", "secret_token": "no spaces"}, "Bad Request: secret token contains unallowed characters"},
		{map[string]string{"url": "https://example.org/hook", "secret_token": string(make([]byte, 257))}, "Bad Request: parameter secret_token is too long: at most 256 characters are allowed"},
	}
	for _, tt := range tests {
		if a := call(t, s, "setWebhook", tt.params); a.OK || a.Description != tt.desc {
			t.Errorf("setWebhook(%v) = %+v, want %q", tt.params["url"], a, tt.desc)
		}
	}
}
