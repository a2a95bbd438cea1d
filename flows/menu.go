package flows

import (
	"context"
	"fmt"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
)

// mainMenuKeyboard is the main menu: the overdose guide first, then alerts,
// training, help nearby, feedback, information and settings. Peers also get
// "Log a shift" (withShiftButton).
func (t *turn) mainMenuKeyboard() bot.Keyboard {
	last := bot.Row(t.button(t.tr(locales.ButtonSettings, nil), "settings"))
	if t.Cards != nil {
		last = bot.Row(t.infoButton(), last[0])
	}
	return bot.Keyboard{
		bot.Row(t.overdoseButton()),
		bot.Row(t.button(t.tr(locales.ButtonAlerts, nil), "alerts"), t.button(t.tr(locales.ButtonLearn, nil), "learn")),
		bot.Row(t.button(t.tr(locales.ButtonFindHelp, nil), "findhelp"), t.button(t.tr(locales.ButtonFeedback, nil), "feedback")),
		last,
	}
}

// backToMenu is a keyboard with only the way back.
func (t *turn) backToMenu() bot.Keyboard {
	return bot.Keyboard{bot.Row(t.button(t.tr(locales.ButtonMenu, nil), "menu"))}
}

// mainMenu shows the main menu, after an optional note.
func (t *turn) mainMenu(ctx context.Context, note *i18n.Message, edit bool) error {
	text := t.tr(locales.MainMenu, nil)
	if note != nil {
		text = t.tr(note, nil) + "\n\n" + text
	}
	return t.reply(ctx, text, t.withShiftButton(ctx, t.mainMenuKeyboard()), edit)
}

func (t *turn) comingSoon(ctx context.Context, msg *i18n.Message, edit bool) error {
	return t.reply(ctx, t.tr(msg, nil), t.backToMenu(), edit)
}

// findHelp opens the service directory (flows/referral_find.go); without
// one it gives the emergency number of the person's country.
func (t *turn) findHelp(ctx context.Context, edit bool) error {
	if t.Referral != nil {
		return t.findHelpMenu(ctx, edit)
	}
	number := "112"
	if len(t.p.Regions) > 0 {
		if c, ok := t.Regions.CountryOf(t.p.Regions[0]); ok {
			number = c.Emergency
		}
	}
	return t.reply(ctx, t.tr(locales.FindHelpComingSoon, map[string]any{"Number": bot.EscapeHTML(number)}), t.backToMenu(), edit)
}

// alertsOverview shows what the person gets alerts about.
func (t *turn) alertsOverview(ctx context.Context, edit bool) error {
	text := t.tr(locales.AlertsOverview, map[string]any{
		"Regions": t.regionNames(t.p.Regions),
		"Groups":  t.groupList(),
	})
	toggle := t.button(t.tr(locales.ButtonPauseAlerts, nil), "pause")
	if t.p.BroadcastsStopped {
		text += "\n\n" + t.tr(locales.AlertsPaused, nil)
		toggle = t.button(t.tr(locales.ButtonResumeAlerts, nil), "resume")
	}
	kb := bot.Keyboard{
		bot.Row(t.button(t.tr(locales.ButtonChangeRegions, nil), "countries", fromSettings)),
		bot.Row(t.button(t.tr(locales.ButtonChangeGroups, nil), "groups", fromSettings)),
		bot.Row(toggle),
		bot.Row(t.button(t.tr(locales.ButtonMenu, nil), "menu")),
	}
	return t.reply(ctx, text, kb, edit)
}

// groupList names the followed substance groups, in menu order.
func (t *turn) groupList() string {
	var names []string
	for _, g := range t.p.SubstanceGroups {
		if m := groupNames[g]; m != nil {
			names = append(names, bot.EscapeHTML(t.tr(m, nil)))
		}
	}
	if len(names) == 0 {
		return t.tr(locales.GroupsNone, nil)
	}
	return strings.Join(names, ", ")
}

// stop handles /stop: no more broadcasts until the person turns them back on.
func (t *turn) stop(ctx context.Context) error {
	return t.setBroadcastsStopped(ctx, true, false)
}

func (t *turn) setBroadcastsStopped(ctx context.Context, stopped, edit bool) error {
	t.p.BroadcastsStopped = stopped
	if err := t.People.SavePerson(ctx, t.p); err != nil {
		return fmt.Errorf("saving broadcast choice: %w", err)
	}
	if !stopped {
		t.answer = t.tr(locales.Resumed, nil)
		return t.alertsOverview(ctx, edit)
	}
	kb := bot.Keyboard{
		bot.Row(t.button(t.tr(locales.ButtonResumeAlerts, nil), "resume")),
		bot.Row(t.button(t.tr(locales.ButtonMenu, nil), "menu")),
	}
	return t.reply(ctx, t.tr(locales.Stopped, nil), kb, edit)
}
