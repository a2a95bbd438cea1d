package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/privacy"
)

const orgsUsage = `usage:
  peerbot orgs add NAME [--region PL-14 ...] [--moderator]
  peerbot orgs list
  peerbot orgs invite ORG --role peer|staff|admin [--uses N] [--days D]
  peerbot orgs link-code ORG
  peerbot orgs token ORG
  peerbot orgs revoke-token ORG
  peerbot orgs hotspot add ORG LABEL [--region PT-11]
  peerbot orgs hotspot list ORG

ORG is an organisation's id or name. Codes and tokens are printed once and
stored only hashed. Needs PEERBOT_SECRET; BOT_USERNAME (the bot's @username)
makes invite links clickable.`

// orgsCommand runs `peerbot orgs ...`.
func orgsCommand(ctx context.Context, cfg config.Config, log *slog.Logger, out io.Writer, getenv func(string) string, args []string) error {
	if len(args) == 0 {
		return usageError(orgsUsage)
	}
	if args[0] == "hotspot" {
		return hotspotCommand(ctx, cfg, log, out, args[1:])
	}
	// Arguments are checked before connecting, so a typo answers at once.
	run, err := parseOrgsArgs(args[0], args[1:], getenv)
	if err != nil {
		return err
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
	return run(ctx, postgres.NewOrgStore(db, sealer), out)
}

// orgsRun is one parsed orgs subcommand, ready to run on the store.
type orgsRun func(ctx context.Context, s *postgres.OrgStore, out io.Writer) error

// regionList collects repeated --region flags; a comma also separates.
type regionList []string

func (r *regionList) String() string { return strings.Join(*r, ",") }

func (r *regionList) Set(v string) error {
	for c := range strings.SplitSeq(v, ",") {
		if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
			*r = append(*r, c)
		}
	}
	return nil
}

// parseInterspersed parses flags that may come before or after the
// positional arguments, which the flag package alone stops at.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

var botUsername = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{3,31}$`)

func parseOrgsArgs(sub string, args []string, getenv func(string) string) (orgsRun, error) {
	fs := flag.NewFlagSet("orgs "+sub, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var regions regionList
	moderator := false
	var role string
	uses, days := orgs.DefaultInviteUses, int(orgs.DefaultInviteTTL/(24*time.Hour))
	switch sub {
	case "add":
		fs.Var(&regions, "region", "")
		fs.BoolVar(&moderator, "moderator", false, "")
	case "invite":
		fs.StringVar(&role, "role", "", "")
		fs.IntVar(&uses, "uses", uses, "")
		fs.IntVar(&days, "days", days, "")
	case "list", "link-code", "token", "revoke-token":
	default:
		return nil, usageError(fmt.Sprintf("unknown orgs command %q (see peerbot orgs)", sub))
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, usageError(fmt.Sprintf("orgs %s: %v", sub, err))
	}
	wantArgs := 1
	if sub == "list" {
		wantArgs = 0
	}
	if len(pos) != wantArgs {
		what := "an organisation (id or name)"
		if sub == "add" {
			what = "the organisation's name (quote it if it has spaces)"
		}
		if wantArgs == 0 {
			return nil, usageError("orgs list takes no arguments")
		}
		return nil, usageError(fmt.Sprintf("orgs %s needs %s, got %d arguments", sub, what, len(pos)))
	}

	switch sub {
	case "add":
		return parseAdd(strings.TrimSpace(pos[0]), regions, moderator)
	case "list":
		return listOrgs, nil
	case "invite":
		return parseInvite(pos[0], role, uses, days, getenv)
	case "link-code":
		return func(ctx context.Context, s *postgres.OrgStore, out io.Writer) error {
			o, err := findOrg(ctx, s, pos[0])
			if err != nil {
				return err
			}
			code, err := s.CreateLinkCode(ctx, o.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "Send this in the staff group of %s, with the bot added to it, within %d hours (it works once):\n\n  /linkgroup %s\n",
				o.Name, int(orgs.LinkCodeTTL/time.Hour), code)
			return nil
		}, nil
	case "token":
		return func(ctx context.Context, s *postgres.OrgStore, out io.Writer) error {
			o, err := findOrg(ctx, s, pos[0])
			if err != nil {
				return err
			}
			token, err := s.CreateToken(ctx, o.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "API token for %s (shown only now; keep it secret, send it as \"Authorization: Bearer TOKEN\"):\n\n  %s\n", o.Name, token)
			return nil
		}, nil
	default: // revoke-token
		return func(ctx context.Context, s *postgres.OrgStore, out io.Writer) error {
			o, err := findOrg(ctx, s, pos[0])
			if err != nil {
				return err
			}
			n, err := s.RevokeTokens(ctx, o.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "Revoked %d API token(s) of %s.\n", n, o.Name)
			return nil
		}, nil
	}
}

func parseAdd(name string, regions regionList, moderator bool) (orgsRun, error) {
	known, err := content.LoadRegions("")
	if err != nil {
		return nil, err
	}
	o := orgs.Org{Name: name, Regions: regions, ModeratesAlerts: moderator}
	if err := o.Validate(); err != nil {
		return nil, usageError("orgs add: " + strings.TrimPrefix(err.Error(), orgs.ErrInvalid.Error()+": "))
	}
	for _, r := range regions {
		if !known.Valid(r) {
			return nil, usageError(fmt.Sprintf("orgs add: region %q is not one the bot knows (content/regions.yaml)", r))
		}
	}
	return func(ctx context.Context, s *postgres.OrgStore, out io.Writer) error {
		created, err := s.CreateOrg(ctx, o)
		if errors.Is(err, orgs.ErrNameTaken) {
			return commandError(fmt.Sprintf("an organisation named %q exists already (see peerbot orgs list)", name))
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Added organisation %d: %s\n", created.ID, created.Name)
		return nil
	}, nil
}

func parseInvite(ref, role string, uses, days int, getenv func(string) string) (orgsRun, error) {
	if role == "" {
		return nil, usageError("orgs invite: --role peer, staff or admin is required")
	}
	r, err := orgs.ParseRole(role)
	if err != nil {
		return nil, usageError(fmt.Sprintf("orgs invite: --role %q is not peer, staff or admin", role))
	}
	maxDays := int(orgs.MaxInviteTTL / (24 * time.Hour))
	if uses < 1 || uses > orgs.MaxInviteUses {
		return nil, usageError(fmt.Sprintf("orgs invite: --uses must be between 1 and %d", orgs.MaxInviteUses))
	}
	if days < 1 || days > maxDays {
		return nil, usageError(fmt.Sprintf("orgs invite: --days must be between 1 and %d", maxDays))
	}
	bot := strings.TrimPrefix(strings.TrimSpace(getenv("BOT_USERNAME")), "@")
	if bot != "" && !botUsername.MatchString(bot) {
		return nil, &config.Error{Setting: "BOT_USERNAME", Problem: "must be the bot's Telegram username, letters, digits and _"}
	}
	return func(ctx context.Context, s *postgres.OrgStore, out io.Writer) error {
		o, err := findOrg(ctx, s, ref)
		if err != nil {
			return err
		}
		ttl := time.Duration(days) * 24 * time.Hour
		code, err := s.CreateInvite(ctx, o.ID, r, uses, ttl)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "Invite to %s as %s: %s (%d use(s), valid %d day(s), until %s)\n",
			o.Name, r, code, uses, days, time.Now().Add(ttl).UTC().Format("2006-01-02 15:04 UTC"))
		payload := orgs.JoinPayload(code)
		if bot != "" {
			fmt.Fprintf(out, "Link: https://t.me/%s?start=%s\n", bot, payload)
		} else {
			fmt.Fprintf(out, "In the bot, send: /start %s\n(set BOT_USERNAME to get a link)\n", payload)
		}
		return nil
	}, nil
}

// findOrg finds an organisation by id or, failing that, by name.
func findOrg(ctx context.Context, s *postgres.OrgStore, ref string) (orgs.Org, error) {
	ref = strings.TrimSpace(ref)
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		o, err := s.Org(ctx, orgs.OrgID(id))
		if !errors.Is(err, orgs.ErrNotFound) {
			return o, err
		}
	}
	o, err := s.OrgByName(ctx, ref)
	if errors.Is(err, orgs.ErrNotFound) {
		return orgs.Org{}, commandError(fmt.Sprintf("no organisation %q (see peerbot orgs list)", ref))
	}
	return o, err
}

func listOrgs(ctx context.Context, s *postgres.OrgStore, out io.Writer) error {
	sums, err := s.Summaries(ctx)
	if err != nil {
		return err
	}
	if len(sums) == 0 {
		fmt.Fprintln(out, "No organisations yet: add one with peerbot orgs add NAME.")
		return nil
	}
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tREGIONS\tMODERATES\tPEERS\tSTAFF\tADMINS\tGROUPS\tTOKENS")
	for _, o := range sums {
		regions, moderates := strings.Join(o.Regions, ","), "no"
		if regions == "" {
			regions = "-"
		}
		if o.ModeratesAlerts {
			moderates = "yes"
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\n", o.ID, o.Name, regions, moderates,
			o.Members[orgs.RolePeer], o.Members[orgs.RoleStaff], o.Members[orgs.RoleAdmin], o.StaffGroups, o.ActiveTokens)
	}
	return w.Flush()
}
