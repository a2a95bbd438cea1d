package main

import (
	"context"
	"fmt"
	"time"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/flows"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/privacy"
	"github.com/peerbot/peerbot/referral"
)

// referralInterval is how often the referral loop looks for unclaimed
// requests, follow-ups and expired conversations.
const referralInterval = 30 * time.Second

// referralDeps wires referral routing: the directory, the conversations,
// the sender for copies and pins, and the organisations' staff groups.
func referralDeps(db *postgres.DB, sealer *privacy.Sealer, sender *bot.Sender, groups *postgres.OrgStore) *flows.Referral {
	return &flows.Referral{
		Directory: postgres.NewDirectoryStore(db),
		Store:     postgres.NewReferralStore(db, sealer),
		Relay:     sender,
		Groups:    groups,
		Timing:    referral.DefaultTiming,
	}
}

// demoReferrals loads the fictional demo directory and makes the demo
// organisation the fallback for peer-worker requests.
func demoReferrals(ctx context.Context, db *postgres.DB, sealer *privacy.Sealer, org orgs.OrgID) error {
	opt, err := importOptions("")
	if err != nil {
		return err
	}
	d, bad, err := referral.ReadCSVPackage(content.DemoDirectory(), opt)
	if err != nil {
		return fmt.Errorf("reading the demo directory: %w", err)
	}
	if len(bad) > 0 {
		return fmt.Errorf("the demo directory has bad rows: %v", bad[0])
	}
	if err := postgres.NewDirectoryStore(db).ImportDirectory(ctx, d); err != nil {
		return err
	}
	_, err = postgres.NewReferralStore(db, sealer).AddRule(ctx, referral.Rule{Org: org, Fallback: true})
	return err
}

// demoStaffHint makes a group link code for the demo
// organisation and says how to use it in the web chat: a person who joined as
// a peer worker makes a staff group, which then receives the requests.
func demoStaffHint(ctx context.Context, store *postgres.OrgStore, org orgs.Org) (string, error) {
	link, err := store.CreateLinkCode(ctx, org.ID)
	if err != nil {
		return "", fmt.Errorf("making the demo's group link code: %w", err)
	}
	return fmt.Sprintf("Referrals to %q: a peer worker who joined as above presses \"Staff group with this person\"\n"+
		"in the web chat and sends /linkgroup %s there.\n", org.Name, link), nil
}
