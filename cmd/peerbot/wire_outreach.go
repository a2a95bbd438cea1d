package main

import (
	"log/slog"

	"github.com/peerbot/peerbot/api"
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
