// Package tgfake is a strict fake of the Telegram Bot API for tests and for
// `peerbot demo`. It validates every call against a table generated from
// the Bot API reference and rejects what Telegram rejects, in Telegram's
// own wording: missing parameters, wrong types, over-long texts and
// captions, MarkdownV2 and HTML that does not parse, malformed keyboards,
// sends over the rate limits (429 with retry_after), sends to people who
// blocked the bot. Tests drive the people's side through AddUser, SendText,
// PressButton, Block... and read the chats back with Messages and
// WaitForBotMessage.
package tgfake

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configure a Server. The zero value is a fake with no rate limits;
// DefaultOptions has Telegram's.
type Options struct {
	// Token is the bot token the fake accepts; empty means DefaultToken.
	Token string
	// BotUsername is the bot's username in getMe; empty means "peerbot_test_bot".
	BotUsername string
	// GlobalPerSecond limits messages per second across all chats;
	// PerChatPerSecond limits them per chat. 0 means unlimited.
	GlobalPerSecond  float64
	PerChatPerSecond float64
	// GlobalBurst and PerChatBurst are how many messages may go at once
	// before the rate applies; 0 means one second's worth (at least 1).
	GlobalBurst  int
	PerChatBurst int
	// PaidPerSecond limits sends with allow_paid_broadcast, which Telegram
	// lets exceed the global limit (up to 1000 per second) for Stars; they
	// take from this bucket instead of the global one. 0 means unlimited.
	PaidPerSecond float64
	// Latency delays every answer, to make slowness visible in tests.
	Latency time.Duration
	// Now is the clock used for dates, the 48-hour deletion rule and the
	// rate limits; nil means time.Now. Tests can move it forward instead
	// of sleeping through a retry_after.
	Now func() time.Time
	// WebhookRetryDelay is the first delay before redelivering an update
	// the webhook did not accept; it doubles up to 2 seconds. 0 means 50ms.
	WebhookRetryDelay time.Duration
	// Logger receives the fake's own diagnostics; nil discards them.
	Logger *slog.Logger
}

// DefaultToken is the token a Server accepts when Options.Token is empty.
const DefaultToken = "1234567890:AAFakeTokenForPeerbotTests-0123456789"

// DefaultOptions are Telegram's documented broadcast limits: about 30
// messages per second overall and one per second in a chat, with a small
// burst.
func DefaultOptions() Options {
	return Options{GlobalPerSecond: 30, PerChatPerSecond: 1, GlobalBurst: 30, PerChatBurst: 3, PaidPerSecond: 1000}
}

// Server is a running fake Bot API. All its methods are safe for
// concurrent use.
type Server struct {
	opts   Options
	spec   *Spec
	http   *httptest.Server
	token  string
	botID  int64
	logger *slog.Logger

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every state change
	closed  bool

	users        map[int64]*user
	chats        map[int64]*chat
	nextUpdateID int64
	nextUserNo   int
	updates      []queuedUpdate
	// updatesGen counts changes to the update queue and to webhook
	// deliveries, so the webhook pusher rescans only when they change.
	updatesGen   uint64
	pollGen      int64
	hook         *webhook
	commands     map[commandKey][]BotCommand
	descriptions map[string]string
	shortDescs   map[string]string
	callbacks    map[string]*CallbackQuery
	nextCallback int64
	files        map[string]string // known file_id -> kind
	fileData     map[string][]byte // contents of files people sent or the bot uploaded
	nextFile     int64
	calls        []Call
	stats        Stats
	limits       *limiter
	faults       []*Fault
	latency      time.Duration
	subs         map[int]*subscriber
	nextSub      int
	wg           sync.WaitGroup // webhook deliveries
}

// New starts a fake Bot API on a local port. Call Close when done.
func New(opts Options) *Server {
	sp, err := loadSpec()
	if err != nil {
		// The table is embedded at build time; failing to decode it is a
		// programming error caught by the package's own tests.
		panic(err)
	}
	if opts.Token == "" {
		opts.Token = DefaultToken
	}
	if opts.BotUsername == "" {
		opts.BotUsername = "peerbot_test_bot"
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.WebhookRetryDelay <= 0 {
		opts.WebhookRetryDelay = 50 * time.Millisecond
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	botID, _ := strconv.ParseInt(strings.Split(opts.Token, ":")[0], 10, 64)
	s := &Server{
		opts:         opts,
		spec:         sp,
		token:        opts.Token,
		botID:        botID,
		logger:       logger.With("component", "tgfake"),
		changed:      make(chan struct{}),
		users:        map[int64]*user{},
		chats:        map[int64]*chat{},
		nextUpdateID: 100000,
		commands:     map[commandKey][]BotCommand{},
		descriptions: map[string]string{},
		shortDescs:   map[string]string{},
		callbacks:    map[string]*CallbackQuery{},
		files:        map[string]string{},
		fileData:     map[string][]byte{},
		stats:        Stats{Calls: map[string]int{}},
		limits:       newLimiter(opts),
		latency:      opts.Latency,
		subs:         map[int]*subscriber{},
	}
	s.http = httptest.NewServer(s)
	return s
}

// URL is the base URL to give the bot client (bot.WithServerURL).
func (s *Server) URL() string { return s.http.URL }

// Token is the token the fake accepts; any other gets 401 Unauthorized.
func (s *Server) Token() string { return s.token }

// BotID is the bot's user id (the number before the colon of the token).
func (s *Server) BotID() int64 { return s.botID }

// Close stops the server, ending long polls and webhook deliveries.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	if s.hook != nil {
		s.hook.cancel()
		s.hook = nil
	}
	for id, sub := range s.subs {
		sub.close()
		delete(s.subs, id)
	}
	s.notifyLocked()
	s.mu.Unlock()
	s.wg.Wait()
	s.http.Close()
}

// notifyLocked wakes everything waiting for a state change. s.mu is held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// ServeHTTP answers /bot{token}/{method}.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if path, isFile := strings.CutPrefix(r.URL.Path, "/file/bot"); isFile {
		s.serveFile(w, path)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || method == "" || strings.Contains(method, "/") {
		writeError(w, &apiError{Code: http.StatusNotFound, Description: "Not Found"})
		return
	}
	if token != s.token {
		writeError(w, &apiError{Code: http.StatusUnauthorized, Description: "Unauthorized"})
		return
	}
	if d := s.currentLatency(); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	canon, fields, known := s.spec.method(method)
	if !known {
		s.record(Call{Method: method, Status: http.StatusNotFound, Description: "Not Found"})
		writeError(w, &apiError{Code: http.StatusNotFound, Description: "Not Found"})
		return
	}
	req, aerr := readRequest(r, canon)
	if aerr == nil {
		aerr = s.injectedFault(req)
	}
	if aerr == nil {
		aerr = s.spec.validate(req, fields)
	}
	var result any
	var description string
	if aerr == nil {
		result, description, aerr = s.dispatch(r, req)
	}
	call := Call{Method: canon, Status: http.StatusOK, Description: description}
	if req != nil {
		call.Params = req.params
		for name := range req.files {
			call.Files = append(call.Files, name)
		}
	}
	if aerr != nil {
		call.Status, call.Description = aerr.Code, aerr.Description
	}
	s.record(call)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": result, "description": omitEmpty(description)})
}

func omitEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func writeError(w http.ResponseWriter, e *apiError) {
	body := map[string]any{"ok": false, "error_code": e.Code, "description": e.Description}
	if e.RetryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": e.RetryAfter}
	}
	writeJSON(w, e.Code, body)
}

func writeJSON(w http.ResponseWriter, status int, body map[string]any) {
	for k, v := range body {
		if v == nil {
			delete(body, k)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(body); err != nil {
		// The client went away; nothing else to do.
		return
	}
}

// dispatch runs an implemented method, or refuses an unimplemented one so
// that nobody silently relies on it.
func (s *Server) dispatch(r *http.Request, req *request) (any, string, *apiError) {
	if req.method == "getUpdates" {
		res, err := s.getUpdates(r.Context(), req)
		return res, "", err
	}
	h, ok := handlers[req.method]
	if !ok {
		return nil, "", badRequest("method is not supported by the test server")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, "", &apiError{Code: http.StatusInternalServerError, Description: "Internal Server Error: server is closing"}
	}
	return h(s, req)
}

// handler implements a method with s.mu held; the string is the optional
// "description" of a successful answer (setWebhook has one).
type handler func(s *Server, req *request) (any, string, *apiError)

// handlers are the implemented methods, in one place.
var handlers = map[string]handler{
	"getMe":                  (*Server).getMe,
	"sendMessage":            (*Server).sendMessage,
	"sendPhoto":              (*Server).sendPhoto,
	"sendLocation":           (*Server).sendLocation,
	"sendVenue":              (*Server).sendVenue,
	"copyMessage":            (*Server).copyMessage,
	"sendChatAction":         (*Server).sendChatAction,
	"editMessageText":        (*Server).editMessageText,
	"editMessageCaption":     (*Server).editMessageCaption,
	"editMessageReplyMarkup": (*Server).editMessageReplyMarkup,
	"deleteMessage":          (*Server).deleteMessage,
	"deleteMessages":         (*Server).deleteMessages,
	"answerCallbackQuery":    (*Server).answerCallbackQuery,
	"setMyCommands":          (*Server).setMyCommands,
	"getMyCommands":          (*Server).getMyCommands,
	"deleteMyCommands":       (*Server).deleteMyCommands,
	"setMyDescription":       (*Server).setMyDescription,
	"getMyDescription":       (*Server).getMyDescription,
	"setMyShortDescription":  (*Server).setMyShortDescription,
	"getMyShortDescription":  (*Server).getMyShortDescription,
	"setWebhook":             (*Server).setWebhook,
	"deleteWebhook":          (*Server).deleteWebhook,
	"getWebhookInfo":         (*Server).getWebhookInfo,
	"getFile":                (*Server).getFile,
}

// sendingMethods are the calls that count against the message limits.
var sendingMethods = map[string]bool{
	"sendMessage": true, "sendPhoto": true, "sendLocation": true, "sendVenue": true, "copyMessage": true,
}
