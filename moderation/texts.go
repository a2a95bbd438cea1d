package moderation

import (
	"strconv"
	"time"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
)

// Texts writes the messages of the staff groups (Telegram HTML) in one
// language: staff groups have no language of their own, so the deployment's
// default is used.
type Texts struct {
	Catalog *locales.Catalog
	Regions *content.Regions // for the time zone decisions are shown in
	Lang    string
}

// maxShownReason is how much of a rejection reason the group sees; the
// rest is in the audit log.
const maxShownReason = 300

// Pending says who sent the version and that it waits for a moderator.
func (t *Texts) Pending(st *alerts.Stored) string {
	return t.Catalog.T(t.Lang, locales.ReviewPending, map[string]any{
		"Partner": bot.EscapeHTML(st.PartnerName), "ID": int64(st.ID),
	})
}

// Buttons are the Approve and Reject buttons of a version.
func (t *Texts) Buttons(id alerts.AlertID) bot.Keyboard {
	arg := []string{strconv.FormatInt(int64(id), 10)}
	return bot.Keyboard{{
		{Text: t.Catalog.T(t.Lang, locales.ButtonApproveSend, nil), Data: bot.MustEncodeCallback(bot.Callback{Action: ActionApprove, Args: arg})},
		{Text: t.Catalog.T(t.Lang, locales.ButtonReject, nil), Data: bot.MustEncodeCallback(bot.Callback{Action: ActionReject, Args: arg})},
	}}
}

// Decided says who sent the version and what was decided, when: never by
// whom, only "a moderator".
func (t *Texts) Decided(st *alerts.Stored, d alerts.Decision) string {
	data := map[string]any{"Partner": bot.EscapeHTML(st.PartnerName), "Time": t.clock(d.At, st.Regions)}
	if d.Approve {
		return t.Catalog.T(t.Lang, locales.ReviewApproved, data)
	}
	text := t.Catalog.T(t.Lang, locales.ReviewRejected, data)
	if d.Note != "" {
		reason := []rune(d.Note)
		if len(reason) > maxShownReason {
			reason = append(reason[:maxShownReason-1], '…')
		}
		text += "\n" + t.Catalog.T(t.Lang, locales.ReviewReason, map[string]any{"Reason": bot.EscapeHTML(string(reason))})
	}
	return text
}

// clock writes a time of day in the time zone of the alert's first
// region, where its moderators most likely are; in UTC, saying so, when the
// region is unknown.
func (t *Texts) clock(at time.Time, regions []string) string {
	if len(regions) > 0 && t.Regions != nil {
		if c, ok := t.Regions.CountryOf(regions[0]); ok && c.Location != nil {
			return at.In(c.Location).Format("15:04")
		}
	}
	return at.UTC().Format("15:04") + " UTC"
}
