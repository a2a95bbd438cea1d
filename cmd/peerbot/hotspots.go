package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/outreach"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/privacy"
)

const hotspotUsage = `usage:
  peerbot orgs hotspot add ORG LABEL [--region PT-11]
  peerbot orgs hotspot list ORG

A hotspot is a named place where the organisation's peers do outreach (a
square, a station): peers pick it when they log a shift. Never a person.`

// hotspotCommand runs `peerbot orgs hotspot ...`.
func hotspotCommand(ctx context.Context, cfg config.Config, log *slog.Logger, out io.Writer, args []string) error {
	if len(args) == 0 {
		return usageError(hotspotUsage)
	}
	sub := args[0]
	fs := flag.NewFlagSet("orgs hotspot "+sub, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var region string
	want := 1
	switch sub {
	case "add":
		fs.StringVar(&region, "region", "", "")
		want = 2
	case "list":
	default:
		return usageError(fmt.Sprintf("unknown orgs hotspot command %q (see peerbot orgs hotspot)", sub))
	}
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return usageError(fmt.Sprintf("orgs hotspot %s: %v", sub, err))
	}
	if len(pos) != want {
		return usageError(fmt.Sprintf("orgs hotspot %s needs %d arguments, got %d (see peerbot orgs hotspot)", sub, want, len(pos)))
	}
	h := outreach.Hotspot{Region: strings.ToUpper(strings.TrimSpace(region))}
	if sub == "add" {
		h.Label = strings.TrimSpace(pos[1])
		if err := h.Validate(); err != nil {
			return usageError("orgs hotspot add: " + strings.TrimPrefix(err.Error(), outreach.ErrInvalid.Error()+": "))
		}
		known, err := content.LoadRegions("")
		if err != nil {
			return err
		}
		if h.Region != "" && !known.Valid(h.Region) {
			return usageError(fmt.Sprintf("orgs hotspot add: region %q is not one the bot knows (content/regions.yaml)", h.Region))
		}
	}

	sealer, err := privacy.NewSealer(cfg.Secret)
	if err != nil {
		return &config.Error{Setting: "PEERBOT_SECRET", Problem: err.Error()}
	}
	db, err := postgres.Open(ctx, cfg.DatabaseURL, log.With("component", "postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	o, err := findOrg(ctx, postgres.NewOrgStore(db, sealer), pos[0])
	if err != nil {
		return err
	}
	store := postgres.NewOutreachStore(db, sealer)
	if sub == "list" {
		hs, err := store.Hotspots(ctx, o.ID)
		if err != nil {
			return err
		}
		if len(hs) == 0 {
			fmt.Fprintf(out, "%s has no hotspots yet (peerbot orgs hotspot add).\n", o.Name)
		}
		for _, h := range hs {
			fmt.Fprintf(out, "%d\t%s\t%s\n", h.ID, h.Label, h.Region)
		}
		return nil
	}
	h.Org = o.ID
	added, err := store.AddHotspot(ctx, h)
	if errors.Is(err, outreach.ErrHotspotTaken) {
		return commandError(fmt.Sprintf("%s has a hotspot named %q already", o.Name, h.Label))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Added hotspot %d to %s: %s\n", added.ID, o.Name, added.Label)
	return nil
}
