// Package config reads the service's settings from environment variables,
// checks them once at start-up, and names the setting that is wrong.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the service. The names of the environment
// variables are part of the interface other programs rely on (DESIGN.md).
type Config struct {
	TelegramToken  string  // TELEGRAM_BOT_TOKEN
	TelegramAPIURL string  // TELEGRAM_API_URL
	DatabaseURL    string  // DATABASE_URL
	RedisURL       string  // REDIS_URL
	RedisPrefix    string  // REDIS_PREFIX
	HTTPAddr       string  // HTTP_ADDR
	WebhookURL     string  // WEBHOOK_URL; empty means long polling
	WebhookSecret  string  // WEBHOOK_SECRET
	Secret         string  // PEERBOT_SECRET
	BroadcastRate  float64 // BROADCAST_RATE, messages per second for broadcasts
	PaidBroadcast  bool    // PAID_BROADCAST, send broadcasts with allow_paid_broadcast (Telegram Stars)
	SendRate       float64 // SEND_RATE, all outgoing messages per second
	ChatRate       float64 // CHAT_RATE, messages per second to one chat
	ContentDir     string  // CONTENT_DIR, an organisation's own content (cards/, modules/); empty: built-ins only
	LogLevel       slog.Level
	// FeedbackRetention (FEEDBACK_RETENTION, default 180 days) is how long
	// free text in feedback and survey answers is kept.
	FeedbackRetention time.Duration
}

// Defaults point at the local PostgreSQL and Redis and the public Bot API.
const (
	DefaultTelegramAPIURL = "https://api.telegram.org"
	DefaultDatabaseURL    = "postgres://postgres@127.0.0.1:5432/peerbot?sslmode=disable"
	DefaultRedisURL       = "redis://127.0.0.1:6379/0"
	DefaultHTTPAddr       = "127.0.0.1:8080"
	DefaultRedisPrefix    = "peerbot:"
)

// Error names the setting that is wrong, so start-up can print one line.
type Error struct {
	Setting string
	Problem string
}

func (e *Error) Error() string { return e.Setting + ": " + e.Problem }

// Needs says which settings a command requires.
type Needs struct {
	Token  bool // the Telegram token (serve)
	Secret bool // the deployment secret (serve, demo, bench)
}

var (
	tokenPattern  = regexp.MustCompile(`^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$`)
	secretPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
)

// Load reads the settings through getenv (os.Getenv in production) and
// validates them. The first problem found is returned as *Error.
func Load(getenv func(string) string, needs Needs) (Config, error) {
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	c := Config{
		TelegramToken:  get("TELEGRAM_BOT_TOKEN", ""),
		TelegramAPIURL: strings.TrimRight(get("TELEGRAM_API_URL", DefaultTelegramAPIURL), "/"),
		DatabaseURL:    get("DATABASE_URL", DefaultDatabaseURL),
		RedisURL:       get("REDIS_URL", DefaultRedisURL),
		RedisPrefix:    get("REDIS_PREFIX", DefaultRedisPrefix),
		HTTPAddr:       get("HTTP_ADDR", DefaultHTTPAddr),
		WebhookURL:     get("WEBHOOK_URL", ""),
		WebhookSecret:  get("WEBHOOK_SECRET", ""),
		Secret:         getenv("PEERBOT_SECRET"),
		ContentDir:     get("CONTENT_DIR", ""),
	}
	var err error
	if c.BroadcastRate, err = rate(get("BROADCAST_RATE", "25"), "BROADCAST_RATE"); err != nil {
		return c, err
	}
	if c.SendRate, err = rate(get("SEND_RATE", "30"), "SEND_RATE"); err != nil {
		return c, err
	}
	if c.ChatRate, err = rate(get("CHAT_RATE", "1"), "CHAT_RATE"); err != nil {
		return c, err
	}
	switch v := strings.ToLower(get("PAID_BROADCAST", "false")); v {
	case "true", "1", "yes":
		c.PaidBroadcast = true
	case "false", "0", "no":
	default:
		return c, &Error{"PAID_BROADCAST", fmt.Sprintf("must be true or false, got %q", v)}
	}
	// Telegram lets broadcasts exceed the overall limit only as paid
	// broadcasts; otherwise a higher broadcast rate could never be reached.
	if !c.PaidBroadcast && c.SendRate > 0 && c.BroadcastRate > c.SendRate {
		return c, &Error{"BROADCAST_RATE", fmt.Sprintf("must not exceed SEND_RATE (%g) unless PAID_BROADCAST=true", c.SendRate)}
	}
	if c.PaidBroadcast && (c.BroadcastRate == 0 || c.BroadcastRate > 1000) {
		return c, &Error{"BROADCAST_RATE", "must be from 1 to 1000 with PAID_BROADCAST=true (Telegram's limit for paid broadcasts)"}
	}
	if c.FeedbackRetention, err = retention(get("FEEDBACK_RETENTION", "180d")); err != nil {
		return c, err
	}
	if err := c.LogLevel.UnmarshalText([]byte(get("LOG_LEVEL", "info"))); err != nil {
		return c, &Error{"LOG_LEVEL", "must be debug, info, warn or error"}
	}
	if needs.Token {
		if c.TelegramToken == "" {
			return c, &Error{"TELEGRAM_BOT_TOKEN", "is not set (ask @BotFather for a token, or run `peerbot demo` to try the bot without one)"}
		}
		if !tokenPattern.MatchString(c.TelegramToken) {
			// Never echo the token itself.
			return c, &Error{"TELEGRAM_BOT_TOKEN", "does not look like a bot token (digits, a colon, then letters, digits, _ or -)"}
		}
	}
	if err := httpURL(c.TelegramAPIURL, "TELEGRAM_API_URL"); err != nil {
		return c, err
	}
	if err := schemeURL(c.DatabaseURL, "DATABASE_URL", "postgres", "postgresql"); err != nil {
		return c, err
	}
	if err := schemeURL(c.RedisURL, "REDIS_URL", "redis", "rediss", "unix"); err != nil {
		return c, err
	}
	if !strings.Contains(c.HTTPAddr, ":") {
		return c, &Error{"HTTP_ADDR", "must be host:port or :port, for example 127.0.0.1:8080"}
	}
	if c.WebhookURL != "" {
		u, perr := url.Parse(c.WebhookURL)
		// Plain http only to this machine: a self-hosted Bot API server
		// (TELEGRAM_API_URL) may call a local webhook without TLS.
		if perr != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && loopback(u.Hostname()))) {
			return c, &Error{"WEBHOOK_URL", "must be an https:// URL that Telegram can reach (http:// only for a local Bot API server on this machine)"}
		}
		if c.WebhookSecret == "" {
			return c, &Error{"WEBHOOK_SECRET", "is required when WEBHOOK_URL is set"}
		}
	}
	if c.WebhookSecret != "" && !secretPattern.MatchString(c.WebhookSecret) {
		return c, &Error{"WEBHOOK_SECRET", "must be 1-256 characters of A-Z, a-z, 0-9, _ and -"}
	}
	if needs.Secret {
		switch {
		case c.Secret == "":
			return c, &Error{"PEERBOT_SECRET", "is not set (use at least 32 random characters, for example from `openssl rand -base64 48`)"}
		case len(c.Secret) < 32:
			return c, &Error{"PEERBOT_SECRET", "is too short: use at least 32 characters"}
		}
	}
	return c, nil
}

// retention reads a number of days ("180d" or "180") or a Go duration
// ("72h"), from one hour to ten years.
func retention(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil {
		days, derr := strconv.Atoi(strings.TrimSuffix(v, "d"))
		if derr != nil {
			return 0, &Error{"FEEDBACK_RETENTION", fmt.Sprintf("must be a number of days such as 180d, got %q", v)}
		}
		d = time.Duration(days) * 24 * time.Hour
	}
	if d < time.Hour || d > 3650*24*time.Hour {
		return 0, &Error{"FEEDBACK_RETENTION", fmt.Sprintf("must be from 1h to 3650d, got %q", v)}
	}
	return d, nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func rate(v, name string) (float64, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f > 100000 {
		return 0, &Error{name, fmt.Sprintf("must be a number of messages per second from 0 (no limit) to 100000, got %q", v)}
	}
	return f, nil
}

func httpURL(v, name string) error {
	return schemeURL(v, name, "http", "https")
}

func schemeURL(v, name string, schemes ...string) error {
	u, err := url.Parse(v)
	if err == nil {
		for _, s := range schemes {
			if u.Scheme == s {
				return nil
			}
		}
	}
	return &Error{name, "must be a " + strings.Join(schemes, " or ") + " URL"}
}

// AsError reports whether err is a configuration error.
func AsError(err error) (*Error, bool) {
	var ce *Error
	ok := errors.As(err, &ce)
	return ce, ok
}
