package config

import (
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

const goodToken = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345678"
const goodSecret = "0123456789abcdef0123456789abcdef"

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil), Needs{})
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != DefaultDatabaseURL || c.RedisURL != DefaultRedisURL || c.TelegramAPIURL != DefaultTelegramAPIURL {
		t.Errorf("defaults not applied: %+v", c)
	}
	if c.BroadcastRate != 25 || c.SendRate != 30 || c.ChatRate != 1 {
		t.Errorf("rates = %v %v %v", c.BroadcastRate, c.SendRate, c.ChatRate)
	}
}

func TestLoadErrorsNameTheSetting(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		needs   Needs
		setting string
	}{
		{"token missing", nil, Needs{Token: true}, "TELEGRAM_BOT_TOKEN"},
		{"token malformed", map[string]string{"TELEGRAM_BOT_TOKEN": "nope"}, Needs{Token: true}, "TELEGRAM_BOT_TOKEN"},
		{"secret missing", nil, Needs{Secret: true}, "PEERBOT_SECRET"},
		{"secret short", map[string]string{"PEERBOT_SECRET": "short"}, Needs{Secret: true}, "PEERBOT_SECRET"},
		{"database scheme", map[string]string{"DATABASE_URL": "mysql://x"}, Needs{}, "DATABASE_URL"},
		{"redis scheme", map[string]string{"REDIS_URL": "http://x"}, Needs{}, "REDIS_URL"},
		{"api url", map[string]string{"TELEGRAM_API_URL": "ftp://x"}, Needs{}, "TELEGRAM_API_URL"},
		{"webhook not https", map[string]string{"WEBHOOK_URL": "http://example.org/hook", "WEBHOOK_SECRET": "abc"}, Needs{}, "WEBHOOK_URL"},
		{"webhook http on a private address", map[string]string{"WEBHOOK_URL": "http://10.0.0.8/hook", "WEBHOOK_SECRET": "abc"}, Needs{}, "WEBHOOK_URL"},
		{"webhook without secret", map[string]string{"WEBHOOK_URL": "https://example.org/hook"}, Needs{}, "WEBHOOK_SECRET"},
		{"webhook secret chars", map[string]string{"WEBHOOK_SECRET": "a b"}, Needs{}, "WEBHOOK_SECRET"},
		{"broadcast rate", map[string]string{"BROADCAST_RATE": "fast"}, Needs{}, "BROADCAST_RATE"},
		{"broadcast rate above send rate", map[string]string{"BROADCAST_RATE": "100"}, Needs{}, "BROADCAST_RATE"},
		{"paid broadcast over Telegram's limit", map[string]string{"BROADCAST_RATE": "5000", "PAID_BROADCAST": "true"}, Needs{}, "BROADCAST_RATE"},
		{"paid broadcast not a boolean", map[string]string{"PAID_BROADCAST": "sometimes"}, Needs{}, "PAID_BROADCAST"},
		{"negative rate", map[string]string{"SEND_RATE": "-1"}, Needs{}, "SEND_RATE"},
		{"log level", map[string]string{"LOG_LEVEL": "loud"}, Needs{}, "LOG_LEVEL"},
		{"http addr", map[string]string{"HTTP_ADDR": "8080"}, Needs{}, "HTTP_ADDR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(env(tt.env), tt.needs)
			ce, ok := AsError(err)
			if !ok {
				t.Fatalf("err = %v, want a *config.Error", err)
			}
			if ce.Setting != tt.setting {
				t.Errorf("setting = %s, want %s", ce.Setting, tt.setting)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestTokenNeverEchoed(t *testing.T) {
	bad := "123456:short"
	_, err := Load(env(map[string]string{"TELEGRAM_BOT_TOKEN": bad}), Needs{Token: true})
	if err == nil || strings.Contains(err.Error(), bad) {
		t.Fatalf("err = %v; must not contain the token", err)
	}
}

func TestLoadValid(t *testing.T) {
	c, err := Load(env(map[string]string{
		"TELEGRAM_BOT_TOKEN": goodToken, "PEERBOT_SECRET": goodSecret,
		"WEBHOOK_URL": "https://bot.example.org/tg", "WEBHOOK_SECRET": "s3cret_-",
		"BROADCAST_RATE": "0", "TELEGRAM_API_URL": "http://127.0.0.1:8081/",
	}), Needs{Token: true, Secret: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.TelegramAPIURL != "http://127.0.0.1:8081" {
		t.Errorf("trailing slash kept: %s", c.TelegramAPIURL)
	}
	if c.BroadcastRate != 0 {
		t.Errorf("rate 0 (unlimited) not accepted")
	}
	for _, hook := range []string{"http://127.0.0.1:8080/tg", "http://localhost/tg", "http://[::1]:9/tg"} {
		if _, err := Load(env(map[string]string{"WEBHOOK_URL": hook, "WEBHOOK_SECRET": "s"}), Needs{}); err != nil {
			t.Errorf("loopback webhook %s refused: %v", hook, err)
		}
	}
}
