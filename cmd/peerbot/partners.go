package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/privacy"
)

const partnersUsage = `usage:
  peerbot partners add NAME --region CODE [--region CODE...] [--review]
  peerbot partners list
  peerbot partners revoke NAME|ID
  peerbot partners link-code NAME|ID
  peerbot partners unlink NAME|ID

link-code prints a one-time code (24 hours) that a partner's staff send to
the bot as /partner CODE, to compose alerts in the chat; it needs
PEERBOT_SECRET. unlink removes every person linked to the partner.`

// regionFlags collects repeated --region values.
type regionFlags []string

func (r *regionFlags) String() string { return strings.Join(*r, ",") }

func (r *regionFlags) Set(v string) error {
	*r = append(*r, strings.TrimSpace(v))
	return nil
}

// partners runs `peerbot partners ...`: adding, listing and revoking the
// drug-checking partners that may publish alerts through the API, and
// linking their staff to compose alerts in the bot.
func partners(ctx context.Context, cfg config.Config, log *slog.Logger, out io.Writer, args []string) error {
	if len(args) == 0 {
		return usageError(partnersUsage)
	}
	cmd, args := args[0], args[1:]
	var run func(*postgres.DB) error
	switch cmd {
	case "add":
		name, regions, review, err := parsePartnerAdd(args)
		if err != nil {
			return err
		}
		run = func(db *postgres.DB) error {
			store := postgres.NewPartnerStore(db)
			codes, err := content.LoadRegions("")
			if err != nil {
				return err
			}
			p, token, err := addPartner(ctx, store, codes, name, regions, review)
			if err != nil {
				return err
			}
			printAdded(out, p, token)
			return nil
		}
	case "list":
		if len(args) != 0 {
			return usageError("partners list takes no arguments")
		}
		run = func(db *postgres.DB) error { return listPartners(ctx, postgres.NewPartnerStore(db), out) }
	case "revoke":
		if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
			return usageError("partners revoke takes one partner name or id\n" + partnersUsage)
		}
		run = func(db *postgres.DB) error {
			p, err := postgres.NewPartnerStore(db).RevokePartner(ctx, strings.TrimSpace(args[0]))
			if err != nil {
				return domainFailure(err)
			}
			fmt.Fprintf(out, "Revoked the token of partner %d %q; its requests are now refused.\n", p.ID, p.Name)
			return nil
		}
	case "link-code":
		if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
			return usageError("partners link-code takes one partner name or id\n" + partnersUsage)
		}
		sealer, err := privacy.NewSealer(cfg.Secret)
		if err != nil {
			return &config.Error{Setting: "PEERBOT_SECRET", Problem: err.Error()}
		}
		run = func(db *postgres.DB) error {
			p, code, err := postgres.NewPartnerMemberStore(db, sealer).CreatePartnerCode(ctx, strings.TrimSpace(args[0]))
			if err != nil {
				return domainFailure(err)
			}
			fmt.Fprintf(out, "A person at %s sends this to the bot in a private chat, within %d hours (it works once), to compose alerts for it there:\n\n  /partner %s\n",
				p.Name, int(alerts.PartnerCodeTTL/time.Hour), code)
			return nil
		}
	case "unlink":
		if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
			return usageError("partners unlink takes one partner name or id\n" + partnersUsage)
		}
		run = func(db *postgres.DB) error {
			// Unlinking hashes nothing: no secret needed.
			p, n, err := postgres.NewPartnerMemberStore(db, nil).UnlinkPartner(ctx, strings.TrimSpace(args[0]))
			if err != nil {
				return domainFailure(err)
			}
			fmt.Fprintf(out, "Unlinked %d people from partner %d %q; its unused link codes no longer work.\n", n, p.ID, p.Name)
			return nil
		}
	default:
		return usageError(fmt.Sprintf("unknown partners command %q\n%s", cmd, partnersUsage))
	}
	db, err := postgres.Open(ctx, cfg.DatabaseURL, log.With("component", "postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	return run(db)
}

// parsePartnerAdd reads "NAME --region CODE... [--review]", flags before or
// after the name.
func parsePartnerAdd(args []string) (name string, regions []string, review bool, err error) {
	fs := flag.NewFlagSet("partners add", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var rf regionFlags
	fs.Var(&rf, "region", "ISO 3166-2 region or country code the partner may publish for (repeat)")
	fs.BoolVar(&review, "review", false, "the partner's alerts wait for a moderator")
	var names []string
	for {
		if err := fs.Parse(args); err != nil {
			return "", nil, false, usageError(fmt.Sprintf("partners add: %v\n%s", err, partnersUsage))
		}
		if fs.NArg() == 0 {
			break
		}
		names = append(names, fs.Arg(0))
		args = fs.Args()[1:]
	}
	switch {
	case len(names) != 1 || strings.TrimSpace(names[0]) == "":
		return "", nil, false, usageError("partners add takes one name (quote a name with spaces)\n" + partnersUsage)
	case len(rf) == 0:
		return "", nil, false, usageError("partners add needs at least one --region, such as --region PL-14")
	}
	return names[0], rf, review, nil
}

// addPartner validates and stores a new partner and returns it with its
// token, which is never shown again.
func addPartner(ctx context.Context, store *postgres.PartnerStore, regions *content.Regions, name string, codes []string, review bool) (*alerts.Partner, string, error) {
	p := &alerts.Partner{Name: name, Regions: codes, Review: review}
	if err := p.Validate(regions); err != nil {
		var v *alerts.ValidationError
		if errors.As(err, &v) && strings.HasPrefix(v.Field, "regions[") {
			return nil, "", usageError("--region: " + v.Problem)
		}
		return nil, "", usageError(err.Error())
	}
	token, err := store.AddPartner(ctx, p)
	if err != nil {
		return nil, "", domainFailure(err)
	}
	return p, token, nil
}

func printAdded(out io.Writer, p *alerts.Partner, token string) {
	mode := "its alerts are published at once"
	if p.Review {
		mode = "its alerts wait for a moderator's approval"
	}
	fmt.Fprintf(out, "Added partner %d %q for %s; %s.\n", p.ID, p.Name, strings.Join(p.Regions, ", "), mode)
	fmt.Fprintln(out, "Its API token follows. It will not be shown again: give it to the partner over a safe channel.")
	fmt.Fprintln(out, token)
}

func listPartners(ctx context.Context, store *postgres.PartnerStore, out io.Writer) error {
	list, err := store.Partners(ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(out, "No partners yet. Add one with: peerbot partners add NAME --region CODE")
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tREGIONS\tREVIEW\tCREATED\tREVOKED")
	for _, p := range list {
		review, revoked := "no", "-"
		if p.Review {
			review = "yes"
		}
		if p.Revoked() {
			revoked = p.RevokedAt.UTC().Format(time.DateTime)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Name, strings.Join(p.Regions, ","), review,
			p.CreatedAt.UTC().Format(time.DateTime), revoked)
	}
	return tw.Flush()
}

// domainFailure turns the store's refusals (a name taken, no such partner,
// revoked already) into one line for the operator; other errors stay.
func domainFailure(err error) error {
	var e *alerts.Error
	if errors.As(err, &e) && e.Code != alerts.ErrInternal {
		return commandError(e.Message)
	}
	return err
}

// commandError is a command that could not be done for a reason the
// operator can act on: one line, exit code 1.
type commandError string

func (e commandError) Error() string { return string(e) }
