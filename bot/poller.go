package bot

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"
)

// Leaser grants a named lease to one holder at a time, across replicas.
type Leaser interface {
	// AcquireLease takes the lease for ttl, or extends it when holder
	// already has it, and reports whether holder has it now.
	AcquireLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	// ReleaseLease gives the lease up if holder has it, and reports whether
	// it did.
	ReleaseLease(ctx context.Context, name, holder string) (bool, error)
}

// ErrBadToken is returned by Poller.Run when Telegram does not know the bot
// token (401, or 404 for a token that is not even well formed).
var ErrBadToken = errors.New("telegram rejected the bot token: check TELEGRAM_BOT_TOKEN and TELEGRAM_API_URL")

// DefaultAPIURL is the public Bot API.
const DefaultAPIURL = "https://api.telegram.org"

// PollerConfig tunes a Poller. Zero fields take their defaults; Token is
// required.
type PollerConfig struct {
	// APIURL is the Bot API server (default DefaultAPIURL).
	APIURL string
	// Token is the bot token. It never appears in logs or errors.
	Token string
	// PollTimeout is the long-polling timeout sent to Telegram (default
	// 30s, at most 50s).
	PollTimeout time.Duration
	// LeaseName names the lease only one replica's poller holds (default
	// "telegram-poller"): Telegram answers 409 to concurrent getUpdates.
	LeaseName string
	// Holder names this replica in the lease (default host name, process id
	// and a random suffix).
	Holder string
	// LeaseTTL is how long a dead replica keeps the lease (default 15s). The
	// lease is renewed every LeaseTTL/3.
	LeaseTTL time.Duration
	// StandbyInterval is how often a replica without the lease tries to take
	// it (default 3s).
	StandbyInterval time.Duration
	// MaxBackoff caps the wait after a failed call (default 5s).
	MaxBackoff time.Duration
	// MaxAttempts is how many times an update whose handler fails is
	// retried before it is skipped, so that one bad update cannot stall the
	// bot (default 5). Infrastructure errors are retried without limit.
	MaxAttempts int
	// Client makes the calls (default a client without timeout: every call
	// has its own deadline).
	Client *http.Client
}

func (c PollerConfig) withDefaults() PollerConfig {
	if c.APIURL == "" {
		c.APIURL = DefaultAPIURL
	}
	c.APIURL = strings.TrimRight(c.APIURL, "/")
	if c.PollTimeout <= 0 {
		c.PollTimeout = 30 * time.Second
	}
	if c.PollTimeout > 50*time.Second {
		c.PollTimeout = 50 * time.Second
	}
	if c.LeaseName == "" {
		c.LeaseName = "telegram-poller"
	}
	if c.Holder == "" {
		host, _ := os.Hostname()
		c.Holder = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), rand.Text()[:8])
	}
	if c.LeaseTTL <= 0 {
		c.LeaseTTL = 15 * time.Second
	}
	if c.StandbyInterval <= 0 {
		c.StandbyInterval = 3 * time.Second
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 5 * time.Second
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.Client == nil {
		c.Client = &http.Client{}
	}
	return c
}

// Poller takes updates by long polling (getUpdates) and hands them to a
// Dispatcher. It confirms a batch (by moving the offset past it) only after
// the whole batch has been handled: an update is handled at least once, and
// the Dispatcher drops the repeats.
//
// A batch goes to the Dispatcher as a whole, so when one update fails, later
// updates of the same chat in that batch are still handled before its retry.
// (In webhook mode Telegram sends a chat's next update only after the
// previous one was accepted, so there a failure holds the chat back.)
//
// Only the replica holding the Redis lease polls; the others stand by and
// take over when it stops renewing.
type Poller struct {
	d     *Dispatcher
	lease Leaser
	cfg   PollerConfig
	log   *slog.Logger

	offset   int64
	attempts map[int64]int // handler failures per update id still being retried
}

// NewPoller returns a Poller feeding d. A nil log discards.
func NewPoller(d *Dispatcher, lease Leaser, cfg PollerConfig, log *slog.Logger) (*Poller, error) {
	if cfg.Token == "" {
		return nil, errors.New("poller: TELEGRAM_BOT_TOKEN is empty")
	}
	cfg = cfg.withDefaults()
	if u, err := url.Parse(cfg.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("poller: TELEGRAM_API_URL must be an http(s) URL")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Poller{
		d: d, lease: lease, cfg: cfg,
		log:      log.With("component", "bot.poller"),
		attempts: map[int64]int{},
	}, nil
}

// Run polls until ctx ends (then it returns nil) or Telegram rejects the
// token (ErrBadToken). It does not start the Dispatcher.
func (p *Poller) Run(ctx context.Context) error {
	defer p.release()
	for {
		if err := p.standBy(ctx); err != nil {
			return nil // ctx ended
		}
		p.log.Info("took the polling lease", "holder", p.cfg.Holder)
		err := p.lead(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			return err
		}
		p.log.Warn("lost the polling lease; standing by", "holder", p.cfg.Holder)
	}
}

// standBy returns once this replica holds the lease, or ctx's error.
func (p *Poller) standBy(ctx context.Context) error {
	t := time.NewTicker(p.cfg.StandbyInterval)
	defer t.Stop()
	for {
		ok, err := p.lease.AcquireLease(ctx, p.cfg.LeaseName, p.cfg.Holder, p.cfg.LeaseTTL)
		if err != nil && ctx.Err() == nil {
			p.log.Warn("taking the polling lease failed; retrying", "err", err)
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// lead polls while the lease is held. It returns nil when the lease is lost
// or ctx ends, and a fatal error otherwise.
func (p *Poller) lead(ctx context.Context) error {
	leadCtx, lost := context.WithCancel(ctx)
	defer lost()
	go p.keepLease(leadCtx, lost)

	backoff := newBackoff(p.cfg.MaxBackoff)
	for leadCtx.Err() == nil {
		updates, err := p.getUpdates(leadCtx)
		if err != nil {
			if leadCtx.Err() != nil {
				return nil
			}
			if errors.Is(err, ErrBadToken) {
				return err
			}
			wait := backoff.next()
			if ae, ok := errors.AsType[*apiError](err); ok && ae.retryAfter > wait {
				wait = ae.retryAfter
			}
			p.log.Warn("polling telegram failed; retrying", "err", err, "retry_in", wait)
			if !sleepCtx(leadCtx, wait) {
				return nil
			}
			continue
		}
		// Handling uses ctx, not leadCtx: losing the lease mid-batch must not
		// fail updates that are already being handled.
		if !p.handleBatch(ctx, updates) {
			wait := backoff.next()
			p.log.Warn("some updates were not handled; fetching them again", "retry_in", wait)
			if !sleepCtx(leadCtx, wait) {
				return nil
			}
			continue
		}
		backoff.reset()
	}
	return nil
}

// keepLease renews the lease every LeaseTTL/3 and calls lost when another
// replica has it, or when it could not be renewed for a whole LeaseTTL.
func (p *Poller) keepLease(ctx context.Context, lost context.CancelFunc) {
	t := time.NewTicker(p.cfg.LeaseTTL / 3)
	defer t.Stop()
	renewed := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		ok, err := p.lease.AcquireLease(ctx, p.cfg.LeaseName, p.cfg.Holder, p.cfg.LeaseTTL)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			p.log.Warn("renewing the polling lease failed", "err", err)
			if time.Since(renewed) >= p.cfg.LeaseTTL {
				lost()
				return
			}
		case !ok:
			lost()
			return
		default:
			renewed = time.Now()
		}
	}
}

func (p *Poller) release() {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	if _, err := p.lease.ReleaseLease(ctx, p.cfg.LeaseName, p.cfg.Holder); err != nil {
		p.log.Warn("releasing the polling lease failed; it expires on its own", "err", err)
	}
}

// handleBatch submits every update in order, waits for all of them and moves
// the offset past the longest prefix that was handled. It reports whether
// the whole batch was.
func (p *Poller) handleBatch(ctx context.Context, updates []rawUpdate) bool {
	results := make([]<-chan error, len(updates))
	for i, ru := range updates {
		if ru.update == nil {
			continue
		}
		if in, ok := FromUpdate(ru.update); ok {
			results[i] = p.d.Submit(ctx, in)
		}
	}
	complete := true
	for i, ru := range updates {
		var err error
		if results[i] != nil {
			err = <-results[i]
		}
		if !complete {
			continue // drained so no result is left behind; offset stays put
		}
		if err != nil && errors.Is(err, ErrHandlerFailed) {
			p.attempts[ru.id]++
			if p.attempts[ru.id] >= p.cfg.MaxAttempts {
				p.log.Error("update failed too many times; skipping it", "attempts", p.attempts[ru.id], "err", err)
				err = nil
			}
		}
		if err != nil {
			// This update and those after it are fetched again; the ones
			// already handled are then dropped as duplicates.
			complete = false
			continue
		}
		delete(p.attempts, ru.id)
		p.offset = ru.id + 1
	}
	return complete
}

// rawUpdate is one update from getUpdates; update is nil when it could not be
// decoded (it is then skipped, or it would block every later one).
type rawUpdate struct {
	id     int64
	update *models.Update
}

// apiError is an error answer from the Bot API.
type apiError struct {
	status      int
	description string
	retryAfter  time.Duration
}

func (e *apiError) Error() string {
	return fmt.Sprintf("getUpdates: %d %s", e.status, e.description)
}

// getUpdates makes one long-polling call from the current offset.
func (p *Poller) getUpdates(ctx context.Context) ([]rawUpdate, error) {
	body, err := json.Marshal(struct {
		Offset         int64    `json:"offset"`
		Timeout        int      `json:"timeout"`
		AllowedUpdates []string `json:"allowed_updates"`
	}{p.offset, int(p.cfg.PollTimeout / time.Second), allowedUpdates})
	if err != nil {
		return nil, fmt.Errorf("encoding getUpdates: %w", err)
	}
	// Telegram holds the call for up to PollTimeout: allow that and some.
	ctx, cancel := context.WithTimeout(ctx, p.cfg.PollTimeout+15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.cfg.APIURL+"/bot"+p.cfg.Token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, redactError(fmt.Errorf("getUpdates: %w", err), p.cfg.Token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.cfg.Client.Do(req)
	if err != nil {
		return nil, redactError(fmt.Errorf("getUpdates: %w", err), p.cfg.Token)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, redactError(fmt.Errorf("reading getUpdates: %w", err), p.cfg.Token)
	}

	var ans struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		ErrorCode   int               `json:"error_code"`
		Description string            `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	decodeErr := json.Unmarshal(raw, &ans)
	if resp.StatusCode != http.StatusOK || decodeErr != nil || !ans.OK {
		ae := &apiError{status: resp.StatusCode, description: ans.Description,
			retryAfter: time.Duration(ans.Parameters.RetryAfter) * time.Second}
		if ae.status == http.StatusOK { // ok:false or garbage behind a 200
			ae.status = ans.ErrorCode
		}
		if ae.description == "" {
			ae.description = http.StatusText(resp.StatusCode)
		}
		ae.description = redact(ae.description, p.cfg.Token)
		if ae.status == http.StatusUnauthorized || ae.status == http.StatusNotFound {
			return nil, fmt.Errorf("%w (%w)", ErrBadToken, ae)
		}
		return nil, ae
	}

	updates := make([]rawUpdate, 0, len(ans.Result))
	for _, r := range ans.Result {
		var u models.Update
		if err := json.Unmarshal(r, &u); err != nil {
			var id struct {
				ID int64 `json:"update_id"`
			}
			if json.Unmarshal(r, &id) != nil || id.ID == 0 {
				return nil, fmt.Errorf("getUpdates: an update has no update_id: %w", err)
			}
			p.log.Warn("skipping an update that does not decode", "err", err)
			updates = append(updates, rawUpdate{id: id.ID})
			continue
		}
		updates = append(updates, rawUpdate{id: u.ID, update: &u})
	}
	return updates, nil
}

// redact removes token from s.
func redact(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "<token>")
}

// backoff doubles a wait from 250ms up to a cap.
type backoff struct {
	cur, max time.Duration
}

func newBackoff(max time.Duration) *backoff { return &backoff{max: max} }

func (b *backoff) next() time.Duration {
	switch {
	case b.cur == 0:
		b.cur = 250 * time.Millisecond
	default:
		b.cur *= 2
	}
	b.cur = min(b.cur, b.max)
	return b.cur
}

func (b *backoff) reset() { b.cur = 0 }

// sleepCtx waits d, or less if ctx ends; it reports whether ctx is still
// live.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
