package main

import (
	"log/slog"

	"github.com/peerbot/peerbot/config"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/info"
)

// loadCards reads the built-in information cards and the organisation's
// own from CONTENT_DIR/cards. A broken card is logged (file:line: problem)
// and left out: the bot runs with the others.
func loadCards(cfg config.Config, subs *content.Substances, log *slog.Logger) (*info.Library, error) {
	lib, problems, err := info.Load(content.BuiltinCards(), cfg.ContentDir, subs)
	if err != nil {
		return nil, &config.Error{Setting: "CONTENT_DIR", Problem: err.Error()}
	}
	for _, p := range problems {
		log.Warn("information card left out", "component", "info", "problem", p.Error())
	}
	return lib, nil
}
