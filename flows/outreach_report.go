package flows

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/charts"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/outreach"
	"github.com/peerbot/peerbot/stats"
)

// outreachAction is the callback action of /outreach; its arguments are
// the organisation and the month (YYYY-MM).
const outreachAction = "or"

// chartPlaces is how many places the chart names; the rest are summed as
// "other places", so the legend stays readable on a phone.
const chartPlaces = 4

// textPlaces is how many places the numbers list one by one; the rest are
// summed, so the message stays within Telegram's 4096 characters.
const textPlaces = 25

// outreachCommand answers /outreach for organisation staff: this month's
// numbers and chart, a picker when they are staff of several, and the
// unknown command answer for everyone else.
func (t *turn) outreachCommand(ctx context.Context) error {
	ms, err := t.staffOrgs(ctx)
	if err != nil {
		return err
	}
	month := outreach.MonthOf(t.Now().UTC())
	switch len(ms) {
	case 0:
		return t.mainMenu(ctx, locales.UnknownCommand, false)
	case 1:
		return t.outreachMonth(ctx, ms[0], month)
	}
	var kb bot.Keyboard
	for _, m := range ms {
		kb = append(kb, bot.Row(t.button(clipRunes(m.OrgName, 60), outreachAction, strconv.FormatInt(int64(m.Org), 10), month.String())))
	}
	return t.reply(ctx, t.tr(locales.OutreachPickOrg, nil), kb, false)
}

// outreachButton handles the month buttons, checking on every press that
// the person is still staff of the organisation.
func (t *turn) outreachButton(ctx context.Context, c bot.Callback) error {
	month, err := outreach.ParseMonth(arg(c, 1))
	if err != nil {
		return t.stale(ctx)
	}
	m, ok, err := t.staffMembership(ctx, arg(c, 0))
	if err != nil {
		return err
	}
	if !ok {
		return t.stale(ctx)
	}
	return t.outreachMonth(ctx, m, month)
}

// outreachMonth sends one month of the organisation's outreach: a chart of
// materials by place, and the numbers, with counts under 5 hidden. Each
// month comes as new messages: a photo cannot be edited into another.
func (t *turn) outreachMonth(ctx context.Context, m orgs.Membership, month outreach.Month) error {
	r, err := t.Outreach.Monthly(ctx, m.Org, month, month)
	if err != nil {
		return fmt.Errorf("loading monthly outreach: %w", err)
	}
	mr := r.Months[0]
	org := strconv.FormatInt(int64(m.Org), 10)
	nav := []bot.Button{t.button("‹ "+month.Prev().String(), outreachAction, org, month.Prev().String())}
	if month.Index() < outreach.MonthOf(t.Now().UTC()).Index() {
		nav = append(nav, t.button(month.Next().String()+" ›", outreachAction, org, month.Next().String()))
	}
	kb := bot.Keyboard{nav, bot.Row(t.button(t.tr(locales.ButtonHotspots, nil), hotspotAction, org)),
		bot.Row(t.button(t.tr(locales.ButtonMenu, nil), "menu"))}
	data := map[string]any{"Org": bot.EscapeHTML(m.OrgName), "Month": month.String()}
	if mr.Total.Shifts == 0 {
		return t.reply(ctx, t.tr(locales.OutreachMonthEmpty, data), kb, false)
	}
	text := t.outreachText(mr, data)
	png, err := t.outreachChart(mr, m.OrgName)
	if err != nil {
		// The numbers matter more than the picture.
		t.Log.Warn("drawing outreach chart", "err", err)
		return t.reply(ctx, text, kb, false)
	}
	out := bot.Outgoing{Chat: t.in.Chat, PhotoData: png, ParseMode: bot.HTML}
	if bot.UTF16Len(text) <= bot.MaxCaption {
		out.Text, out.Keyboard = text, kb
		_, err := t.Send.Send(ctx, out)
		return err
	}
	out.Text = t.tr(locales.OutreachChartTitle, data)
	if _, err := t.Send.Send(ctx, out); err != nil {
		return err
	}
	return t.reply(ctx, text, kb, false)
}

// outreachText is the month's numbers, total then by place.
func (t *turn) outreachText(mr outreach.MonthReport, data map[string]any) string {
	fewer := t.tr(locales.FewerThanFive, nil)
	count := func(n int) string { return stats.Count(n).Text(fewer) }
	var places []string
	other := outreach.NewTally()
	for i, p := range mr.Places {
		if i >= textPlaces {
			other.Add(p.Tally)
			continue
		}
		places = append(places, t.tr(locales.OutreachPlaceLine, map[string]any{
			"Place": t.placeName(p.Label, p.Region), "Shifts": count(int(p.Shifts)), "Contacts": count(int(p.Contacts)),
		}))
	}
	if len(mr.Places) > textPlaces {
		places = append(places, t.tr(locales.OutreachPlaceLine, map[string]any{
			"Place": t.tr(locales.OutreachOtherPlaces, nil), "Shifts": count(int(other.Shifts)), "Contacts": count(int(other.Contacts)),
		}))
	}
	data["Total"] = t.tallyText(mr.Total, count)
	data["Places"] = strings.Join(places, "\n")
	return t.tr(locales.OutreachMonth, data)
}

// outreachChart draws materials given by place: a group per material, a
// bar per place. Counts under 5 are drawn as zero, as the caption says.
func (t *turn) outreachChart(mr outreach.MonthReport, org string) ([]byte, error) {
	c := charts.Chart{
		// Plain text: the picture is no HTML.
		Title:   t.tr(locales.OutreachChartTitle, map[string]any{"Org": org, "Month": mr.Month.String()}),
		Caption: t.tr(locales.ChartSmallCounts, nil),
	}
	for _, m := range outreach.Materials {
		c.Categories = append(c.Categories, wrapLabel(t.tr(materialNames[m], nil)))
	}
	other := outreach.NewTally()
	for i, p := range mr.Places {
		if i >= chartPlaces {
			other.Add(p.Tally)
			continue
		}
		name := p.Label
		if name == "" {
			name = t.Regions.Name(p.Region, t.lang)
		}
		c.Series = append(c.Series, materialSeries(name, p.Tally))
	}
	if len(mr.Places) > chartPlaces {
		c.Series = append(c.Series, materialSeries(t.tr(locales.OutreachOtherPlaces, nil), other))
	}
	return charts.Bars(c)
}

// wrapLabel breaks a long axis label in two at the space nearest its
// middle, so six materials fit under the chart side by side.
func wrapLabel(s string) string {
	runes := []rune(s)
	if len(runes) <= 12 {
		return s
	}
	best := -1
	for i, r := range runes {
		if r == ' ' && (best < 0 || abs(i-len(runes)/2) < abs(best-len(runes)/2)) {
			best = i
		}
	}
	if best < 0 {
		return s
	}
	return string(runes[:best]) + "\n" + string(runes[best+1:])
}

func abs(n int) int { return max(n, -n) }

func materialSeries(name string, tl outreach.Tally) charts.Series {
	s := charts.Series{Name: name}
	for _, m := range outreach.Materials {
		s.Values = append(s.Values, tl.Materials[m].Plot())
	}
	return s
}
