package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/feedback"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/privacy"
)

const surveysUsage = `usage:
  peerbot surveys add FILE --org ORG [--send]

FILE is a survey in YAML (see README, "Feedback, reports and surveys"):
a title and questions (single, multiple, scale, text) in every language
the survey goes to. ORG is an organisation's id or name. With --send the
survey goes out at once to its segment (its regions, else the
organisation's), through the broadcast engine of the running service.`

// surveysCommand runs `peerbot surveys ...`.
func surveysCommand(ctx context.Context, cfg config.Config, log *slog.Logger, out io.Writer, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		return usageError(surveysUsage)
	}
	fs := flag.NewFlagSet("surveys add", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	org := fs.String("org", "", "organisation id or name")
	send := fs.Bool("send", false, "send it now")
	var file string
	rest := args[1:]
	if len(rest) > 0 && rest[0] != "" && rest[0][0] != '-' {
		file, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil || *org == "" || file == "" || fs.NArg() > 0 {
		return usageError(surveysUsage)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return commandError(fmt.Sprintf("reading %s: %v", file, err))
	}
	sv, err := feedback.ParseSurveyYAML(raw)
	if err != nil {
		return commandError(fmt.Sprintf("%s: %v", file, err))
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		return err
	}
	if err := sv.Validate(locales.Languages, regions.Valid); err != nil {
		return commandError(fmt.Sprintf("%s: %v", file, err))
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
	o, err := findOrg(ctx, postgres.NewOrgStore(db, sealer), *org)
	if err != nil {
		return err
	}
	store := postgres.NewFeedbackStore(db, regions)
	sv.Org, sv.CreatedBy = int64(o.ID), "cli"
	created, err := store.CreateSurvey(ctx, sv)
	if err != nil {
		return err
	}
	if *send {
		if created, err = store.SendSurvey(ctx, int64(o.ID), created.ID, sv.OpenFor()); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "Survey %d added for %s (%s).\n", created.ID, o.Name, created.Status)
	if !*send {
		fmt.Fprintf(out, "Send it with POST /api/v1/surveys/%d/send, or add it again with --send.\n", created.ID)
	}
	return nil
}
