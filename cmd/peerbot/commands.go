package main

import (
	"context"
	"errors"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/flows"
	"github.com/peerbot/peerbot/locales"
)

// setCommands sets the command menu and the bot's descriptions in every
// language; the English ones are also the default for other languages.
func setCommands(ctx context.Context, s *bot.Sender, c *locales.Catalog) error {
	var errs []error
	for _, lang := range append([]string{""}, locales.Languages...) {
		l := lang
		if l == "" {
			l = locales.Default
		}
		errs = append(errs,
			s.SetCommands(ctx, lang, flows.Commands(c, l)),
			s.SetDescription(ctx, lang, c.T(l, locales.BotDescription, nil), c.T(l, locales.BotShortDescription, nil)),
		)
	}
	return errors.Join(errs...)
}
