package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/peerbot/peerbot/metrics"
	"github.com/peerbot/peerbot/people"
)

// ErrUnreachable is returned when Telegram says a chat can no longer receive
// messages: the person blocked the bot, deleted their account, or the chat
// does not exist. The Sender has already marked the person inactive.
var ErrUnreachable = errors.New("chat unreachable")

// ErrRejected is returned when Telegram refused a call for a reason that
// trying again will not fix (a 400 such as a parse error, a bad token). The
// error names the method and Telegram's description.
var ErrRejected = errors.New("rejected by Telegram")

// ErrUnavailable is returned when a call still failed with 5xx or network
// errors after SenderConfig.MaxAttempts tries. Trying later may work.
var ErrUnavailable = errors.New("telegram unavailable")

// Limiter paces outgoing sends across every replica. It is backed by Redis.
type Limiter interface {
	// Reserve takes a send slot for the chat in the given lane (a Priority)
	// and returns 0, or returns how long to wait before asking again. While
	// a Pause is in force it returns the rest of the pause.
	Reserve(ctx context.Context, chatKey string, lane int) (time.Duration, error)
	// Pause stops every replica's sends for d (Telegram's retry_after).
	Pause(ctx context.Context, d time.Duration) error
}

// Activity records whether a person can be reached.
type Activity interface {
	SetActive(ctx context.Context, chat people.ChatID, active bool) error
}

// Deletions schedules discreet-mode deletions of sent messages.
type Deletions interface {
	ScheduleDeletion(ctx context.Context, chat people.ChatID, messageID int, at time.Time) error
}

// SenderConfig tunes retries. Zero values take the defaults.
type SenderConfig struct {
	// MaxAttempts is how many times a call is tried on 5xx and network
	// errors (default 5). 429 answers do not use up attempts.
	MaxAttempts int
	// BaseBackoff is the wait after the first failure (default 500ms); it
	// doubles after each further failure, with jitter.
	BaseBackoff time.Duration
	// MaxBackoff caps the wait between attempts (default 30s). While the
	// limiter (Redis) is unavailable, tries are at most 5s apart.
	MaxBackoff time.Duration
}

// Defaults for SenderConfig.
const (
	DefaultMaxAttempts = 5
	DefaultBaseBackoff = 500 * time.Millisecond
	DefaultMaxBackoff  = 30 * time.Second
)

func (c SenderConfig) withDefaults() SenderConfig {
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = DefaultMaxAttempts
	}
	if c.BaseBackoff <= 0 {
		c.BaseBackoff = DefaultBaseBackoff
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = DefaultMaxBackoff
	}
	c.MaxBackoff = max(c.MaxBackoff, c.BaseBackoff)
	return c
}

// Command is one entry of the bot's command menu.
type Command struct {
	Command     string // without the slash, lower case
	Description string
}

// Sender is the one client for every outgoing Telegram call (DESIGN.md
// rule 2). It waits for the shared limiter before each send, honours 429
// retry_after for every replica, retries 5xx and network errors with
// backoff, and marks people who blocked the bot inactive.
//
// It never logs message text or raw chat ids: chats appear as their keyed
// hash. It is safe for concurrent use.
type Sender struct {
	api  *tgbot.Bot
	cfg  SenderConfig
	lim  Limiter
	act  Activity
	del  Deletions
	keys func(people.ChatID) string
	log  *slog.Logger
	m    *metrics.Metrics
}

// NewSender returns a Sender calling Telegram through api. del may be nil
// when nothing sends with DeleteAfter; log and m may be nil.
func NewSender(api *tgbot.Bot, cfg SenderConfig, lim Limiter, act Activity, del Deletions,
	keys func(people.ChatID) string, log *slog.Logger, m *metrics.Metrics) *Sender {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Sender{
		api: api, cfg: cfg.withDefaults(), lim: lim, act: act, del: del, keys: keys,
		log: log.With("component", "sender"), m: m,
	}
}

// Send sends out.Text to out.Chat (or a photo with out.Text as caption), or
// edits message out.EditMessageID, and returns the message id. Link
// previews are off. An edit that changes nothing ("message is not
// modified") counts as success.
//
// With out.DeleteAfter set, a new message is scheduled for deletion (capped
// at people.MaxDeleteAfterHours). If that fails, the message was still sent:
// the returned id is non-zero along with the error.
func (s *Sender) Send(ctx context.Context, out Outgoing) (int, error) {
	markup, err := outgoingMarkup(out)
	if err != nil {
		return 0, fmt.Errorf("sending message: %w", err)
	}
	if out.EditMessageID != 0 {
		if err := s.edit(ctx, out, markup); err != nil {
			return 0, err
		}
		return out.EditMessageID, nil
	}

	msg, err := s.send(ctx, out, markup)
	if err != nil {
		return 0, err
	}
	id := msg.ID
	if out.DeleteAfter > 0 {
		if err := s.scheduleDeletion(ctx, out.Chat, id, out.DeleteAfter); err != nil {
			return id, err
		}
	}
	return id, nil
}

// send sends a new message or photo and returns Telegram's message.
func (s *Sender) send(ctx context.Context, out Outgoing, markup models.ReplyMarkup) (*models.Message, error) {
	var sent *models.Message
	photo := out.Photo != "" || len(out.PhotoData) > 0
	method := "sendMessage"
	if photo {
		method = "sendPhoto"
	}
	err := s.call(ctx, method, out.Chat, out.Priority, func(ctx context.Context) error {
		var msg *models.Message
		var err error
		if photo {
			var input models.InputFile = &models.InputFileString{Data: out.Photo}
			if len(out.PhotoData) > 0 {
				// A fresh reader on every try: a retry must upload it all.
				input = &models.InputFileUpload{Filename: "photo.jpg", Data: bytes.NewReader(out.PhotoData)}
			}
			msg, err = s.api.SendPhoto(ctx, &tgbot.SendPhotoParams{
				ChatID:              int64(out.Chat),
				Photo:               input,
				Caption:             out.Text,
				ParseMode:           models.ParseMode(out.ParseMode),
				DisableNotification: out.Silent,
				AllowPaidBroadcast:  out.PaidBroadcast,
				ReplyMarkup:         markup,
			})
		} else {
			msg, err = s.api.SendMessage(ctx, &tgbot.SendMessageParams{
				ChatID:              int64(out.Chat),
				Text:                out.Text,
				ParseMode:           models.ParseMode(out.ParseMode),
				LinkPreviewOptions:  &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
				DisableNotification: out.Silent,
				AllowPaidBroadcast:  out.PaidBroadcast,
				ReplyMarkup:         markup,
			})
		}
		if err == nil {
			sent = msg
		}
		return err
	})
	return sent, err
}

// Upload sends a photo (out.PhotoData or out.Photo) and returns the message
// id and the file id Telegram gave the photo's largest size, so the same
// photo can be sent again without uploading it.
func (s *Sender) Upload(ctx context.Context, out Outgoing) (int, string, error) {
	markup, err := replyMarkup(out.Keyboard)
	if err != nil {
		return 0, "", fmt.Errorf("sending photo: %w", err)
	}
	msg, err := s.send(ctx, out, markup)
	if err != nil {
		return 0, "", err
	}
	fileID := out.Photo
	if n := len(msg.Photo); n > 0 {
		fileID = msg.Photo[n-1].FileID
	}
	return msg.ID, fileID, nil
}

// MaxDownload is the largest file Download fetches: Telegram's own limit
// for bots.
const MaxDownload = 20 << 20

// Download fetches a file people sent (a photo) by its file id: getFile,
// then the file itself. Nothing about it is logged.
func (s *Sender) Download(ctx context.Context, fileID string) ([]byte, error) {
	var f *models.File
	err := s.callNoChat(ctx, "getFile", func(ctx context.Context) error {
		var err error
		f, err = s.api.GetFile(ctx, &tgbot.GetFileParams{FileID: fileID})
		return err
	})
	if err != nil {
		return nil, err
	}
	if f.FilePath == "" || f.FileSize > MaxDownload {
		// Telegram gives no path for files over 20 MB.
		return nil, fmt.Errorf("downloading file: %d bytes: %w", f.FileSize, ErrRejected)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.api.FileDownloadLink(f), nil)
	if err != nil {
		return nil, fmt.Errorf("downloading file: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		// The URL holds the token: keep only the cause.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, fmt.Errorf("downloading file: %w: %w", err, ErrUnavailable)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("downloading file: status %d: %w", resp.StatusCode, ErrUnavailable)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxDownload+1))
	if err != nil {
		return nil, fmt.Errorf("downloading file: %w", err)
	}
	if len(data) > MaxDownload {
		return nil, fmt.Errorf("downloading file: too large: %w", ErrRejected)
	}
	return data, nil
}

// edit changes the text of a message, or the caption of a photo.
func (s *Sender) edit(ctx context.Context, out Outgoing, markup models.ReplyMarkup) error {
	method := "editMessageText"
	if out.Photo != "" || len(out.PhotoData) > 0 {
		method = "editMessageCaption"
	}
	return s.call(ctx, method, out.Chat, out.Priority, func(ctx context.Context) error {
		var err error
		if out.Photo != "" || len(out.PhotoData) > 0 {
			_, err = s.api.EditMessageCaption(ctx, &tgbot.EditMessageCaptionParams{
				ChatID:      int64(out.Chat),
				MessageID:   out.EditMessageID,
				Caption:     out.Text,
				ParseMode:   models.ParseMode(out.ParseMode),
				ReplyMarkup: markup,
			})
		} else {
			_, err = s.api.EditMessageText(ctx, &tgbot.EditMessageTextParams{
				ChatID:             int64(out.Chat),
				MessageID:          out.EditMessageID,
				Text:               out.Text,
				ParseMode:          models.ParseMode(out.ParseMode),
				LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()},
				ReplyMarkup:        markup,
			})
		}
		if isBadRequest(err, "message is not modified") {
			return nil
		}
		return err
	})
}

func (s *Sender) scheduleDeletion(ctx context.Context, chat people.ChatID, id int, after time.Duration) error {
	if s.del == nil {
		return errors.New("message sent but not scheduled for deletion: no deletion store configured")
	}
	after = min(after, people.MaxDeleteAfterHours*time.Hour)
	if err := s.del.ScheduleDeletion(ctx, chat, id, time.Now().Add(after)); err != nil {
		s.log.ErrorContext(ctx, "message sent but deletion not scheduled", "chat", s.keys(chat), "error", err)
		return fmt.Errorf("message sent but not scheduled for deletion: %w", err)
	}
	return nil
}

// Delete deletes one of the bot's messages. A message that is already gone
// counts as deleted. Deletions take the lowest lane: a batch of due
// discreet-mode deletions must not hold back replies and alerts.
func (s *Sender) Delete(ctx context.Context, chat people.ChatID, messageID int) error {
	return s.call(ctx, "deleteMessage", chat, PriorityCampaign, func(ctx context.Context) error {
		_, err := s.api.DeleteMessage(ctx, &tgbot.DeleteMessageParams{ChatID: int64(chat), MessageID: messageID})
		if isBadRequest(err, "message to delete not found") {
			return nil
		}
		return err
	})
}

// AnswerCallback answers a button press, with an optional notification
// text. It takes no per-chat slot (Telegram does not count it as a message).
// A query that is too old to answer, as after a restart, is not an error:
// the press is handled all the same.
func (s *Sender) AnswerCallback(ctx context.Context, callbackID, text string) error {
	return s.callNoChat(ctx, "answerCallbackQuery", func(ctx context.Context) error {
		_, err := s.api.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: callbackID, Text: text})
		if isBadRequest(err, "query is too old") || isBadRequest(err, "query ID is invalid") {
			s.log.DebugContext(ctx, "callback query too old to answer")
			return nil
		}
		return err
	})
}

// SetCommands sets the command menu for people whose app uses languageCode
// ("" for everyone else).
func (s *Sender) SetCommands(ctx context.Context, languageCode string, cmds []Command) error {
	list := make([]models.BotCommand, 0, len(cmds))
	for _, c := range cmds {
		list = append(list, models.BotCommand{Command: c.Command, Description: c.Description})
	}
	return s.callNoChat(ctx, "setMyCommands", func(ctx context.Context) error {
		_, err := s.api.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: list, LanguageCode: languageCode})
		return err
	})
}

// SetDescription sets the bot's description (shown in an empty chat) and
// short description (shown on its profile) for languageCode ("" for
// everyone else).
func (s *Sender) SetDescription(ctx context.Context, languageCode, description, short string) error {
	err := s.callNoChat(ctx, "setMyDescription", func(ctx context.Context) error {
		_, err := s.api.SetMyDescription(ctx, &tgbot.SetMyDescriptionParams{Description: description, LanguageCode: languageCode})
		return err
	})
	if err != nil {
		return err
	}
	return s.callNoChat(ctx, "setMyShortDescription", func(ctx context.Context) error {
		_, err := s.api.SetMyShortDescription(ctx, &tgbot.SetMyShortDescriptionParams{ShortDescription: short, LanguageCode: languageCode})
		return err
	})
}

// call runs one Telegram call about a chat: it takes a limiter slot before
// every try and handles the answer.
func (s *Sender) call(ctx context.Context, method string, chat people.ChatID, prio Priority, do func(context.Context) error) error {
	if prio < PriorityReply || prio > PriorityCampaign {
		// The limiter would refuse the lane on every try.
		return fmt.Errorf("telegram %s: unknown priority %d", method, prio)
	}
	key := s.keys(chat)
	return s.retry(ctx, method, key, func(ctx context.Context) error {
		if err := s.reserve(ctx, key, int(prio)); err != nil {
			return err
		}
		return do(ctx)
	}, func(ctx context.Context, desc string) error {
		if err := s.act.SetActive(ctx, chat, false); err != nil {
			// The person stays marked active; the next send finds out again.
			s.log.ErrorContext(ctx, "marking chat inactive", "chat", key, "error", err)
		}
		s.log.InfoContext(ctx, "chat unreachable", "chat", key, "method", method, "reason", desc)
		return fmt.Errorf("telegram %s: %s: %w", method, desc, ErrUnreachable)
	})
}

// callNoChat runs a call that is about no chat (callback answers, bot
// settings): no limiter slot, but 429 still pauses every replica.
func (s *Sender) callNoChat(ctx context.Context, method string, do func(context.Context) error) error {
	return s.retry(ctx, method, "", do, nil)
}

// errWaiting marks a context error met while waiting for the limiter, so
// retry returns it as is.
type errWaiting struct{ err error }

func (e errWaiting) Error() string { return "waiting to send: " + e.err.Error() }
func (e errWaiting) Unwrap() error { return e.err }

// retry runs try until it succeeds, fails for good, or ctx ends. unreachable
// handles the answers that mean the chat is gone; nil means the call is not
// about a chat.
func (s *Sender) retry(ctx context.Context, method, key string, try func(context.Context) error,
	unreachable func(context.Context, string) error) error {
	log := s.log.With("method", method)
	if key != "" {
		log = log.With("chat", key)
	}
	failures := 0
	for {
		err := try(ctx)
		if err == nil {
			s.count("ok")
			return nil
		}
		var waiting errWaiting
		if errors.As(err, &waiting) {
			s.count("failed")
			return fmt.Errorf("telegram %s: %w", method, waiting)
		}
		if ctx.Err() != nil {
			s.count("failed")
			return fmt.Errorf("telegram %s: %w", method, ctx.Err())
		}

		var tooMany *tgbot.TooManyRequestsError
		switch {
		case errors.As(err, &tooMany):
			s.count("retry")
			if s.m != nil {
				s.m.TooManyRequests.Inc()
			}
			if err := s.pause(ctx, log, key, tooMany.RetryAfter); err != nil {
				s.count("failed")
				return fmt.Errorf("telegram %s: waiting out 429: %w", method, err)
			}
			continue // a 429 does not use up an attempt

		case unreachable != nil && isUnreachable(err):
			s.count("unreachable")
			return unreachable(ctx, tgDescription(err))

		case !isTransient(err):
			s.count("failed")
			log.WarnContext(ctx, "telegram refused call", "reason", tgDescription(err))
			return fmt.Errorf("telegram %s: %s: %w", method, tgDescription(err), ErrRejected)
		}

		failures++
		if failures >= s.cfg.MaxAttempts {
			s.count("failed")
			log.ErrorContext(ctx, "telegram call failed", "attempts", failures, "reason", tgDescription(err))
			return fmt.Errorf("telegram %s: %s after %d attempts: %w", method, tgDescription(err), failures, ErrUnavailable)
		}
		s.count("retry")
		d := s.backoff(failures)
		log.WarnContext(ctx, "telegram call failed, retrying", "attempt", failures, "wait", d, "reason", tgDescription(err))
		if err := waitFor(ctx, d); err != nil {
			s.count("failed")
			return fmt.Errorf("telegram %s: %w", method, err)
		}
	}
}

// pause makes every replica wait retryAfter seconds (at least one). If the
// limiter cannot record the pause, this goroutine still waits it out.
func (s *Sender) pause(ctx context.Context, log *slog.Logger, key string, retryAfter int) error {
	d := time.Duration(max(retryAfter, 1)) * time.Second
	log.WarnContext(ctx, "telegram asked to slow down", "retry_after", d)
	if err := s.lim.Pause(ctx, d); err != nil || key == "" {
		// Calls that take no limiter slot, or a pause the limiter could not
		// record, wait here; otherwise the next Reserve waits for the pause.
		if err != nil {
			log.ErrorContext(ctx, "recording 429 pause", "error", err)
		}
		return waitFor(ctx, d)
	}
	return nil
}

// limiterMaxBackoff caps the wait between tries while the limiter fails, so
// that sends resume within seconds of Redis coming back.
const limiterMaxBackoff = 5 * time.Second

// reserve waits until the limiter grants a slot. While the limiter itself
// fails (Redis down) it keeps trying with backoff: sends pause, they never
// bypass the limits.
func (s *Sender) reserve(ctx context.Context, key string, lane int) error {
	failures := 0
	for {
		d, err := s.lim.Reserve(ctx, key, lane)
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return errWaiting{ctx.Err()}
			}
			failures++
			d = min(s.backoff(failures), limiterMaxBackoff)
			if failures == 1 || failures%10 == 0 {
				s.log.ErrorContext(ctx, "rate limiter unavailable, sends paused", "failures", failures, "error", err)
			}
		case d <= 0:
			if failures > 0 {
				s.log.InfoContext(ctx, "rate limiter back, sends resume", "failures", failures)
			}
			return nil
		}
		if err := waitFor(ctx, d); err != nil {
			return errWaiting{err}
		}
	}
}

// backoff is the wait after the n-th consecutive failure: exponential,
// capped, with "equal jitter" (between half and all of it) so replicas do
// not retry in step.
func (s *Sender) backoff(n int) time.Duration {
	d := s.cfg.MaxBackoff
	if n < 32 {
		d = min(s.cfg.BaseBackoff<<(n-1), s.cfg.MaxBackoff)
	}
	if d <= 0 { // overflow of the shift
		d = s.cfg.MaxBackoff
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

func (s *Sender) count(outcome string) {
	if s.m != nil {
		s.m.Sends.WithLabelValues(outcome).Inc()
	}
}

// waitFor sleeps for d or until ctx ends.
func waitFor(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// unreachableAnswers are the 400 descriptions that mean the chat is gone for
// good. Every 403 means the same for a private chat (blocked, deactivated,
// kicked, can't initiate conversation).
var unreachableAnswers = []string{"chat not found", "user is deactivated", "bot was blocked by the user"}

func isUnreachable(err error) bool {
	if errors.Is(err, tgbot.ErrorForbidden) {
		return true
	}
	for _, a := range unreachableAnswers {
		if isBadRequest(err, a) {
			return true
		}
	}
	return false
}

// isBadRequest reports whether err is a 400 whose description contains
// what.
func isBadRequest(err error, what string) bool {
	return err != nil && errors.Is(err, tgbot.ErrorBadRequest) && strings.Contains(tgDescription(err), what)
}

// isTransient reports whether a failed call may succeed when tried again:
// 5xx answers and network errors, which the library leaves untyped. Typed
// answers (400, 401, 403, 404, 409, chat migration) will not change.
func isTransient(err error) bool {
	for _, typed := range []error{tgbot.ErrorBadRequest, tgbot.ErrorForbidden, tgbot.ErrorUnauthorized,
		tgbot.ErrorNotFound, tgbot.ErrorConflict} {
		if errors.Is(err, typed) {
			return false
		}
	}
	var migrate *tgbot.MigrateError
	return !errors.As(err, &migrate)
}

// tgDescription returns what can safely be logged or returned about err:
// Telegram's description for its typed answers (which names the problem,
// never the text), and the library's error otherwise, cut before any
// response body it quotes.
func tgDescription(err error) string {
	for _, typed := range []error{tgbot.ErrorBadRequest, tgbot.ErrorForbidden, tgbot.ErrorUnauthorized,
		tgbot.ErrorNotFound, tgbot.ErrorConflict} {
		if errors.Is(err, typed) {
			// The library formats these as "<sentinel>, <description>".
			msg := err.Error()
			if i := strings.Index(msg, typed.Error()+", "); i >= 0 {
				return msg[i+len(typed.Error())+2:]
			}
			return msg
		}
	}
	var migrate *tgbot.MigrateError
	if errors.As(err, &migrate) {
		return "Bad Request: group chat was upgraded to a supergroup chat"
	}
	msg := err.Error()
	// "error decode response body for method X, <body>, <error>": the body
	// is not ours to log.
	if strings.HasPrefix(msg, "error decode response body") {
		return "undecodable response from Telegram"
	}
	return msg
}
