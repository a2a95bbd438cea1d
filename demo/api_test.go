package demo

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/bot/tgfake"
)

// waitFor bounds every wait for something to happen; it is a deadline for
// a condition, not a delay.
const waitFor = 10 * time.Second

// harness is a web chat in front of a real fake Telegram.
type harness struct {
	t      *testing.T
	fake   *tgfake.Server
	chat   *httptest.Server
	offset int64 // next getUpdates offset
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessWith(t, nil)
}

// newHarnessWith is newHarness with a partner console.
func newHarnessWith(t *testing.T, console *Console) *harness {
	t.Helper()
	fake := tgfake.New(tgfake.Options{})
	t.Cleanup(fake.Close)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	chat := httptest.NewServer(NewWebChat(fake, log, console))
	t.Cleanup(chat.Close)
	return &harness{t: t, fake: fake, chat: chat}
}

// do calls the web chat's API and decodes a JSON answer into out (if set).
func (h *harness) do(method, path, body string, out any) *http.Response {
	h.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(h.t.Context(), method, h.chat.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			h.t.Fatalf("%s %s: decoding %q: %v", method, path, raw, err)
		}
	}
	return resp
}

// addPerson adds a person with the given app language and returns them.
func (h *harness) addPerson(language string) person {
	h.t.Helper()
	var p person
	resp := h.do("POST", "/demo/api/people", fmt.Sprintf(`{"language":%q}`, language), &p)
	if resp.StatusCode != http.StatusCreated {
		h.t.Fatalf("adding a person: status %d", resp.StatusCode)
	}
	return p
}

// botCall calls the fake's Bot API over HTTP, as the bot does, and returns
// the decoded answer.
func (h *harness) botCall(method string, params any) botAnswer {
	h.t.Helper()
	body, err := json.Marshal(params)
	if err != nil {
		h.t.Fatal(err)
	}
	url := fmt.Sprintf("%s/bot%s/%s", h.fake.URL(), h.fake.Token(), method)
	req, err := http.NewRequestWithContext(h.t.Context(), "POST", url, bytes.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatalf("%s: %v", method, err)
	}
	defer resp.Body.Close()
	var a botAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		h.t.Fatalf("%s: decoding answer: %v", method, err)
	}
	return a
}

// botAnswer is a Bot API response.
type botAnswer struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
}

// update holds the parts of a Bot API Update the tests look at.
type update struct {
	UpdateID int64 `json:"update_id"`
	Message  *struct {
		MessageID int    `json:"message_id"`
		Text      string `json:"text"`
		From      struct {
			ID           int64  `json:"id"`
			LanguageCode string `json:"language_code"`
		} `json:"from"`
		Chat struct {
			ID int64 `json:"id"`
		} `json:"chat"`
		Sticker json.RawMessage `json:"sticker"`
		Voice   json.RawMessage `json:"voice"`
		Photo   json.RawMessage `json:"photo"`
	} `json:"message"`
	CallbackQuery *struct {
		ID   string `json:"id"`
		Data string `json:"data"`
		From struct {
			ID int64 `json:"id"`
		} `json:"from"`
		Message struct {
			MessageID int `json:"message_id"`
		} `json:"message"`
	} `json:"callback_query"`
	MyChatMember *struct {
		NewChatMember struct {
			Status string `json:"status"`
		} `json:"new_chat_member"`
	} `json:"my_chat_member"`
}

// nextUpdate long-polls the fake's getUpdates, as the bot does, until one
// update arrives, and acknowledges it.
func (h *harness) nextUpdate() update {
	h.t.Helper()
	deadline := time.Now().Add(waitFor)
	for time.Now().Before(deadline) {
		a := h.botCall("getUpdates", map[string]any{"offset": h.offset, "timeout": 2, "limit": 1})
		if !a.OK {
			h.t.Fatalf("getUpdates: %d %s", a.ErrorCode, a.Description)
		}
		var us []update
		if err := json.Unmarshal(a.Result, &us); err != nil {
			h.t.Fatal(err)
		}
		if len(us) > 0 {
			h.offset = us[0].UpdateID + 1
			return us[0]
		}
	}
	h.t.Fatalf("no update within %v", waitFor)
	return update{}
}

// sse is an open event stream of the web chat.
type sse struct {
	events chan sseEvent
}

// sseEvent is one received Server-Sent Event.
type sseEvent struct {
	Name string
	Data string
}

// stream opens the event stream and returns once it is subscribed (the
// server's ": ready" comment has arrived).
func (h *harness) stream() *sse {
	h.t.Helper()
	ctx, cancel := context.WithCancel(h.t.Context())
	h.t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, "GET", h.chat.URL+"/demo/api/events", nil)
	if err != nil {
		h.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { resp.Body.Close() })
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		h.t.Fatalf("event stream Content-Type %q", ct)
	}
	s := &sse{events: make(chan sseEvent, 64)}
	ready := make(chan struct{})
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(resp.Body)
		var cur sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == ": ready":
				close(ready)
			case strings.HasPrefix(line, "event: "):
				cur.Name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				cur.Data = strings.TrimPrefix(line, "data: ")
			case line == "" && cur.Name != "":
				s.events <- cur
				cur = sseEvent{}
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(waitFor):
		h.t.Fatal("event stream not ready")
	}
	return s
}

// next returns the first event named name that satisfies match, skipping
// others, or fails the test at the deadline.
func (s *sse) next(t *testing.T, name string, match func(data string) bool) string {
	t.Helper()
	timeout := time.After(waitFor)
	for {
		select {
		case e, ok := <-s.events:
			if !ok {
				t.Fatalf("event stream closed while waiting for %q", name)
			}
			if e.Name == name && match(e.Data) {
				return e.Data
			}
		case <-timeout:
			t.Fatalf("no %q event within %v", name, waitFor)
		}
	}
}

// checkProblem checks that resp is a problem answer with the given status
// and field.
func checkProblem(t *testing.T, resp *http.Response, p problem, status int, field string) {
	t.Helper()
	if resp.StatusCode != status {
		t.Errorf("status %d, want %d (%+v)", resp.StatusCode, status, p)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	if p.Status != status || p.Title == "" || p.Detail == "" {
		t.Errorf("problem %+v: want status %d, a title and a detail", p, status)
	}
	if p.Field != field {
		t.Errorf("problem field %q, want %q (%+v)", p.Field, field, p)
	}
}

func TestPeople(t *testing.T) {
	h := newHarness(t)
	langs := []string{"en", "pt", "de", ""}
	var added []person
	for _, l := range langs {
		added = append(added, h.addPerson(l))
	}
	var named person
	if resp := h.do("POST", "/demo/api/people", `{"language":"UK","name":"  Olena  "}`, &named); resp.StatusCode != http.StatusCreated {
		t.Fatalf("adding a named person: status %d", resp.StatusCode)
	}
	if named.Name != "Olena" || named.Language != "uk" {
		t.Errorf("named person %+v, want name Olena and language uk", named)
	}
	added = append(added, named)

	var listed []person
	if resp := h.do("GET", "/demo/api/people", "", &listed); resp.StatusCode != http.StatusOK {
		t.Fatalf("listing people: status %d", resp.StatusCode)
	}
	if len(listed) != len(added) {
		t.Fatalf("listed %d people, added %d", len(listed), len(added))
	}
	seen := map[int64]bool{}
	for i, p := range listed {
		if p != added[i] {
			t.Errorf("person %d listed as %+v, added as %+v", i, p, added[i])
		}
		if seen[p.ID] {
			t.Errorf("id %d given twice", p.ID)
		}
		seen[p.ID] = true
		if i < len(langs) && p.Language != langs[i] {
			t.Errorf("person %d has language %q, want %q", i, p.Language, langs[i])
		}
		if p.Name == "" {
			t.Errorf("person %d has no name", i)
		}
	}
}

func TestSendTextReachesTheBot(t *testing.T) {
	h := newHarness(t)
	p := h.addPerson("pt")
	s := h.stream()

	for _, text := range []string{"/start", "olá, preciso de ajuda"} {
		var m message
		resp := h.do("POST", fmt.Sprintf("/demo/api/people/%d/text", p.ID), fmt.Sprintf(`{"text":%q}`, text), &m)
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("sending %q: status %d", text, resp.StatusCode)
		}
		if m.From != "person" || m.Text != text || m.ID == 0 {
			t.Errorf("sent message %+v, want the person's %q", m, text)
		}
		u := h.nextUpdate()
		if u.Message == nil {
			t.Fatalf("update %+v has no message", u)
		}
		if u.Message.Text != text || u.Message.From.ID != p.ID || u.Message.Chat.ID != p.ID || u.Message.From.LanguageCode != "pt" {
			t.Errorf("update message %+v, want %q from %d in pt", u.Message, text, p.ID)
		}
		if u.Message.MessageID != m.ID {
			t.Errorf("update message id %d, API said %d", u.Message.MessageID, m.ID)
		}
		// The person's own messages stream too, so a second tab sees them.
		s.next(t, "message", func(d string) bool {
			var e messageEvent
			return json.Unmarshal([]byte(d), &e) == nil && e.PersonID == p.ID && e.Message.ID == m.ID && e.Message.Text == text
		})
	}
}

// sendKeyboard posts, as the bot would, an HTML message with one callback
// button, sent silently.
func (h *harness) sendKeyboard(chatID int64, data string) int {
	h.t.Helper()
	a := h.botCall("sendMessage", map[string]any{
		"chat_id":              chatID,
		"text":                 `<b>Olá</b> <i>amigo</i> <a href="https://example.org/help">ajuda</a>`,
		"parse_mode":           "HTML",
		"disable_notification": true,
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]any{{
			{"text": "Sim", "callback_data": data},
			{"text": "Site", "url": "https://example.org"},
		}}},
	})
	if !a.OK {
		h.t.Fatalf("sendMessage: %d %s", a.ErrorCode, a.Description)
	}
	var sent struct {
		MessageID int `json:"message_id"`
	}
	if err := json.Unmarshal(a.Result, &sent); err != nil || sent.MessageID == 0 {
		h.t.Fatalf("sendMessage result %s: %v", a.Result, err)
	}
	return sent.MessageID
}

func TestBotMessageWithKeyboard(t *testing.T) {
	h := newHarness(t)
	p := h.addPerson("pt")
	s := h.stream()
	id := h.sendKeyboard(p.ID, "v1:yes")

	check := func(where string, m message) {
		t.Helper()
		if m.ID != id || m.From != "bot" || m.Kind != "text" || m.Text != "Olá amigo ajuda" || !m.Silent || m.Edited {
			t.Errorf("%s: message %+v, want the bot's silent text %d", where, m, id)
		}
		wantEnt := []tgfake.Entity{
			{Type: "bold", Offset: 0, Length: 3},
			{Type: "italic", Offset: 4, Length: 5},
			{Type: "text_link", Offset: 10, Length: 5, URL: "https://example.org/help"},
		}
		if fmt.Sprint(m.Entities) != fmt.Sprint(wantEnt) {
			t.Errorf("%s: entities %+v, want %+v", where, m.Entities, wantEnt)
		}
		wantKB := [][]button{{{Text: "Sim", Data: "v1:yes"}, {Text: "Site", URL: "https://example.org"}}}
		if fmt.Sprint(m.Keyboard) != fmt.Sprint(wantKB) {
			t.Errorf("%s: keyboard %+v, want %+v", where, m.Keyboard, wantKB)
		}
	}

	data := s.next(t, "message", func(d string) bool {
		var e messageEvent
		return json.Unmarshal([]byte(d), &e) == nil && e.Message.ID == id
	})
	var e messageEvent
	if err := json.Unmarshal([]byte(data), &e); err != nil {
		t.Fatal(err)
	}
	if e.PersonID != p.ID {
		t.Errorf("event for person %d, want %d", e.PersonID, p.ID)
	}
	check("event", e.Message)

	var msgs []message
	if resp := h.do("GET", fmt.Sprintf("/demo/api/people/%d/messages", p.ID), "", &msgs); resp.StatusCode != http.StatusOK {
		t.Fatalf("listing messages: status %d", resp.StatusCode)
	}
	if len(msgs) != 1 {
		t.Fatalf("listed %d messages, want 1: %+v", len(msgs), msgs)
	}
	check("list", msgs[0])
}

func TestPressButton(t *testing.T) {
	h := newHarness(t)
	p := h.addPerson("nl")
	s := h.stream()
	id := h.sendKeyboard(p.ID, "v1:yes")

	path := fmt.Sprintf("/demo/api/people/%d/press", p.ID)
	if resp := h.do("POST", path, fmt.Sprintf(`{"message_id":%d,"data":"v1:yes"}`, id), nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("pressing: status %d", resp.StatusCode)
	}
	u := h.nextUpdate()
	if u.CallbackQuery == nil {
		t.Fatalf("update %+v has no callback_query", u)
	}
	if cq := u.CallbackQuery; cq.Data != "v1:yes" || cq.From.ID != p.ID || cq.Message.MessageID != id {
		t.Errorf("callback query %+v, want v1:yes on %d from %d", cq, id, p.ID)
	}
	if a := h.botCall("answerCallbackQuery", map[string]any{"callback_query_id": u.CallbackQuery.ID, "text": "Obrigado"}); !a.OK {
		t.Fatalf("answerCallbackQuery: %s", a.Description)
	}
	s.next(t, "notice", func(d string) bool {
		var e noticeEvent
		return json.Unmarshal([]byte(d), &e) == nil && e.PersonID == p.ID && e.Text == "Obrigado" && !e.Alert
	})

	// The bot replaces the menu: the old button is gone, as after a restart.
	if a := h.botCall("editMessageText", map[string]any{"chat_id": p.ID, "message_id": id, "text": "Feito"}); !a.OK {
		t.Fatalf("editMessageText: %s", a.Description)
	}
	s.next(t, "message", func(d string) bool {
		var e messageEvent
		return json.Unmarshal([]byte(d), &e) == nil && e.Message.ID == id && e.Message.Edited &&
			e.Message.Text == "Feito" && len(e.Message.Keyboard) == 0
	})

	stale := []struct {
		name string
		body string
	}{
		{"button no longer there", fmt.Sprintf(`{"message_id":%d,"data":"v1:yes"}`, id)},
		{"data never on the message", fmt.Sprintf(`{"message_id":%d,"data":"v1:other"}`, id)},
		{"no such message", `{"message_id":99999,"data":"v1:yes"}`},
	}
	for _, tt := range stale {
		t.Run(tt.name, func(t *testing.T) {
			var pr problem
			resp := h.do("POST", path, tt.body, &pr)
			if resp.StatusCode < 400 || resp.StatusCode >= 500 {
				t.Fatalf("stale press: status %d, want 4xx", resp.StatusCode)
			}
			checkProblem(t, resp, pr, resp.StatusCode, "message_id")
		})
	}
}

func TestDeletedMessage(t *testing.T) {
	h := newHarness(t)
	p := h.addPerson("pl")
	s := h.stream()
	id := h.sendKeyboard(p.ID, "v1:x")
	if a := h.botCall("deleteMessage", map[string]any{"chat_id": p.ID, "message_id": id}); !a.OK {
		t.Fatalf("deleteMessage: %s", a.Description)
	}
	s.next(t, "deleted", func(d string) bool {
		var e deletedEvent
		return json.Unmarshal([]byte(d), &e) == nil && e.PersonID == p.ID && e.MessageID == id
	})
	var msgs []message
	h.do("GET", fmt.Sprintf("/demo/api/people/%d/messages", p.ID), "", &msgs)
	if len(msgs) != 0 {
		t.Errorf("messages after delete: %+v, want none", msgs)
	}
}

func TestMediaReachTheBot(t *testing.T) {
	tests := []struct {
		media string
		got   func(u update) bool
	}{
		{"sticker", func(u update) bool { return len(u.Message.Sticker) > 0 }},
		{"voice", func(u update) bool { return len(u.Message.Voice) > 0 }},
		{"photo", func(u update) bool { return len(u.Message.Photo) > 0 }},
	}
	h := newHarness(t)
	p := h.addPerson("lt")
	for _, tt := range tests {
		t.Run(tt.media, func(t *testing.T) {
			var m message
			resp := h.do("POST", fmt.Sprintf("/demo/api/people/%d/%s", p.ID, tt.media), "", &m)
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if m.Kind != tt.media || m.From != "person" {
				t.Errorf("message %+v, want the person's %s", m, tt.media)
			}
			u := h.nextUpdate()
			if u.Message == nil || !tt.got(u) {
				t.Errorf("update %+v carries no %s", u, tt.media)
			}
		})
	}
}

func TestBlockAndUnblock(t *testing.T) {
	h := newHarness(t)
	p := h.addPerson("el")
	s := h.stream()
	steps := []struct {
		action string
		status string
		sendOK bool
	}{
		{"block", "kicked", false},
		{"unblock", "member", true},
	}
	for _, st := range steps {
		var got person
		if resp := h.do("POST", fmt.Sprintf("/demo/api/people/%d/%s", p.ID, st.action), "", &got); resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", st.action, resp.StatusCode)
		}
		if got.Blocked != (st.action == "block") {
			t.Errorf("%s: person %+v", st.action, got)
		}
		s.next(t, "person", func(d string) bool {
			var q person
			return json.Unmarshal([]byte(d), &q) == nil && q.ID == p.ID && q.Blocked == got.Blocked
		})
		u := h.nextUpdate()
		if u.MyChatMember == nil || u.MyChatMember.NewChatMember.Status != st.status {
			t.Errorf("%s: update %+v, want my_chat_member %s", st.action, u, st.status)
		}
		a := h.botCall("sendMessage", map[string]any{"chat_id": p.ID, "text": "hello"})
		if a.OK != st.sendOK {
			t.Errorf("%s: bot send ok=%v (%s), want %v", st.action, a.OK, a.Description, st.sendOK)
		}
	}
}

func TestBadRequests(t *testing.T) {
	h := newHarness(t)
	p := h.addPerson("ru")
	base := fmt.Sprintf("/demo/api/people/%d", p.ID)
	tests := []struct {
		name   string
		method string
		path   string
		body   string
		status int
		field  string
	}{
		{"bad JSON", "POST", "/demo/api/people", `{"language":`, 400, ""},
		{"wrong type", "POST", "/demo/api/people", `{"language":5}`, 400, "language"},
		{"unknown field", "POST", "/demo/api/people", `{"lang":"en"}`, 400, "lang"},
		{"bad language", "POST", "/demo/api/people", `{"language":"english please"}`, 400, "language"},
		{"long name", "POST", "/demo/api/people", `{"name":"` + strings.Repeat("n", 65) + `"}`, 400, "name"},
		{"two values", "POST", "/demo/api/people", `{} {}`, 400, ""},
		{"id not a number", "GET", "/demo/api/people/abc/messages", "", 400, "id"},
		{"unknown person", "GET", "/demo/api/people/42/messages", "", 404, "id"},
		{"unknown person text", "POST", "/demo/api/people/42/text", `{"text":"hi"}`, 404, "id"},
		{"unknown person block", "POST", "/demo/api/people/42/block", "", 404, "id"},
		{"empty text", "POST", base + "/text", `{"text":"  "}`, 400, "text"},
		{"missing text", "POST", base + "/text", `{}`, 400, "text"},
		{"long text", "POST", base + "/text", `{"text":"` + strings.Repeat("é", 4097) + `"}`, 400, "text"},
		{"press without message", "POST", base + "/press", `{"data":"x"}`, 400, "message_id"},
		{"press without data", "POST", base + "/press", `{"message_id":1}`, 400, "data"},
		{"press long data", "POST", base + "/press", `{"message_id":1,"data":"` + strings.Repeat("d", 65) + `"}`, 400, "data"},
		{"press data type", "POST", base + "/press", `{"message_id":"1","data":"x"}`, 400, "message_id"},
		{"unknown media", "POST", base + "/video", "", 404, ""},
		{"unknown endpoint", "GET", "/demo/api/nothing", "", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pr problem
			resp := h.do(tt.method, tt.path, tt.body, &pr)
			checkProblem(t, resp, pr, tt.status, tt.field)
		})
	}
	// Nothing of the refused requests reached the bot.
	if a := h.botCall("getUpdates", map[string]any{"offset": 0, "timeout": 0}); !a.OK || string(a.Result) != "[]" {
		t.Errorf("updates after refused requests: %s %s", a.Result, a.Description)
	}
}

func TestPageAndAssets(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		path     string
		wantType string
		contains string
	}{
		{"/", "text/html; charset=utf-8", "Add a person"},
		{"/", "text/html; charset=utf-8", "Partner console"},
		{"/static/app.js", "text/javascript; charset=utf-8", "console/alerts"},
		{"/static/app.js", "text/javascript; charset=utf-8", "EventSource"},
		{"/static/render.js", "text/javascript; charset=utf-8", "renderEntities"},
		{"/static/app.css", "text/css; charset=utf-8", "@media"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := http.Get(h.chat.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if ct := resp.Header.Get("Content-Type"); ct != tt.wantType {
				t.Errorf("Content-Type %q, want %q", ct, tt.wantType)
			}
			if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") {
				t.Errorf("no CSP limiting the page to itself")
			}
			if !bytes.Contains(body, []byte(tt.contains)) {
				t.Errorf("body does not contain %q", tt.contains)
			}
		})
	}
	if resp, err := http.Get(h.chat.URL + "/nothing-here"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown page: %v %v, want 404", resp.StatusCode, err)
	}
}

func TestStreamShowsOnlyTheDemoPeople(t *testing.T) {
	h := newHarness(t)
	p := h.addPerson("en")
	s := h.stream()
	// Someone the fake knows but the demo did not add, e.g. from a test
	// script driving the same fake.
	const stranger = 555
	h.fake.AddUser(stranger, "en")
	if a := h.botCall("sendMessage", map[string]any{"chat_id": stranger, "text": "not for the page"}); !a.OK {
		t.Fatalf("sendMessage: %s", a.Description)
	}
	if a := h.botCall("sendChatAction", map[string]any{"chat_id": p.ID, "action": "typing"}); !a.OK {
		t.Fatalf("sendChatAction: %s", a.Description)
	}
	// Events arrive in order, so the stranger's message, sent first,
	// would come before the typing action.
	select {
	case e := <-s.events:
		var a actionEvent
		if e.Name != "action" || json.Unmarshal([]byte(e.Data), &a) != nil || a.PersonID != p.ID || a.Action != "typing" {
			t.Errorf("first event %s %s, want the typing action for %d", e.Name, e.Data, p.ID)
		}
	case <-time.After(waitFor):
		t.Fatal("no event")
	}
	if resp := h.do("GET", fmt.Sprintf("/demo/api/people/%d/messages", stranger), "", nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("stranger's messages: status %d, want 404", resp.StatusCode)
	}
}
