package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/demo"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/privacy"
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
	console, howTo, err := demoConsole(ctx, cfg, log, ln.Addr(), hex.EncodeToString(run[:]))
	if err != nil {
		ln.Close()
		return err
	}
	chat := demo.NewWebChat(fake, log, console)
	return serve(ctx, cfg, log, serveOptions{
		listener: ln,
		extra:    map[string]http.Handler{"/": chat},
		ready: func(*service) {
			fmt.Fprintf(stdout, "\nPeerbot demo is running. Open http://%s/ to chat with the bot.\n"+
				"Its partner console publishes alerts; the public mirror is at http://%[1]s/alerts.\n%[2]sPress Ctrl+C to stop.\n\n", ln.Addr(), howTo)
		},
	})
}

// Names of the demo's partner and organisation.
const (
	demoPartnerName = "Demo Drug Checking"
	demoOrgName     = "Demo Harm Reduction"
)

// demoConsole adds the demo's drug-checking partner and organisation, both
// for every country of the region list, and returns the web chat's partner
// console, which calls the API at addr with their tokens. The tokens stay in
// memory: the demo's data is throwaway. In a database kept from an earlier
// run the names are taken, so this run's get the run id after them.
func demoConsole(ctx context.Context, cfg config.Config, log *slog.Logger, addr net.Addr, run string) (*demo.Console, string, error) {
	regions, err := content.LoadRegions("")
	if err != nil {
		return nil, "", err
	}
	countries := make([]string, 0, len(regions.Countries))
	for _, c := range regions.Countries {
		countries = append(countries, c.Code)
	}
	sealer, err := privacy.NewSealer(cfg.Secret)
	if err != nil {
		return nil, "", &config.Error{Setting: "PEERBOT_SECRET", Problem: err.Error()}
	}
	db, err := postgres.Open(ctx, cfg.DatabaseURL, log.With("component", "postgres"))
	if err != nil {
		return nil, "", err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return nil, "", err
	}

	partners := postgres.NewPartnerStore(db)
	p := &alerts.Partner{Name: demoPartnerName, Regions: countries}
	partnerToken, err := partners.AddPartner(ctx, p)
	var ae *alerts.Error
	if errors.As(err, &ae) && ae.Code == alerts.ErrConflict {
		p.Name = demoPartnerName + " " + run
		partnerToken, err = partners.AddPartner(ctx, p)
	}
	if err != nil {
		return nil, "", fmt.Errorf("adding the demo partner: %w", err)
	}

	store := postgres.NewOrgStore(db, sealer)
	org, err := store.CreateOrg(ctx, orgs.Org{Name: demoOrgName, Regions: countries})
	if errors.Is(err, orgs.ErrNameTaken) {
		org, err = store.CreateOrg(ctx, orgs.Org{Name: demoOrgName + " " + run, Regions: countries})
	}
	if err != nil {
		return nil, "", fmt.Errorf("adding the demo organisation: %w", err)
	}
	if err := demoReferrals(ctx, db, sealer, org.ID); err != nil {
		return nil, "", fmt.Errorf("loading the demo directory: %w", err)
	}
	staffHint, err := demoStaffHint(ctx, store, org)
	if err != nil {
		return nil, "", err
	}
	orgToken, err := store.CreateToken(ctx, org.ID)
	if err != nil {
		return nil, "", fmt.Errorf("adding the demo organisation's token: %w", err)
	}
	outreachHowTo, err := demoOutreach(ctx, db, sealer, store, org.ID)
	if err != nil {
		return nil, "", err
	}
	log.Info("demo partner and organisation ready", "partner", p.ID, "org", org.ID)
	return &demo.Console{APIURL: "http://" + dialAddr(addr), PartnerToken: partnerToken, OrgToken: orgToken, Regions: regions}, outreachHowTo + staffHint, nil
}

// dialAddr is an address to reach a listener at: one listening on every
// interface (":8080") is reached on the loopback.
func dialAddr(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return addr.String()
	}
	if tcp.IP.To4() != nil {
		return net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port))
	}
	return net.JoinHostPort("::1", strconv.Itoa(tcp.Port))
}
