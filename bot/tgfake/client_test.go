package tgfake

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func newClient(t *testing.T, s *Server) *tg.Bot {
	t.Helper()
	b, err := tg.New(s.Token(), tg.WithServerURL(s.URL()))
	if err != nil {
		t.Fatalf("creating client (getMe): %v", err)
	}
	return b
}

func TestClientSendMessage(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(42, "fr")
	b := newClient(t, s)
	keyboard := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
		{{Text: "Yes", CallbackData: "v1:yes"}, {Text: "Site", URL: "https://example.org"}},
	}}
	tests := []struct {
		name    string
		params  *tg.SendMessageParams
		wantErr string // "" for success
		want    string // parsed text on success
	}{
		{name: "plain", params: &tg.SendMessageParams{ChatID: 42, Text: "Hello."}, want: "Hello."},
		{name: "markdownv2", params: &tg.SendMessageParams{ChatID: 42, Text: "*Alert* in FR\\-75\\.", ParseMode: models.ParseModeMarkdown}, want: "Alert in FR-75."},
		{name: "html", params: &tg.SendMessageParams{ChatID: 42, Text: "<b>Alert</b> &lt;3", ParseMode: models.ParseModeHTML}, want: "Alert <3"},
		{name: "keyboard", params: &tg.SendMessageParams{ChatID: 42, Text: "Choose", ReplyMarkup: keyboard}, want: "Choose"},
		{name: "unescaped dot", params: &tg.SendMessageParams{ChatID: 42, Text: "Batch warning.", ParseMode: models.ParseModeMarkdown},
			wantErr: "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'"},
		{name: "unknown html tag", params: &tg.SendMessageParams{ChatID: 42, Text: "<blink>now</blink>", ParseMode: models.ParseModeHTML},
			wantErr: "Bad Request: can't parse entities: Unsupported start tag \"blink\" at byte offset 0"},
		{name: "empty text", params: &tg.SendMessageParams{ChatID: 42, Text: ""}, wantErr: "Bad Request: message text is empty"},
		{name: "too long", params: &tg.SendMessageParams{ChatID: 42, Text: strings.Repeat("a", 4097)}, wantErr: "Bad Request: message is too long"},
		{name: "unknown chat", params: &tg.SendMessageParams{ChatID: 7, Text: "hi"}, wantErr: "Bad Request: chat not found"},
		{name: "long callback data", params: &tg.SendMessageParams{ChatID: 42, Text: "x", ReplyMarkup: &models.InlineKeyboardMarkup{
			InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "b", CallbackData: strings.Repeat("d", 65)}}}}},
			wantErr: "Bad Request: BUTTON_DATA_INVALID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := b.SendMessage(context.Background(), tt.params)
			if tt.wantErr != "" {
				if err == nil || !strings.HasSuffix(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want suffix %q", err, tt.wantErr)
				}
				if !errors.Is(err, tg.ErrorBadRequest) {
					t.Fatalf("error %v is not a bad request", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("SendMessage: %v", err)
			}
			if msg.Text != tt.want || msg.Chat.ID != 42 || msg.From == nil || !msg.From.IsBot || msg.Chat.Type != models.ChatTypePrivate {
				t.Fatalf("message = %+v", msg)
			}
			last, ok := s.LastBotMessage(42)
			if !ok || last.ID != msg.ID || last.Text != tt.want {
				t.Fatalf("last bot message = %+v, want id %d", last, msg.ID)
			}
		})
	}
	last, _ := s.LastBotMessage(42)
	if !last.HasCallbackButton("v1:yes") {
		// The keyboard message is the last successful one.
		t.Fatalf("keyboard not stored: %+v", last.Keyboard)
	}
}

func TestClientTooManyRequestsThenSuccess(t *testing.T) {
	clock := newClock()
	opts := DefaultOptions()
	opts.Now = clock.Now
	s := newServer(t, opts)
	s.AddUser(1, "en")
	b := newClient(t, s)
	ctx := context.Background()
	for i := range 3 { // the per-chat burst
		if _, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 1, Text: "hi"}); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	_, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 1, Text: "one too many"})
	var tooMany *tg.TooManyRequestsError
	if !errors.As(err, &tooMany) || tooMany.RetryAfter < 1 {
		t.Fatalf("error = %v, want 429 with retry_after", err)
	}
	clock.Advance(time.Duration(tooMany.RetryAfter) * time.Second)
	if _, err := b.SendMessage(ctx, &tg.SendMessageParams{ChatID: 1, Text: "after waiting"}); err != nil {
		t.Fatalf("send after retry_after: %v", err)
	}
	st := s.Stats()
	if st.TooManyRequests != 1 || st.CallsDuringRetryAfter != 0 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestClientPollingReceivesUpdates(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(5, "pt-br")
	got := make(chan *models.Update, 10)
	b, err := tg.New(s.Token(), tg.WithServerURL(s.URL()), tg.WithDefaultHandler(func(ctx context.Context, b *tg.Bot, u *models.Update) {
		got <- u
	}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(testContext(t))
	done := make(chan struct{})
	go func() { b.Start(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	s.SendCommand(5, "start flyer")
	select {
	case u := <-got:
		if u.Message == nil || u.Message.Text != "/start flyer" || u.Message.From.LanguageCode != "pt-br" ||
			len(u.Message.Entities) != 1 || u.Message.Entities[0].Type != models.MessageEntityTypeBotCommand {
			t.Fatalf("update = %+v", u.Message)
		}
		if u.Message.From.Username != "" || !strings.HasPrefix(u.Message.From.FirstName, "Person ") {
			t.Fatalf("user carries more than a neutral name: %+v", u.Message.From)
		}
	case <-ctx.Done():
		t.Fatal("no update received")
	}
}
