package bot

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// SecretHeader is the header in which Telegram sends the webhook secret.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// maxWebhookBody bounds a webhook request body; real updates are a few KiB.
const maxWebhookBody = 1 << 20

// Webhook is the http.Handler Telegram posts updates to. Unlike the
// library's handler it answers only once the update is handled, so that
// Telegram redelivers what a failing or dying replica did not handle:
//
//   - 405 for anything but POST,
//   - 401 when the secret header is wrong,
//   - 413 for a body over 1 MiB, 400 for one that is not an update,
//   - 200 for updates the bot does not handle, and for handled ones,
//   - 500 when handling failed (Telegram retries later).
type Webhook struct {
	d      *Dispatcher
	secret []byte
	log    *slog.Logger
}

// NewWebhook returns the webhook handler. secret is the value given to
// SetWebhook; it must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -, as
// Telegram requires. A nil log discards.
func NewWebhook(d *Dispatcher, secret string, log *slog.Logger) (*Webhook, error) {
	if err := checkSecret(secret); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Webhook{d: d, secret: []byte(secret), log: log.With("component", "bot.webhook")}, nil
}

func checkSecret(secret string) error {
	if secret == "" || len(secret) > 256 {
		return errors.New("webhook secret: must be 1 to 256 characters long")
	}
	if strings.ContainsFunc(secret, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	}) {
		return errors.New("webhook secret: only A-Z, a-z, 0-9, _ and - are allowed")
	}
	return nil
}

// ServeHTTP handles one update post.
func (w *Webhook) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		rw.Header().Set("Allow", http.MethodPost)
		http.Error(rw, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if subtle.ConstantTimeCompare([]byte(r.Header.Get(SecretHeader)), w.secret) != 1 {
		http.Error(rw, "unauthorized", http.StatusUnauthorized)
		return
	}
	var u models.Update
	if err := json.NewDecoder(http.MaxBytesReader(rw, r.Body, maxWebhookBody)).Decode(&u); err != nil {
		if _, tooBig := errors.AsType[*http.MaxBytesError](err); tooBig {
			http.Error(rw, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(rw, "bad update", http.StatusBadRequest)
		return
	}
	in, ok := FromUpdate(&u)
	if !ok {
		// Acknowledged so that Telegram does not retry it for nothing.
		rw.WriteHeader(http.StatusOK)
		return
	}
	if err := w.d.Dispatch(r.Context(), in); err != nil {
		// The dispatcher logged the details; a failed update is retried.
		w.log.Warn("update not handled; answering 500 for redelivery", "type", kindLabel(in.Kind), "err", err)
		http.Error(rw, "update not handled", http.StatusInternalServerError)
		return
	}
	rw.WriteHeader(http.StatusOK)
}

// SetWebhook registers url as the bot's webhook, with secret as the header
// Telegram sends back and only the update types the bot handles.
func SetWebhook(ctx context.Context, api *tgbot.Bot, url, secret string) error {
	if err := checkSecret(secret); err != nil {
		return err
	}
	ok, err := api.SetWebhook(ctx, &tgbot.SetWebhookParams{
		URL:            url,
		SecretToken:    secret,
		AllowedUpdates: allowedUpdates,
	})
	if err != nil {
		return fmt.Errorf("setting webhook: %w", redactError(err, api.Token()))
	}
	if !ok {
		return errors.New("setting webhook: telegram answered false")
	}
	return nil
}

// redactError removes the bot token from err's message: transport errors
// quote the request URL, which holds it. The result unwraps to err, or for a
// *url.Error to the error inside it, which does not carry the URL.
func redactError(err error, token string) error {
	if err == nil {
		return nil
	}
	inner := err
	if ue, ok := errors.AsType[*url.Error](err); ok {
		inner = ue.Err
	}
	return &redactedError{msg: redact(err.Error(), token), err: inner}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
