package tgfake

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// webhook is an active setWebhook: updates are POSTed to url, one at a
// time per chat (so a chat's order holds), up to maxConn at once, and
// retried with a growing delay until the receiver answers 2xx.
type webhook struct {
	url      string
	secret   string
	maxConn  int
	allowed  map[string]bool
	ctx      context.Context
	cancel   context.CancelFunc
	inflight map[int64]bool // chats with an update being delivered
	client   *http.Client
	// lastErrorDate and lastErrorMessage feed getWebhookInfo.
	lastErrorDate    int64
	lastErrorMessage string
}

// setWebhook starts pushing updates to a URL. Like Telegram it needs
// HTTPS, except that plain HTTP is accepted on loopback addresses so that
// tests can use httptest servers.
func (s *Server) setWebhook(req *request) (any, string, *apiError) {
	raw := req.str("url")
	if raw == "" {
		return s.deleteWebhook(req)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
		return nil, "", badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	secret := req.str("secret_token")
	for i := 0; i < len(secret); i++ {
		if c := secret[i]; !isAlnum(c) && c != '_' && c != '-' {
			return nil, "", badRequest("secret token contains unallowed characters")
		}
	}
	maxConn := 40
	if req.has("max_connections") {
		maxConn = min(max(req.int("max_connections"), 1), 100)
	}
	if req.bool("drop_pending_updates") {
		s.updates = nil
	}
	if s.hook != nil {
		s.hook.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &webhook{url: raw, secret: secret, maxConn: maxConn, allowed: allowedUpdates(req), ctx: ctx, cancel: cancel,
		inflight: map[int64]bool{}, client: webhookClient()}
	s.hook = h
	s.pollGen++ // ends a running getUpdates
	s.notifyLocked()
	s.wg.Add(1)
	go s.runWebhook(h)
	return true, "Webhook was set", nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) deleteWebhook(req *request) (any, string, *apiError) {
	if req.bool("drop_pending_updates") {
		s.updates = nil
	}
	if s.hook == nil {
		return true, "Webhook is already deleted", nil
	}
	s.hook.cancel()
	s.hook = nil
	s.notifyLocked()
	return true, "Webhook was deleted", nil
}

func (s *Server) getWebhookInfo(req *request) (any, string, *apiError) {
	info := map[string]any{"url": "", "has_custom_certificate": false, "pending_update_count": len(s.updates)}
	if h := s.hook; h != nil {
		info["url"] = h.url
		info["max_connections"] = h.maxConn
		info["ip_address"] = "127.0.0.1"
		if h.lastErrorDate != 0 {
			info["last_error_date"] = h.lastErrorDate
			info["last_error_message"] = h.lastErrorMessage
		}
	}
	return info, "", nil
}

// runWebhook hands pending updates to deliveries until the webhook is
// removed: only the oldest pending update of each chat may be in flight.
func (s *Server) runWebhook(h *webhook) {
	defer s.wg.Done()
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[int64]bool{}
	scanned := ^uint64(0)
	for h.ctx.Err() == nil {
		if scanned == s.updatesGen {
			// Nothing queued or delivered since the last scan: wait.
			changed := s.changed
			s.mu.Unlock()
			select {
			case <-changed:
			case <-h.ctx.Done():
			}
			s.mu.Lock()
			continue
		}
		scanned = s.updatesGen
		// Updates of kinds the bot did not ask for are dropped, as
		// Telegram never creates them.
		if h.allowed != nil {
			kept := s.updates[:0]
			for _, u := range s.updates {
				if h.allowed[u.Kind] {
					kept = append(kept, u)
				}
			}
			s.updates = kept
		}
		clear(seen)
		for _, u := range s.updates {
			if seen[u.ChatID] {
				continue
			}
			seen[u.ChatID] = true
			if h.inflight[u.ChatID] || len(h.inflight) >= h.maxConn {
				continue
			}
			h.inflight[u.ChatID] = true
			s.wg.Add(1)
			go s.deliver(h, u)
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-h.ctx.Done():
		}
		s.mu.Lock()
	}
}

// deliver POSTs one update until the receiver accepts it.
func (s *Server) deliver(h *webhook, u queuedUpdate) {
	defer s.wg.Done()
	delay := s.opts.WebhookRetryDelay
	for {
		err := h.post(u.JSON)
		s.mu.Lock()
		if err == nil {
			for i, q := range s.updates {
				if q.ID == u.ID {
					s.updates = append(s.updates[:i], s.updates[i+1:]...)
					break
				}
			}
		} else {
			h.lastErrorDate, h.lastErrorMessage = s.opts.Now().Unix(), err.Error()
			s.logger.Debug("webhook delivery failed", "update_id", u.ID, "error", err)
		}
		if err == nil || h.ctx.Err() != nil {
			delete(h.inflight, u.ChatID)
			s.updatesGen++
			s.notifyLocked()
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-h.ctx.Done():
			t.Stop()
		}
		delay = min(delay*2, 2*time.Second)
	}
}

func (h *webhook) post(body []byte) error {
	req, err := http.NewRequestWithContext(h.ctx, http.MethodPost, h.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("building webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if h.secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", h.secret)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return fmt.Errorf("Connection refused: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("Wrong response from the webhook: %s", resp.Status)
	}
	return nil
}

// WebhookURL is the active webhook's URL, "" in polling mode.
func (s *Server) WebhookURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hook == nil {
		return ""
	}
	return s.hook.url
}

// webhookClient keeps connections to the bot open between pushes, as
// Telegram does, instead of two idle connections per host.
func webhookClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 256
	return &http.Client{Transport: t, Timeout: 60 * time.Second}
}
