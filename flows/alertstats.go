package flows

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/moderation"
)

// Alert statistics, as moderators see them with /alertstats in their staff
// group and partners' staff see their own with /mystats.

// PartnerStats lists a partner's latest alert versions with their delivery
// (*moderation.Desk).
type PartnerStats interface {
	PartnerLatest(ctx context.Context, partner alerts.PartnerID, n int) ([]moderation.Row, error)
}

// myStatsAction is the callback action of the Refresh button under /mystats.
const myStatsAction = "mystats"

var statusNames = map[alerts.Status]*i18n.Message{
	alerts.StatusReview:    locales.AlertStatusReview,
	alerts.StatusPublished: locales.AlertStatusSent,
	alerts.StatusRejected:  locales.AlertStatusRejected,
}

// Clipping keeps ten alerts well inside one message.
const (
	statsPartnerRunes = 60
	statsSoldAsRunes  = 40
	statsRegions      = 3
)

// statsText is the moderators' list: every partner's latest alerts.
func (f *Flows) statsText(rows []moderation.Row, lang string) string {
	t := func(m *i18n.Message, data map[string]any) string { return f.Catalog.T(lang, m, data) }
	if len(rows) == 0 {
		return t(locales.AlertStatsNone, nil)
	}
	var b strings.Builder
	b.WriteString(t(locales.AlertStatsTitle, nil))
	for _, r := range rows {
		b.WriteString("\n\n")
		b.WriteString(t(locales.AlertStatsItem, map[string]any{
			"ID": int64(r.ID), "Partner": bot.EscapeHTML(clipRunes(r.PartnerName, statsPartnerRunes)),
			"Regions": bot.EscapeHTML(f.regionNames(r.Regions, lang)), "Status": t(statusNames[r.Status], nil),
		}))
		f.writeDelivery(&b, r, locales.AlertStatsCounts, lang)
	}
	return b.String()
}

// myStatsText is a partner's own list: what each alert was about, and how
// far its delivery got, failures included.
func (f *Flows) myStatsText(p *alerts.Partner, rows []moderation.Row, lang string) string {
	t := func(m *i18n.Message, data map[string]any) string { return f.Catalog.T(lang, m, data) }
	name := bot.EscapeHTML(clipRunes(p.Name, statsPartnerRunes))
	if len(rows) == 0 {
		return t(locales.MyStatsNone, map[string]any{"Partner": name})
	}
	var b strings.Builder
	b.WriteString(t(locales.MyStatsTitle, map[string]any{"Partner": name}))
	for _, r := range rows {
		b.WriteString("\n\n")
		b.WriteString(t(locales.MyStatsItem, map[string]any{
			"ID": int64(r.ID), "What": f.alertWhat(r.Stored, lang),
			"Regions": bot.EscapeHTML(f.regionNames(r.Regions, lang)), "Status": t(statusNames[r.Status], nil),
		}))
		f.writeDelivery(&b, r, locales.MyStatsCounts, lang)
	}
	return b.String()
}

// alertWhat names an alert by what it was sold as and its main (first)
// substance, escaped.
func (f *Flows) alertWhat(st *alerts.Stored, lang string) string {
	if st.MsgType == alerts.MsgCancel {
		return f.Catalog.T(lang, locales.MyStatsCancel, nil)
	}
	var parts []string
	if st.SoldAs != "" {
		parts = append(parts, bot.EscapeHTML(clipRunes(st.SoldAs, statsSoldAsRunes)))
	}
	if len(st.Contents) > 0 {
		parts = append(parts, bot.EscapeHTML(f.Renderer.Substances.Name(st.Contents[0].Substance, lang)))
	}
	return strings.Join(parts, " / ")
}

// writeDelivery adds a published version's counts (with the counts message
// given) and delivery times; nothing for the others.
func (f *Flows) writeDelivery(b *strings.Builder, r moderation.Row, counts *i18n.Message, lang string) {
	if r.Status != alerts.StatusPublished {
		return
	}
	t := func(m *i18n.Message, data map[string]any) string { return f.Catalog.T(lang, m, data) }
	d := r.Delivery
	b.WriteString("\n" + t(counts, map[string]any{
		"Recipients": d.Recipients, "Sent": d.Sent, "Pending": d.Pending, "Blocked": d.Blocked, "Failed": d.Failed,
	}))
	if d.Sent == 0 {
		b.WriteString("\n" + t(locales.AlertStatsNotYet, nil))
		return
	}
	sec := func(v time.Duration) string {
		return strings.Replace(strconv.FormatFloat(v.Seconds(), 'f', 1, 64), ".", t(locales.AlertDecimal, nil), 1)
	}
	b.WriteString("\n" + t(locales.AlertStatsTimes, map[string]any{"First": sec(d.FirstDelivery), "P50": sec(d.P50), "P95": sec(d.P95)}))
}

// regionNames names the first few regions in lang, and how many more.
func (f *Flows) regionNames(codes []string, lang string) string {
	var names []string
	for i, c := range codes {
		if i == statsRegions {
			names = append(names, "+"+strconv.Itoa(len(codes)-i))
			break
		}
		names = append(names, f.Regions.Name(c, lang))
	}
	return strings.Join(names, ", ")
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// myStats answers /mystats and its Refresh button: a partner member sees
// their partner's latest alerts; anyone else hears the command is unknown
// (or, pressing an old button, that it is stale).
func (t *turn) myStats(ctx context.Context, edit bool) error {
	partner, err := t.partnerOf(ctx)
	if err != nil {
		return err
	}
	if partner == nil {
		if edit {
			return t.stale(ctx)
		}
		return t.mainMenu(ctx, locales.UnknownCommand, false)
	}
	if partner.Revoked() {
		return t.partnerRevoked(ctx, partner)
	}
	rows, err := t.PartnerStats.PartnerLatest(ctx, partner.ID, statsRows)
	if err != nil {
		return fmt.Errorf("loading the partner's alert stats: %w", err)
	}
	kb := bot.Keyboard{{t.button(t.tr(locales.MyStatsRefresh, nil), myStatsAction)}}
	return t.reply(ctx, t.myStatsText(partner, rows, t.lang), kb, edit)
}
