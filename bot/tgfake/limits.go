package tgfake

import (
	"fmt"
	"math"
	"net/http"
	"time"
)

// bucket is a token bucket: rate tokens per second, up to burst.
type bucket struct {
	rate, burst float64
	tokens      float64
	last        time.Time
}

func newBucket(rate float64, burst int) *bucket {
	b := float64(burst)
	if b <= 0 {
		b = math.Max(1, math.Floor(rate))
	}
	return &bucket{rate: rate, burst: b, tokens: b}
}

// wait is how long until a token is available (0: one is there now).
func (b *bucket) wait(now time.Time) time.Duration {
	b.refill(now)
	if b.tokens >= 1 {
		return 0
	}
	return time.Duration((1 - b.tokens) / b.rate * float64(time.Second))
}

func (b *bucket) take(now time.Time) {
	b.refill(now)
	b.tokens--
}

func (b *bucket) refill(now time.Time) {
	if !b.last.IsZero() && now.After(b.last) {
		b.tokens = math.Min(b.burst, b.tokens+now.Sub(b.last).Seconds()*b.rate)
	}
	if now.After(b.last) {
		b.last = now
	}
}

// limiter enforces the message limits and remembers the retry_after
// windows it has announced, to count clients that do not honour them.
type limiter struct {
	globalRate, chatRate float64
	chatBurst            int
	global               *bucket
	paid                 *bucket // allow_paid_broadcast sends
	chats                map[int64]*bucket
	globalUntil          time.Time
	chatUntil            map[int64]time.Time
	// When each window opened: a send late in a window cannot have been
	// under way when the 429 was answered.
	globalFrom time.Time
	chatFrom   map[int64]time.Time
}

func newLimiter(o Options) *limiter {
	l := &limiter{globalRate: o.GlobalPerSecond, chatRate: o.PerChatPerSecond, chatBurst: o.PerChatBurst,
		chats: map[int64]*bucket{}, chatUntil: map[int64]time.Time{}, chatFrom: map[int64]time.Time{}}
	if o.GlobalPerSecond > 0 {
		l.global = newBucket(o.GlobalPerSecond, o.GlobalBurst)
	}
	if o.PaidPerSecond > 0 {
		l.paid = newBucket(o.PaidPerSecond, 0)
	}
	return l
}

// SetLimits changes the rate limits of a running fake (0 = unlimited).
func (s *Server) SetLimits(globalPerSecond, perChatPerSecond float64, globalBurst, perChatBurst int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.opts
	o.GlobalPerSecond, o.PerChatPerSecond, o.GlobalBurst, o.PerChatBurst = globalPerSecond, perChatPerSecond, globalBurst, perChatBurst
	s.limits = newLimiter(o)
}

func tooManyRequests(wait time.Duration) *apiError {
	secs := max(int(math.Ceil(wait.Seconds())), 1)
	return &apiError{Code: http.StatusTooManyRequests, Description: fmt.Sprintf("Too Many Requests: retry after %d", secs), RetryAfter: secs}
}

// admit decides whether a send may go now. s.mu is held.
func (l *limiter) admit(s *Server, req *request) *apiError {
	now := s.opts.Now()
	chatID := req.int64("chat_id")
	// A send inside an announced retry_after is a client bug: count it and
	// refuse it again with the time that is left.
	if now.Before(l.globalUntil) || now.Before(l.chatUntil[chatID]) {
		s.stats.CallsDuringRetryAfter++
		from, until := l.globalFrom, l.globalUntil
		if l.chatUntil[chatID].After(until) {
			from, until = l.chatFrom[chatID], l.chatUntil[chatID]
		}
		if now.Sub(from) >= until.Sub(from)/2 {
			s.stats.CallsLateInRetryAfter++
		}
		return tooManyRequests(until.Sub(now))
	}
	var chatBucket *bucket
	if l.chatRate > 0 {
		chatBucket = l.chats[chatID]
		if chatBucket == nil {
			chatBucket = newBucket(l.chatRate, l.chatBurst)
			l.chats[chatID] = chatBucket
		}
		if w := chatBucket.wait(now); w > 0 {
			e := tooManyRequests(w)
			l.chatFrom[chatID], l.chatUntil[chatID] = now, now.Add(time.Duration(e.RetryAfter)*time.Second)
			return e
		}
	}
	global := l.global
	if req.bool("allow_paid_broadcast") {
		global = l.paid
	}
	if global != nil {
		if w := global.wait(now); w > 0 {
			e := tooManyRequests(w)
			l.globalFrom, l.globalUntil = now, now.Add(time.Duration(e.RetryAfter)*time.Second)
			return e
		}
		global.take(now)
	}
	if chatBucket != nil {
		chatBucket.take(now)
	}
	return nil
}

// openGlobalWindow records an injected 429 as a window for the whole bot.
func (l *limiter) openGlobalWindow(now time.Time, secs int) {
	if until := now.Add(time.Duration(secs) * time.Second); until.After(l.globalUntil) {
		l.globalFrom, l.globalUntil = now, until
	}
}
