// Command peerbot runs the Peerbot service: the Telegram bot, its HTTP API
// and the tools around them.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // region time zones work on images without tzdata

	"github.com/peerbot/peerbot/config"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `peerbot: a Telegram bot for harm-reduction organisations.

Usage:
  peerbot serve     run the bot and the HTTP API (needs TELEGRAM_BOT_TOKEN, PEERBOT_SECRET)
  peerbot demo      run the bot against a built-in Telegram emulator with a web chat
  peerbot migrate   apply database migrations and exit
  peerbot bench     measure update handling or broadcast delivery:
                      peerbot bench updates | broadcast | training (see BENCHMARKS.md)
  peerbot partners  add, list or revoke drug-checking partners and their API tokens:
                      peerbot partners add NAME --region PL-14 [--region PL-12] [--review]
                      peerbot partners list
                      peerbot partners revoke NAME|ID
                      peerbot partners link-code NAME|ID  (staff send /partner CODE to compose alerts in the bot)
                      peerbot partners unlink NAME|ID
  peerbot orgs      manage organisations: add, list, invite, link-code, token,
                    revoke-token (see peerbot orgs)
  peerbot cards check DIR
                    check a folder of information cards; prints file:line: problem
  peerbot modules   check training module folders: peerbot modules check [--require en,pt,pl,uk] DIR
  peerbot training  verify a completion code: peerbot training verify CODE (needs PEERBOT_SECRET)
  peerbot surveys   add a survey from a YAML file: peerbot surveys add FILE --org ORG [--send]
  peerbot services  the service directory (HSDS 3.0): import PATH, export DIR
                    (see peerbot services)
  peerbot referrals peer-worker routing rules: rule, rules, unrule
                    (see peerbot referrals)
  peerbot version   print the version

Settings are environment variables:
  TELEGRAM_BOT_TOKEN  token from @BotFather (serve)
  TELEGRAM_API_URL    Bot API server (default https://api.telegram.org)
  DATABASE_URL        PostgreSQL (default postgres://postgres@127.0.0.1:5432/peerbot?sslmode=disable)
  REDIS_URL           Redis (default redis://127.0.0.1:6379/0)
  REDIS_PREFIX        prefix of every Redis key (default peerbot:)
  HTTP_ADDR           HTTP listen address (default 127.0.0.1:8080)
  WEBHOOK_URL         https URL Telegram posts updates to; unset: long polling
  WEBHOOK_SECRET      secret Telegram sends with each webhook call (required with WEBHOOK_URL)
  PEERBOT_SECRET      deployment secret, 32+ characters: encrypts chat ids (serve)
  BROADCAST_RATE      broadcast messages per second (default 25, at most SEND_RATE)
  PAID_BROADCAST      true: broadcasts may go up to 1000/s, paid in Stars (default false)
  SEND_RATE           all messages per second (default 30); CHAT_RATE per chat (default 1)
  FEEDBACK_RETENTION  how long feedback comments and typed survey answers are kept (default 180d)
  LOG_LEVEL           debug, info, warn or error (default info)
  CONTENT_DIR         an organisation's own content: CONTENT_DIR/cards/<id>/ adds or replaces
                      information cards (peerbot cards check), CONTENT_DIR/modules/<id>/ adds
                      training modules (peerbot modules check)
  BOT_USERNAME        the bot's @username, for invite links (orgs invite)
`

// Main runs one command; tests run it with their own environment.
type Main struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(Main{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}.Run(ctx, os.Args[1:]))
}

// Run runs the command in args and returns the exit code: 0 on success, 1 on
// failure, 2 on a usage or configuration error.
func (m Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "-h", "--help", "help":
		fmt.Fprint(m.Stdout, usage)
		return 0
	case "version", "--version":
		fmt.Fprintln(m.Stdout, "peerbot", version)
		return 0
	case "cards":
		// Checking content needs no settings, database or secret.
		return m.exit(cardsCommand(m.Stdout, rest), slog.New(slog.NewTextHandler(m.Stderr, nil)), cmd)
	}
	var needs config.Needs
	switch cmd {
	case "serve":
		needs = config.Needs{Token: true, Secret: true}
	case "orgs", "training", "surveys", "referrals":
		needs = config.Needs{Secret: true}
	case "partners":
		// Link codes are stored keyed-hashed under the deployment secret.
		if len(rest) > 0 && rest[0] == "link-code" {
			needs = config.Needs{Secret: true}
		}
	case "migrate", "demo", "bench", "modules", "services":
	default:
		fmt.Fprintf(m.Stderr, "peerbot: unknown command %q (see peerbot --help)\n", cmd)
		return 2
	}
	cfg, err := config.Load(m.Getenv, needs)
	if err != nil {
		fmt.Fprintln(m.Stderr, "peerbot: setting", err)
		return 2
	}
	log := slog.New(slog.NewJSONHandler(m.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	switch cmd {
	case "serve":
		err = serve(ctx, cfg, log, serveOptions{})
	case "migrate":
		err = migrate(ctx, cfg, log)
	case "demo":
		err = runDemo(ctx, cfg, log, m.Stdout, rest)
	case "bench":
		err = bench(ctx, cfg, log, m.Stdout, rest)
	case "partners":
		err = partners(ctx, cfg, log, m.Stdout, rest)
	case "orgs":
		err = orgsCommand(ctx, cfg, log, m.Stdout, m.Getenv, rest)
	case "modules":
		err = modulesCommand(m.Stdout, rest)
	case "training":
		err = trainingCommand(cfg, log, m.Stdout, rest)
	case "surveys":
		err = surveysCommand(ctx, cfg, log, m.Stdout, rest)
	case "services":
		err = servicesCommand(ctx, cfg, log, m.Stdout, rest)
	case "referrals":
		err = referralsCommand(ctx, cfg, log, m.Stdout, rest)
	}
	return m.exit(err, log, cmd)
}

// exit prints what went wrong, if anything, and returns the exit code.
func (m Main) exit(err error, log *slog.Logger, cmd string) int {
	if err != nil {
		if ce, ok := config.AsError(err); ok {
			fmt.Fprintln(m.Stderr, "peerbot: setting", ce)
			return 2
		}
		if ue, ok := err.(usageError); ok {
			fmt.Fprintln(m.Stderr, "peerbot:", string(ue))
			return 2
		}
		if ce, ok := err.(commandError); ok {
			fmt.Fprintln(m.Stderr, "peerbot:", string(ce))
			return 1
		}
		log.Error("stopped", "command", cmd, "err", err)
		return 1
	}
	return 0
}

// usageError is a mistake in a command's arguments.
type usageError string

func (e usageError) Error() string { return string(e) }
