package flows

import (
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
)

// Commands is the command menu in lang, set with setMyCommands at start-up.
// Every command here is handled by command().
func Commands(c *locales.Catalog, lang string) []bot.Command {
	return []bot.Command{
		{Command: "start", Description: c.T(lang, locales.CmdStart, nil)},
		{Command: "overdose", Description: c.T(lang, locales.CmdOverdose, nil)},
		{Command: "alerts", Description: c.T(lang, locales.CmdAlerts, nil)},
		{Command: "info", Description: c.T(lang, locales.CmdInfo, nil)},
		{Command: "learn", Description: c.T(lang, locales.CmdLearn, nil)},
		{Command: "help", Description: c.T(lang, locales.CmdHelp, nil)},
		{Command: "feedback", Description: c.T(lang, locales.CmdFeedback, nil)},
		{Command: "settings", Description: c.T(lang, locales.CmdSettings, nil)},
		{Command: "stop", Description: c.T(lang, locales.CmdStop, nil)},
		{Command: "forget", Description: c.T(lang, locales.CmdForget, nil)},
	}
}
