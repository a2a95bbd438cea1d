package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/peerbot/peerbot/api"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/outreach"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/privacy"
)

// outreachParts are the outreach log's pieces: the store the flows log
// shifts in, and the API organisations read monthly reports from.
type outreachParts struct {
	store *postgres.OutreachStore
	api   *api.OutreachAPI
}

// wireOutreach builds the outreach log on db.
func wireOutreach(db *postgres.DB, sealer *privacy.Sealer, orgStore *postgres.OrgStore, log *slog.Logger) outreachParts {
	store := postgres.NewOutreachStore(db, sealer)
	return outreachParts{store: store, api: api.NewOutreachAPI(orgStore, store, log)}
}

// demoHotspots are the demo organisation's named places.
var demoHotspots = []outreach.Hotspot{
	{Label: "Cais do Sodré", Region: "PT-11"},
	{Label: "Intendente", Region: "PT-11"},
	{Label: "Dworzec Centralny", Region: "PL-14"},
	{Label: "Omonia", Region: "GR-I"},
}

// demoOutreach gives the demo organisation hotspots, and invites for a
// peer worker and a staff member, so anyone can log a shift in the web chat
// and see it in the month's chart. It returns how to use them.
func demoOutreach(ctx context.Context, db *postgres.DB, sealer *privacy.Sealer, orgStore *postgres.OrgStore, org orgs.OrgID) (string, error) {
	store := postgres.NewOutreachStore(db, sealer)
	for _, h := range demoHotspots {
		h.Org = org
		if _, err := store.AddHotspot(ctx, h); err != nil {
			return "", fmt.Errorf("adding the demo hotspots: %w", err)
		}
	}
	codes := map[orgs.Role]string{}
	for _, role := range []orgs.Role{orgs.RolePeer, orgs.RoleStaff} {
		code, err := orgStore.CreateInvite(ctx, org, role, orgs.MaxInviteUses, orgs.DefaultInviteTTL)
		if err != nil {
			return "", fmt.Errorf("adding the demo invites: %w", err)
		}
		codes[role] = code
	}
	return fmt.Sprintf("To join the demo organisation as a peer worker (peer training in 📚 Learn, 📝 Log a shift),\n"+
		"send /start %s in the chat; as staff (/outreach, /trainingstats), /start %s.\n",
		orgs.JoinPayload(codes[orgs.RolePeer]), orgs.JoinPayload(codes[orgs.RoleStaff])), nil
}
