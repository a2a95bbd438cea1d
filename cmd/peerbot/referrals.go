package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/privacy"
	"github.com/peerbot/peerbot/referral"
)

const referralsUsage = `usage:
  peerbot referrals rule ORG [--region PT-11] [--need naloxone]
  peerbot referrals fallback ORG
  peerbot referrals rules
  peerbot referrals unrule ID
  peerbot referrals hours ORG [--tz Europe/Lisbon] ["MO,TU,WE,TH,FR 10:00-18:00" ...]
  peerbot referrals remind ORG MINUTES

Routing of "talk to a peer worker": a request for a region and a need goes to
the organisation of the most specific rule (region and need, region, the
region's country, need, any); the fallback organisation takes the rest, and
requests nobody took in time. ORG is an organisation's id or name; its staff
groups (/linkgroup CODE) receive the requests. hours says when its peer workers
answer (--tz defaults to the time zone of its first region's country); a person
asking outside them is told when someone will. No hours clears them. remind
says how many minutes (1 to 1440; 0: the default, 10) a request waits unclaimed
before its staff groups are reminded; after twice that the fallback takes it.`

// referralsCommand runs `peerbot referrals ...`.
func referralsCommand(ctx context.Context, cfg config.Config, log *slog.Logger, out io.Writer, args []string) error {
	if len(args) == 0 {
		return usageError(referralsUsage)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		return err
	}
	var run func(context.Context, *postgres.OrgStore, *postgres.ReferralStore) error
	switch args[0] {
	case "rule", "fallback":
		fs := flag.NewFlagSet("referrals rule", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		region := fs.String("region", "", "")
		need := fs.String("need", "", "")
		// The organisation comes first; flags follow it.
		if len(args) < 2 || fs.Parse(args[2:]) != nil || fs.NArg() != 0 {
			return usageError(referralsUsage)
		}
		r := referral.Rule{Region: *region, Need: referral.Need(*need), Fallback: args[0] == "fallback"}
		if r.Fallback && (*region != "" || *need != "") {
			return usageError("referrals fallback: takes no --region or --need")
		}
		if r.Region != "" && !regions.Valid(r.Region) {
			return usageError(fmt.Sprintf("referrals rule: --region %q is not one the bot knows (content/regions.yaml)", r.Region))
		}
		if r.Need != "" && !r.Need.Valid() {
			return usageError(fmt.Sprintf("referrals rule: --need %q is not one of the needs (see README)", r.Need))
		}
		ref := args[1]
		run = func(ctx context.Context, os *postgres.OrgStore, rs *postgres.ReferralStore) error {
			o, err := findOrg(ctx, os, ref)
			if err != nil {
				return err
			}
			r.Org = o.ID
			if r, err = rs.AddRule(ctx, r); err != nil {
				return err
			}
			fmt.Fprintf(out, "Rule %d: %s -> %s\n", r.ID, describeRule(r), o.Name)
			return nil
		}
	case "rules":
		run = func(ctx context.Context, os *postgres.OrgStore, rs *postgres.ReferralStore) error {
			rules, err := rs.Rules(ctx)
			if err != nil {
				return err
			}
			if len(rules) == 0 {
				fmt.Fprintln(out, "No rules yet: add one with peerbot referrals rule ORG or peerbot referrals fallback ORG.")
				return nil
			}
			w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tRULE\tORGANISATION")
			for _, r := range rules {
				name := strconv.FormatInt(int64(r.Org), 10)
				if o, err := os.Org(ctx, r.Org); err == nil {
					name = o.Name
				}
				fmt.Fprintf(w, "%d\t%s\t%s\n", r.ID, describeRule(r), name)
			}
			return w.Flush()
		}
	case "hours":
		fs := flag.NewFlagSet("referrals hours", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		tz := fs.String("tz", "", "")
		if len(args) < 2 || fs.Parse(args[2:]) != nil {
			return usageError(referralsUsage)
		}
		var week referral.Week
		for _, spec := range fs.Args() {
			h, err := referral.ParseHoursSpec(spec)
			if err != nil {
				return usageError("referrals hours: " + err.Error())
			}
			week = append(week, h)
		}
		if *tz != "" {
			if _, err := time.LoadLocation(*tz); err != nil {
				return usageError(fmt.Sprintf("referrals hours: --tz %q is not an IANA time zone such as Europe/Lisbon", *tz))
			}
		}
		ref := args[1]
		run = func(ctx context.Context, os *postgres.OrgStore, rs *postgres.ReferralStore) error {
			o, err := findOrg(ctx, os, ref)
			if err != nil {
				return err
			}
			zone := *tz
			if zone == "" && len(o.Regions) > 0 {
				if c, ok := regions.CountryOf(o.Regions[0]); ok {
					zone = c.TimeZone
				}
			}
			if zone == "" && len(week) > 0 {
				return usageError("referrals hours: give --tz: the organisation has no region to take a time zone from")
			}
			if err := rs.SetOrgHours(ctx, o.ID, week, zone); err != nil {
				return err
			}
			if len(week) == 0 {
				fmt.Fprintf(out, "%s: no answering hours (requests are not told when someone will answer)\n", o.Name)
				return nil
			}
			for _, h := range week {
				fmt.Fprintf(out, "%s answers %s %s-%s (%s)\n", o.Name, h.ByDay(), h.Opens, h.Closes, zone)
			}
			return nil
		}
	case "remind":
		if len(args) != 3 {
			return usageError(referralsUsage)
		}
		minutes, err := strconv.Atoi(args[2])
		if err != nil || minutes < 0 || minutes > 1440 {
			return usageError("referrals remind: MINUTES is a whole number from 1 to 1440, or 0 for the default")
		}
		ref := args[1]
		run = func(ctx context.Context, os *postgres.OrgStore, rs *postgres.ReferralStore) error {
			o, err := findOrg(ctx, os, ref)
			if err != nil {
				return err
			}
			if err := rs.SetRemindAfter(ctx, o.ID, time.Duration(minutes)*time.Minute); err != nil {
				return err
			}
			if minutes == 0 {
				minutes = int(referral.DefaultTiming.Remind.Minutes())
			}
			fmt.Fprintf(out, "%s: unclaimed requests are reminded after %d minutes and passed to the fallback after %d\n", o.Name, minutes, 2*minutes)
			return nil
		}
	case "unrule":
		if len(args) != 2 {
			return usageError(referralsUsage)
		}
		id, err := strconv.ParseInt(args[1], 10, 64)
		if err != nil {
			return usageError("referrals unrule: ID is a number (see peerbot referrals rules)")
		}
		run = func(ctx context.Context, _ *postgres.OrgStore, rs *postgres.ReferralStore) error {
			ok, err := rs.DeleteRule(ctx, id)
			if err != nil {
				return err
			}
			if !ok {
				return commandError(fmt.Sprintf("no rule %d (see peerbot referrals rules)", id))
			}
			fmt.Fprintf(out, "Deleted rule %d\n", id)
			return nil
		}
	default:
		return usageError(referralsUsage)
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
	err = run(ctx, postgres.NewOrgStore(db, sealer), postgres.NewReferralStore(db, sealer))
	if errors.Is(err, orgs.ErrNotFound) {
		return commandError("no such organisation (see peerbot orgs list)")
	}
	return err
}

func describeRule(r referral.Rule) string {
	if r.Fallback {
		return "fallback"
	}
	region, need := r.Region, string(r.Need)
	if region == "" {
		region = "any region"
	}
	if need == "" {
		need = "any need"
	}
	return region + ", " + need
}
