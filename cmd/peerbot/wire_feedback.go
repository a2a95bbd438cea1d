package main

import (
	"log/slog"
	"time"

	"github.com/peerbot/peerbot/api"
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/feedback"
	"github.com/peerbot/peerbot/flows"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/postgres"
	"github.com/peerbot/peerbot/privacy"
	"github.com/peerbot/peerbot/redis"
)

// feedbackParts are anonymous feedback, reports and surveys, wired once
// for the flows, the broadcast engine, the API and the janitor.
type feedbackParts struct {
	store   *postgres.FeedbackStore
	flows   *flows.Feedback
	api     *api.FeedbackAPI
	content *feedback.SurveyContent
	janitor *feedback.Janitor
}

func wireFeedback(cfg config.Config, db *postgres.DB, store *redis.Store, sender *bot.Sender, orgStore *postgres.OrgStore,
	sealer *privacy.Sealer, catalog *locales.Catalog, regions *content.Regions, substances *content.Substances, log *slog.Logger) *feedbackParts {
	fs := postgres.NewFeedbackStore(db, regions)
	return &feedbackParts{
		store: fs,
		flows: &flows.Feedback{Store: fs, Guard: store, Keys: feedback.Keys{Keyed: sealer.Keyed}, Files: sender,
			Groups: orgStore, Substances: substances, Retention: cfg.FeedbackRetention},
		api:     api.NewFeedbackAPI(orgStore, fs, store, locales.Languages, regions.Valid, log),
		content: &feedback.SurveyContent{Surveys: fs, Catalog: catalog},
		janitor: &feedback.Janitor{Store: fs, Keys: store, Retention: cfg.FeedbackRetention, Interval: time.Hour,
			Log: log.With("component", "feedback")},
	}
}
