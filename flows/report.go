package flows

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/charts"
	"github.com/peerbot/peerbot/feedback"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/orgs"
	"github.com/peerbot/peerbot/stats"
)

// reportWeeks is how far back /report looks.
const reportWeeks = 12

// reportCommand answers /report for organisation staff: a chart of the
// ratings their organisation may read, and one of the answers to its
// latest survey over time, each with the numbers. Counts under 5 are
// never shown, in the chart nor in the numbers.
func (t *turn) reportCommand(ctx context.Context) error {
	if t.Feedback == nil {
		return t.mainMenu(ctx, locales.UnknownCommand, false)
	}
	ms, err := t.staffOrgs(ctx)
	if err != nil {
		return err
	}
	switch len(ms) {
	case 0:
		return t.mainMenu(ctx, locales.UnknownCommand, false)
	case 1:
		return t.report(ctx, ms[0])
	}
	var kb bot.Keyboard
	for _, m := range ms {
		kb = append(kb, bot.Row(t.button(clipRunes(m.OrgName, 60), reportAction, strconv.FormatInt(int64(m.Org), 10))))
	}
	return t.reply(ctx, t.tr(locales.ReportPickOrg, nil), kb, false)
}

// reportAction is the button of an organisation in the /report picker.
const reportAction = "rpt"

// reportCallback answers the picker's button, checking again that the
// person is staff of that organisation: a role may have changed since.
func (t *turn) reportCallback(ctx context.Context, c bot.Callback) error {
	if t.Feedback == nil {
		return t.stale(ctx)
	}
	ms, err := t.staffOrgs(ctx)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if strconv.FormatInt(int64(m.Org), 10) == arg(c, 0) {
			return t.report(ctx, m)
		}
	}
	return t.stale(ctx)
}

// report sends the charts and numbers of one organisation.
func (t *turn) report(ctx context.Context, m orgs.Membership) error {
	now := t.Now()
	q := feedback.Query{Org: int64(m.Org), Period: feedback.PeriodWeek,
		From: feedback.Day(now).AddDate(0, 0, -7*reportWeeks), To: feedback.Day(now)}
	org := bot.EscapeHTML(m.OrgName)
	fewer := t.tr(locales.FewerThanFive, nil)

	totals, err := t.Feedback.Store.RatingTotals(ctx, q)
	if err != nil {
		return err
	}
	sent := false
	if totals != [5]stats.Count{} {
		cats := make([]string, 5)
		values := make([]float64, 5)
		lines := make([]string, 5)
		for i, c := range totals {
			cats[i] = strconv.Itoa(i+1) + "★"
			values[i] = c.Plot()
			lines[i] = cats[i] + ": " + bot.EscapeHTML(c.Text(fewer))
		}
		png, err := charts.Bars(charts.Chart{Title: t.tr(locales.ReportRatingsTitle, nil), Categories: cats,
			Series:  []charts.Series{{Name: t.tr(locales.ReportRatingsAxis, nil), Values: values}},
			Caption: t.tr(locales.ChartSmallCounts, nil)})
		if err != nil {
			return fmt.Errorf("drawing the ratings chart: %w", err)
		}
		caption := t.tr(locales.ReportRatings, map[string]any{"Org": org, "Lines": strings.Join(lines, "\n")})
		if err := t.sendChart(ctx, png, caption); err != nil {
			return err
		}
		sent = true
	}

	sv, err := t.Feedback.Store.LatestSurvey(ctx, int64(m.Org))
	if err != nil {
		return err
	}
	if sv != nil {
		ok, err := t.surveyChart(ctx, q, sv, fewer)
		if err != nil {
			return err
		}
		sent = sent || ok
	}
	if !sent {
		return t.reply(ctx, t.tr(locales.ReportNothing, map[string]any{"Org": org}), t.backToMenu(), false)
	}
	return nil
}

// surveyChart draws the answers to the survey's first choice or scale
// question, week by week.
func (t *turn) surveyChart(ctx context.Context, q feedback.Query, sv *feedback.Survey, fewer string) (bool, error) {
	question := -1
	for i, qu := range sv.Questions {
		if qu.Kind != feedback.Text {
			question = i
			break
		}
	}
	if question < 0 {
		return false, nil
	}
	byWeek, err := t.Feedback.Store.SurveyAnswersOverTime(ctx, q, sv.ID, question)
	if err != nil {
		return false, err
	}
	if len(byWeek) == 0 {
		return false, nil
	}
	weeks := make([]time.Time, 0, len(byWeek))
	for w := range byWeek {
		weeks = append(weeks, w)
	}
	sort.Slice(weeks, func(i, j int) bool { return weeks[i].Before(weeks[j]) })
	qu := sv.Questions[question]
	var answers, labels []string
	switch qu.Kind {
	case feedback.Scale:
		for v := 1; v <= qu.ScaleMax(); v++ {
			answers, labels = append(answers, strconv.Itoa(v)), append(labels, strconv.Itoa(v))
		}
	default:
		for i, c := range qu.Choices {
			answers, labels = append(answers, strconv.Itoa(i)), append(labels, feedback.Localized(c, t.lang))
		}
	}
	cats := make([]string, len(weeks))
	for i, w := range weeks {
		cats[i] = w.Format("02 Jan")
	}
	var series []charts.Series
	var lines []string
	for i, a := range answers {
		s := charts.Series{Name: clipRunes(labels[i], 30), Values: make([]float64, len(weeks))}
		total := stats.Count(0)
		for j, w := range weeks {
			c := byWeek[w][a]
			s.Values[j] = c.Plot()
			total += c
		}
		series = append(series, s)
		lines = append(lines, bot.EscapeHTML(labels[i])+": "+bot.EscapeHTML(total.Text(fewer)))
	}
	png, err := charts.Lines(charts.Chart{Title: clipRunes(feedback.Localized(sv.Title, t.lang), 60), Categories: cats,
		Series: series, YLabel: t.tr(locales.ReportSurveyAxis, nil), Caption: t.tr(locales.ChartSmallCounts, nil)})
	if errors.Is(err, charts.ErrEmpty) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("drawing the survey chart: %w", err)
	}
	caption := t.tr(locales.ReportSurvey, map[string]any{
		"Title":    bot.EscapeHTML(feedback.Localized(sv.Title, t.lang)),
		"Question": bot.EscapeHTML(clipRunes(feedback.Localized(qu.Text, t.lang), 200)),
		"Lines":    strings.Join(lines, "\n"),
	})
	return true, t.sendChart(ctx, png, caption)
}

// sendChart uploads a chart with its caption (cut to Telegram's limit).
func (t *turn) sendChart(ctx context.Context, png []byte, caption string) error {
	if n := len([]rune(caption)); n > 1000 {
		caption = string([]rune(caption)[:1000])
		if i := strings.LastIndex(caption, "\n"); i > 0 {
			caption = caption[:i]
		}
	}
	_, _, err := t.Feedback.Files.Upload(ctx, bot.Outgoing{Chat: t.in.Chat, PhotoData: png, Text: caption, ParseMode: bot.HTML})
	return err
}
