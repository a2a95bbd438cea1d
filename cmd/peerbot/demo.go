package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"

	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/demo"
	"github.com/peerbot/peerbot/postgres"
)

// demoSecret encrypts the demo's chat ids. The demo's people are simulated,
// so a fixed secret is fine there and nowhere else.
const demoSecret = "peerbot-demo-secret-not-for-production-use"

// demo runs the whole bot against the built-in Telegram emulator and serves a
// web chat where anyone can talk to it as one or several simulated people.
func runDemo(ctx context.Context, cfg config.Config, log *slog.Logger, stdout io.Writer, args []string) error {
	if len(args) > 0 {
		return usageError("demo takes no arguments; settings are environment variables (see peerbot --help)")
	}
	// Telegram's own limits, so the demo shows the bot keeping to them.
	fake := tgfake.New(tgfake.DefaultOptions())
	defer fake.Close()
	cfg.TelegramToken = fake.Token()
	cfg.TelegramAPIURL = fake.URL()
	cfg.WebhookURL = ""
	if cfg.Secret == "" {
		cfg.Secret = demoSecret
	}
	// Every run starts as fresh as the emulator, whose people and update ids
	// start again from the beginning: a throwaway database of the demo's own
	// (unless DATABASE_URL names another) and a Redis prefix of this run.
	if cfg.DatabaseURL == config.DefaultDatabaseURL {
		cfg.DatabaseURL = "postgres://postgres@127.0.0.1:5432/peerbot_demo?sslmode=disable"
		if err := postgres.RecreateDatabase(ctx, cfg.DatabaseURL); err != nil {
			return err
		}
	} else if err := postgres.EnsureDatabase(ctx, cfg.DatabaseURL); err != nil {
		return err
	}
	var run [4]byte
	rand.Read(run[:])
	cfg.RedisPrefix = "peerbot-demo-" + hex.EncodeToString(run[:]) + ":"
	defer deleteRedisPrefix(cfg.RedisURL, cfg.RedisPrefix, log)
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return &config.Error{Setting: "HTTP_ADDR", Problem: err.Error()}
	}
	chat := demo.NewWebChat(fake, log)
	return serve(ctx, cfg, log, serveOptions{
		listener: ln,
		extra:    map[string]http.Handler{"/": chat},
		ready: func(*service) {
			fmt.Fprintf(stdout, "\nPeerbot demo is running. Open http://%s/ to chat with the bot.\nPress Ctrl+C to stop.\n\n", ln.Addr())
		},
	})
}
