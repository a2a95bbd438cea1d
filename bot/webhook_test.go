package bot

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/people"
)

const testWebhookSecret = "s3cret_Token-for-tests"

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "updates", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestWebhookAnswers(t *testing.T) {
	store, _ := intakeStore(t)
	var handled atomic.Int64
	failNext := atomic.Bool{}
	h := handlerFunc(func(ctx context.Context, in Incoming) error {
		if failNext.CompareAndSwap(true, false) {
			return errors.New("database unavailable")
		}
		handled.Add(1)
		return nil
	})
	d := startDispatcher(t, h, store, DispatchConfig{}, nil, nil)
	wh, err := NewWebhook(d, testWebhookSecret, nil)
	if err != nil {
		t.Fatal(err)
	}

	text := readFixture(t, "text")
	tests := []struct {
		name        string
		method      string
		secret      string
		body        []byte
		failHandler bool
		want        int
		wantHandled int64 // handled updates after the request, cumulative
	}{
		{"GET is refused", http.MethodGet, testWebhookSecret, nil, false, http.StatusMethodNotAllowed, 0},
		{"missing secret", http.MethodPost, "", text, false, http.StatusUnauthorized, 0},
		{"wrong secret", http.MethodPost, testWebhookSecret + "x", text, false, http.StatusUnauthorized, 0},
		{"secret of another case", http.MethodPost, strings.ToUpper(testWebhookSecret), text, false, http.StatusUnauthorized, 0},
		{"not JSON", http.MethodPost, testWebhookSecret, []byte("update_id=1"), false, http.StatusBadRequest, 0},
		{"wrong JSON type", http.MethodPost, testWebhookSecret, []byte(`{"update_id":"one"}`), false, http.StatusBadRequest, 0},
		{"empty body", http.MethodPost, testWebhookSecret, nil, false, http.StatusBadRequest, 0},
		{"over 1 MiB", http.MethodPost, testWebhookSecret, []byte(`{"update_id":1,"x":"` + strings.Repeat("a", 1<<20) + `"}`), false, http.StatusRequestEntityTooLarge, 0},
		{"unhandled kind is acknowledged", http.MethodPost, testWebhookSecret, readFixture(t, "inline_query"), false, http.StatusOK, 0},
		{"handler fails: 500 for redelivery", http.MethodPost, testWebhookSecret, text, true, http.StatusInternalServerError, 0},
		{"redelivery handled", http.MethodPost, testWebhookSecret, text, false, http.StatusOK, 1},
		{"duplicate acknowledged, not handled", http.MethodPost, testWebhookSecret, text, false, http.StatusOK, 1},
		{"another update", http.MethodPost, testWebhookSecret, readFixture(t, "callback"), false, http.StatusOK, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			failNext.Store(tt.failHandler)
			req := httptest.NewRequest(tt.method, "/telegram/webhook", bytes.NewReader(tt.body))
			if tt.secret != "" {
				req.Header.Set(SecretHeader, tt.secret)
			}
			rec := httptest.NewRecorder()
			wh.ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Errorf("status = %d, want %d (%s)", rec.Code, tt.want, rec.Body)
			}
			if tt.want == http.StatusMethodNotAllowed && rec.Header().Get("Allow") != http.MethodPost {
				t.Errorf("Allow = %q", rec.Header().Get("Allow"))
			}
			// The answer comes after the handling: the count is final here.
			if got := handled.Load(); got != tt.wantHandled {
				t.Errorf("handled = %d, want %d", got, tt.wantHandled)
			}
		})
	}
}

func TestWebhookAnswersAfterHandling(t *testing.T) {
	store, _ := intakeStore(t)
	entered, release := make(chan struct{}), make(chan struct{})
	d := startDispatcher(t, handlerFunc(func(ctx context.Context, in Incoming) error {
		close(entered)
		<-release
		return nil
	}), store, DispatchConfig{}, nil, nil)
	wh, err := NewWebhook(d, testWebhookSecret, nil)
	if err != nil {
		t.Fatal(err)
	}
	answered := make(chan int, 1)
	go func() {
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(readFixture(t, "text")))
		req.Header.Set(SecretHeader, testWebhookSecret)
		rec := httptest.NewRecorder()
		wh.ServeHTTP(rec, req)
		answered <- rec.Code
	}()
	<-entered
	select {
	case code := <-answered:
		t.Fatalf("answered %d while the handler was still running", code)
	default:
	}
	close(release)
	if code := <-answered; code != http.StatusOK {
		t.Fatalf("answered %d, want 200", code)
	}
}

func TestNewWebhookChecksSecret(t *testing.T) {
	for _, secret := range []string{"", "has space", "é", strings.Repeat("a", 257)} {
		if _, err := NewWebhook(nil, secret, nil); err == nil {
			t.Errorf("NewWebhook accepted secret %q", secret)
		}
	}
	if _, err := NewWebhook(nil, "A-z_09", nil); err != nil {
		t.Errorf("NewWebhook refused a valid secret: %v", err)
	}
}

// TestWebhookEndToEnd registers the webhook with the fake Bot API, which then
// posts updates like Telegram: a failed handling is answered 500, the fake
// redelivers, and the update is confirmed only once handled.
func TestWebhookEndToEnd(t *testing.T) {
	fake := tgfake.New(tgfake.Options{})
	t.Cleanup(fake.Close)
	store, _ := intakeStore(t)

	var calls atomic.Int64
	got := make(chan Incoming, 10)
	d := startDispatcher(t, handlerFunc(func(ctx context.Context, in Incoming) error {
		if calls.Add(1) == 1 {
			return errors.New("first attempt fails")
		}
		got <- in
		return nil
	}), store, DispatchConfig{}, nil, nil)
	wh, err := NewWebhook(d, testWebhookSecret, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(wh)
	t.Cleanup(srv.Close)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	api, err := tgbot.New(fake.Token(), tgbot.WithServerURL(fake.URL()), tgbot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	if err := SetWebhook(ctx, api, srv.URL+"/telegram", testWebhookSecret); err != nil {
		t.Fatalf("SetWebhook: %v", err)
	}
	setCalls := fake.CallsTo("setWebhook")
	if len(setCalls) != 1 {
		t.Fatalf("setWebhook calls = %d", len(setCalls))
	}
	if p := setCalls[0].Params; p["secret_token"] != testWebhookSecret ||
		!strings.Contains(p["allowed_updates"], `"message"`) || !strings.Contains(p["allowed_updates"], `"callback_query"`) ||
		!strings.Contains(p["allowed_updates"], `"my_chat_member"`) || strings.Contains(p["allowed_updates"], "edited_message") {
		t.Errorf("setWebhook params = %v", p)
	}

	fake.AddUser(4242, "pt-br")
	id := fake.SendText(4242, "/start src_flyer12")
	select {
	case in := <-got:
		want := Incoming{UpdateID: id, Chat: people.ChatID(4242), From: people.ChatID(4242), Kind: KindCommand, Command: "start", Payload: "src_flyer12", LanguageCode: "pt-br", Private: true, MessageID: in.MessageID}
		if in != want || in.MessageID == 0 {
			t.Errorf("handled %+v, want %+v", in, want)
		}
	case <-ctx.Done():
		t.Fatal("the update was not handled after its redelivery")
	}
	if err := fake.Wait(ctx, func() bool { return fake.PendingUpdates() == 0 }); err != nil {
		t.Fatalf("the fake still holds the update: %v", err)
	}
	if calls.Load() != 2 {
		t.Errorf("handler called %d times, want 2", calls.Load())
	}
}

func TestSetWebhookRedactsToken(t *testing.T) {
	fake := tgfake.New(tgfake.Options{})
	fakeURL := fake.URL()
	fake.Close() // nothing listens any more: the call fails in transport
	api, err := tgbot.New(tgfake.DefaultToken, tgbot.WithServerURL(fakeURL), tgbot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	err = SetWebhook(context.Background(), api, "https://example.org/hook", testWebhookSecret)
	if err == nil {
		t.Fatal("SetWebhook succeeded against a closed server")
	}
	if strings.Contains(err.Error(), tgfake.DefaultToken) {
		t.Errorf("error carries the token: %v", err)
	}
	if err := SetWebhook(context.Background(), api, "https://example.org/hook", "bad secret"); err == nil {
		t.Error("SetWebhook accepted a secret Telegram refuses")
	}
}

func TestRedactError(t *testing.T) {
	const token = "123:ABC"
	_, err := http.Get("http://127.0.0.1:1/bot" + token + "/getUpdates")
	if err == nil {
		t.Skip("something listens on port 1")
	}
	red := redactError(err, token)
	if strings.Contains(red.Error(), token) || !strings.Contains(red.Error(), "<token>") {
		t.Errorf("redacted error = %q", red)
	}
	for e := errors.Unwrap(red); e != nil; e = errors.Unwrap(e) {
		if strings.Contains(e.Error(), token) {
			t.Errorf("unwrapped error carries the token: %q", e)
		}
	}
}
