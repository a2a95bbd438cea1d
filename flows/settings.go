package flows

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/people"
)

// deleteAfterChoices are the discreet-mode delays offered, in hours; all are
// under Telegram's 48-hour limit for deleting a bot's messages.
var deleteAfterChoices = []int{1, 6, 12, 24, people.MaxDeleteAfterHours}

func (t *turn) settings(ctx context.Context, edit bool) error {
	text := t.tr(locales.SettingsMenu, map[string]any{
		"Language": t.tr(locales.LanguageName, nil),
		"Regions":  t.regionNames(t.p.Regions),
		"Discreet": t.discreetStatus(),
	})
	line, err := t.orgsLine(ctx)
	if err != nil {
		return err
	}
	if line != "" {
		text += "\n" + line
	}
	kb := bot.Keyboard{
		bot.Row(t.button(t.tr(locales.ButtonLanguage, nil), "language"), t.button(t.tr(locales.ButtonRegions, nil), "countries", fromSettings)),
		bot.Row(t.button(t.tr(locales.ButtonAlertTypes, nil), "groups", fromSettings), t.button(t.tr(locales.ButtonDiscreet, nil), "discreet")),
		bot.Row(t.campaignsButton()),
		bot.Row(t.button(t.tr(locales.ButtonForget, nil), "forget")),
		bot.Row(t.button(t.tr(locales.ButtonMenu, nil), "menu")),
	}
	return t.reply(ctx, text, kb, edit)
}

// discreetStatus describes discreet mode in a few words.
func (t *turn) discreetStatus() string {
	d := t.p.Discreet
	var parts []string
	if d.DeleteAfterHours > 0 {
		parts = append(parts, t.n(locales.DiscreetDeleteAfter, d.DeleteAfterHours))
	}
	if d.QuietNights {
		parts = append(parts, t.tr(locales.DiscreetQuiet, nil))
	}
	if len(parts) == 0 {
		return t.tr(locales.DiscreetOff, nil)
	}
	return strings.Join(parts, ", ")
}

func (t *turn) discreetMenu(ctx context.Context) error {
	mark := func(on bool, s string) string {
		if on {
			return "✅ " + s
		}
		return s
	}
	d := t.p.Discreet
	kb := bot.Keyboard{bot.Row(t.button(mark(d.DeleteAfterHours == 0, t.tr(locales.DiscreetNever, nil)), "deleteafter", "0"))}
	var row []bot.Button
	for _, h := range deleteAfterChoices {
		row = append(row, t.button(mark(d.DeleteAfterHours == h, t.n(locales.DiscreetHours, h)), "deleteafter", fmt.Sprint(h)))
		if len(row) == 3 {
			kb = append(kb, row)
			row = nil
		}
	}
	if len(row) > 0 {
		kb = append(kb, row)
	}
	quiet := locales.QuietNightsOff
	if d.QuietNights {
		quiet = locales.QuietNightsOn
	}
	kb = append(kb,
		bot.Row(t.button(t.tr(quiet, nil), "quiet")),
		bot.Row(t.button(t.tr(locales.ButtonSettings, nil), "settings")),
	)
	return t.reply(ctx, t.tr(locales.DiscreetMenu, nil), kb, true)
}

func (t *turn) setDeleteAfter(ctx context.Context, hours int) error {
	if hours != 0 && !slices.Contains(deleteAfterChoices, hours) {
		return t.stale(ctx)
	}
	t.p.Discreet.DeleteAfterHours = hours
	if err := t.People.SavePerson(ctx, t.p); err != nil {
		return fmt.Errorf("saving discreet mode: %w", err)
	}
	t.answer = t.tr(locales.DiscreetSaved, nil)
	return t.discreetMenu(ctx)
}

func (t *turn) toggleQuietNights(ctx context.Context) error {
	t.p.Discreet.QuietNights = !t.p.Discreet.QuietNights
	if err := t.People.SavePerson(ctx, t.p); err != nil {
		return fmt.Errorf("saving quiet nights: %w", err)
	}
	t.answer = t.tr(locales.DiscreetSaved, nil)
	return t.discreetMenu(ctx)
}

// campaignsButton shows whether campaigns from organisations reach the
// person, and switches them.
func (t *turn) campaignsButton() bot.Button {
	if t.p.CampaignsMuted {
		return t.button(t.tr(locales.ButtonCampaignsOff, nil), "mutecampaigns", "0")
	}
	return t.button(t.tr(locales.ButtonCampaignsOn, nil), "mutecampaigns", "1")
}

// setCampaignsMuted mutes or unmutes campaigns; alerts are not affected.
// The button says which, so a double press or an old menu does not flip
// the setting back.
func (t *turn) setCampaignsMuted(ctx context.Context, muted bool) error {
	if t.p.CampaignsMuted != muted {
		t.p.CampaignsMuted = muted
		if err := t.People.SavePerson(ctx, t.p); err != nil {
			return fmt.Errorf("saving campaigns muted: %w", err)
		}
	}
	t.answer = t.tr(locales.CampaignsUnmuted, nil)
	if muted {
		t.answer = t.tr(locales.CampaignsMuted, nil)
	}
	return t.settings(ctx, true)
}
