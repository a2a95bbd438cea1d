package tgfake

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for the limits and the 48-hour rule.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *fakeClock { return &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// apiAnswer is a decoded Bot API answer.
type apiAnswer struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

func newServer(t *testing.T, opts Options) *Server {
	t.Helper()
	s := New(opts)
	t.Cleanup(s.Close)
	return s
}

// call posts form parameters to a method, the way curl would.
func call(t *testing.T, s *Server, method string, params map[string]string) apiAnswer {
	t.Helper()
	form := url.Values{}
	for k, v := range params {
		form.Set(k, v)
	}
	resp, err := http.PostForm(s.URL()+"/bot"+s.Token()+"/"+method, form)
	if err != nil {
		t.Fatalf("calling %s: %v", method, err)
	}
	return decodeAnswer(t, resp)
}

// callJSON posts a JSON body to a method.
func callJSON(t *testing.T, s *Server, method string, body any) apiAnswer {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(s.URL()+"/bot"+s.Token()+"/"+method, "application/json", strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("calling %s: %v", method, err)
	}
	return decodeAnswer(t, resp)
}

func decodeAnswer(t *testing.T, resp *http.Response) apiAnswer {
	t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var a apiAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatalf("decoding %s: %v", body, err)
	}
	if !a.OK && a.ErrorCode != resp.StatusCode {
		t.Fatalf("error_code %d differs from HTTP status %d", a.ErrorCode, resp.StatusCode)
	}
	return a
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// uploadPhoto sends a photo as a multipart file upload, like the client does.
func uploadPhoto(t *testing.T, s *Server, chatID int64) apiAnswer {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	if err := w.WriteField("chat_id", strconv.FormatInt(chatID, 10)); err != nil {
		t.Fatal(err)
	}
	fw, err := w.CreateFormFile("photo", "pill.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fw.Write([]byte("\xff\xd8 not really a jpeg")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(s.URL()+"/bot"+s.Token()+"/sendPhoto", w.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	return decodeAnswer(t, resp)
}
