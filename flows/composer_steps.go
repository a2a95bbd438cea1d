package flows

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/people"
)

// formNames are the forms as the alert itself names them.
var formNames = map[alerts.Form]*i18n.Message{
	alerts.FormPill: locales.AlertFormPill, alerts.FormPowder: locales.AlertFormPowder,
	alerts.FormCrystal: locales.AlertFormCrystal, alerts.FormBlotter: locales.AlertFormBlotter,
	alerts.FormLiquid: locales.AlertFormLiquid, alerts.FormCapsule: locales.AlertFormCapsule,
	alerts.FormOther: locales.AlertFormOther,
}

// severityButtons label the three levels.
var severityButtons = []struct {
	level alerts.Severity
	msg   *i18n.Message
}{
	{alerts.Information, locales.ComposeButtonInformation},
	{alerts.Caution, locales.ComposeButtonCaution},
	{alerts.Warning, locales.ComposeButtonWarning},
}

// btn makes a button of this draft.
func (c *composer) btn(text, op string, value ...string) bot.Button {
	return c.button(text, composeAction, append([]string{c.d.ID, op}, value...)...)
}

// nav is the row every step ends with.
func (c *composer) nav() []bot.Button {
	return bot.Row(c.btn(c.tr(locales.ComposeButtonBack, nil), "back"), c.btn(c.tr(locales.ButtonCancel, nil), "cancel"))
}

// goOn is the button that leaves an optional or answered step.
func (c *composer) goOn(msg *i18n.Message) []bot.Button {
	return bot.Row(c.btn(c.tr(msg, nil), "step", c.d.Step))
}

func mark(chosen bool, s string) string {
	if chosen {
		return "✅ " + s
	}
	return s
}

// upperFirst capitalises a label that the alert writes in lower case.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// rows lays buttons out n to a row.
func rows(buttons []bot.Button, n int) bot.Keyboard {
	var kb bot.Keyboard
	for len(buttons) > 0 {
		k := min(n, len(buttons))
		kb = append(kb, buttons[:k])
		buttons = buttons[k:]
	}
	return kb
}

// show saves the draft at step and shows the step, after an optional note
// (the start of a draft, or what was wrong with the last answer).
func (c *composer) show(ctx context.Context, step string, note *string, edit bool) error {
	if step == stepPreview {
		return c.preview(ctx, c.lang)
	}
	c.d.Step = step
	if err := c.save(ctx); err != nil {
		return err
	}
	body, kb := c.screen(step)
	text := c.title(step) + "\n\n" + body
	if note != nil {
		text = *note + "\n\n" + text
	}
	return c.reply(ctx, text, append(kb, c.nav()), edit)
}

// title is the step's number and title: "3/10 · Form".
func (c *composer) title(step string) string {
	step = numberedStep(step)
	return fmt.Sprintf("<b>%d/%d · %s</b>", slices.Index(composeSteps, step)+1, len(composeSteps), c.tr(stepTitles[step], nil))
}

// screen is a step's text and buttons (without the Back and Cancel row).
func (c *composer) screen(step string) (string, bot.Keyboard) {
	d := c.d
	switch step {
	case stepPhoto:
		if d.Photo != "" {
			return c.tr(locales.ComposePhotoHave, nil), bot.Keyboard{
				bot.Row(c.btn(c.tr(locales.ComposeButtonRemovePhoto, nil), "nophoto")),
				c.goOn(locales.ComposeButtonNext),
			}
		}
		return c.tr(locales.ComposePhoto, nil), bot.Keyboard{c.goOn(locales.ComposeButtonSkip)}
	case stepSoldAs:
		if d.SoldAs != "" {
			return c.tr(locales.ComposeSoldAsHave, map[string]any{"Value": bot.EscapeHTML(d.SoldAs)}),
				bot.Keyboard{c.goOn(locales.ComposeButtonNext)}
		}
		return c.tr(locales.ComposeSoldAs, nil), bot.Keyboard{c.goOn(locales.ComposeButtonSkip)}
	case stepForm:
		var bs []bot.Button
		for _, f := range alerts.Forms {
			bs = append(bs, c.btn(mark(d.Form == f, upperFirst(c.tr(formNames[f], nil))), "form", string(f)))
		}
		return c.tr(locales.ComposeForm, nil), rows(bs, 2)
	case stepGroup:
		var kb bot.Keyboard
		for _, g := range people.SubstanceGroups {
			kb = append(kb, bot.Row(c.btn(c.tr(groupNames[g], nil), "grp", g)))
		}
		return c.tr(locales.ComposeGroup, nil), kb
	case stepSubstance:
		var bs []bot.Button
		for _, s := range c.Renderer.Substances.List {
			if s.Group == d.Group {
				bs = append(bs, c.btn(c.Renderer.Substances.Name(s.ID, c.lang), "sub", s.ID))
			}
		}
		group := ""
		if m := groupNames[d.Group]; m != nil {
			group = bot.EscapeHTML(c.tr(m, nil))
		}
		return c.tr(locales.ComposeSubstance, map[string]any{"Group": group}), rows(bs, 2)
	case stepAmount:
		return c.tr(locales.ComposeAmount, map[string]any{
				"Substance": bot.EscapeHTML(c.Renderer.Substances.Name(d.Substance, c.lang)),
				"Units":     bot.EscapeHTML(strings.Join(alerts.Units, ", ")),
			}), bot.Keyboard{
				bot.Row(c.btn(c.tr(locales.ComposeButtonTrace, nil), "amt", "trace")),
				bot.Row(c.btn(c.tr(locales.ComposeButtonNoAmount, nil), "amt", "none")),
			}
	case stepContents:
		var kb bot.Keyboard
		if len(d.Contents) < alerts.MaxContents {
			kb = append(kb, bot.Row(c.btn(c.tr(locales.ComposeButtonAddAnother, nil), "more")))
		}
		kb = append(kb, bot.Row(c.btn(c.tr(locales.ComposeButtonRemoveLast, nil), "rmlast")), c.goOn(locales.ComposeButtonNext))
		return c.tr(locales.ComposeContents, map[string]any{"List": c.contentList()}), kb
	case stepOverdoses:
		yes, no := d.Overdoses != nil && *d.Overdoses, d.Overdoses != nil && !*d.Overdoses
		return c.tr(locales.ComposeOverdoses, nil), bot.Keyboard{bot.Row(
			c.btn(mark(yes, c.tr(locales.ComposeButtonYes, nil)), "od", "1"),
			c.btn(mark(no, c.tr(locales.ComposeButtonNo, nil)), "od", "0"),
		)}
	case stepSeverity:
		var kb bot.Keyboard
		for _, s := range severityButtons {
			kb = append(kb, bot.Row(c.btn(mark(d.Severity == s.level, c.tr(s.msg, nil)), "sev", strconv.Itoa(int(s.level)))))
		}
		return c.tr(locales.ComposeSeverity, nil), kb
	case stepAreas:
		var kb bot.Keyboard
		for _, r := range c.partner.Regions {
			name := c.Regions.Name(r, c.lang)
			if !slices.Contains(d.Regions, r) {
				name = "▫️ " + name
			}
			kb = append(kb, bot.Row(c.btn(mark(slices.Contains(d.Regions, r), name), "reg", r)))
		}
		return c.tr(locales.ComposeRegions, nil), append(kb, c.goOn(locales.ComposeButtonNext))
	case stepAdvice:
		var bs []bot.Button
		var have []string
		for _, l := range locales.Languages {
			name := c.Catalog.T(l, locales.LanguageName, nil)
			if _, ok := d.Advice[l]; ok {
				have = append(have, bot.EscapeHTML(name))
			}
			bs = append(bs, c.btn(mark(d.Advice[l] != "", name), "alang", l))
		}
		text := c.tr(locales.ComposeAdvice, nil)
		if len(have) > 0 {
			text += "\n\n" + c.tr(locales.ComposeAdviceHave, map[string]any{"List": strings.Join(have, ", ")})
		}
		return text, append(rows(bs, 2), c.goOn(locales.ComposeButtonNext))
	case stepAdviceText:
		return c.tr(locales.ComposeAdviceText, map[string]any{"Language": bot.EscapeHTML(c.Catalog.T(d.Lang, locales.LanguageName, nil))}), nil
	case stepExpiry:
		var bs []bot.Button
		for _, days := range expiryChoices {
			label := c.tr(locales.ComposeButtonNoEnd, nil)
			if days > 0 {
				label = c.n(locales.ComposeButtonDays, days)
			}
			bs = append(bs, c.btn(mark(d.Expiry != nil && *d.Expiry == days, label), "exp", strconv.Itoa(days)))
		}
		return c.tr(locales.ComposeExpiry, nil), rows(bs, 3)
	}
	// An unknown step (a draft from another release): start again.
	c.d.Step = stepPhoto
	return c.screen(stepPhoto)
}

// contentList is the substances found so far, one a line, escaped.
func (c *composer) contentList() string {
	var b strings.Builder
	for i, x := range c.d.Contents {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("• " + bot.EscapeHTML(c.Renderer.Substances.Name(x.Substance, c.lang)))
		switch {
		case x.Trace:
			b.WriteString(": " + bot.EscapeHTML(c.tr(locales.AlertTrace, nil)))
		case x.Unit != "":
			amount := strings.Replace(strconv.FormatFloat(x.Amount, 'f', -1, 64), ".", c.tr(locales.AlertDecimal, nil), 1)
			b.WriteString(": " + bot.EscapeHTML(amount+" "+x.Unit))
		}
	}
	return b.String()
}

// preview shows the alert exactly as people reading lang get it, then the
// buttons to see it in another language or publish it.
func (c *composer) preview(ctx context.Context, lang string) error {
	c.d.Step = stepPreview
	if err := c.save(ctx); err != nil {
		return err
	}
	now := c.Now()
	m := c.Renderer.Render(alerts.View{Alert: c.d.alert(), Source: c.partner.Name, Now: now}, lang)
	if m.Photo != "" {
		if err := c.sendOut(ctx, bot.Outgoing{Chat: c.in.Chat, Photo: m.Photo, Text: m.Caption, ParseMode: bot.HTML}); err != nil {
			return err
		}
	}
	if err := c.sendOut(ctx, bot.Outgoing{Chat: c.in.Chat, Text: m.Text, ParseMode: bot.HTML}); err != nil {
		return err
	}
	var bs []bot.Button
	for _, l := range locales.Languages {
		if l != lang {
			bs = append(bs, c.btn(c.Catalog.T(l, locales.LanguageName, nil), "prev", l))
		}
	}
	kb := rows(bs, 4)
	msg, publish := locales.ComposePreview, locales.ComposeButtonPublish
	if c.partner.Review {
		msg, publish = locales.ComposePreviewReview, locales.ComposeButtonSubmit
	}
	kb = append(kb, bot.Row(c.btn(c.tr(publish, nil), "pub")), c.nav())
	text := c.title(stepPreview) + "\n\n" + c.tr(msg, map[string]any{"Language": bot.EscapeHTML(c.Catalog.T(lang, locales.LanguageName, nil))})
	return c.reply(ctx, text, kb, false)
}

// sendOut sends a message that is not a menu, with discreet mode's
// deletion like every reply.
func (c *composer) sendOut(ctx context.Context, out bot.Outgoing) error {
	if c.p != nil && c.p.Discreet.DeleteAfterHours > 0 {
		out.DeleteAfter = time.Duration(c.p.Discreet.DeleteAfterHours) * time.Hour
	}
	_, err := c.Send.Send(ctx, out)
	return err
}

// publish submits the draft: published at once, or waiting for review
// when the partner's alerts are reviewed. An alert the rules refuse sends
// the person back to the step to fix.
func (c *composer) publish(ctx context.Context) error {
	stored, _, err := c.Alerts.Submit(ctx, c.partner, c.d.alert(), alerts.FormatBot)
	switch alerts.Code(err) {
	case alerts.ErrInternal:
		if err != nil {
			return fmt.Errorf("submitting composed alert: %w", err)
		}
	case alerts.ErrUnauthorized:
		return c.partnerRevoked(ctx, c.partner)
	default:
		return c.refused(ctx, err)
	}
	if _, err := c.dropDraft(ctx); err != nil {
		return err
	}
	c.Log.Info("alert composed in the bot", "chat", c.Keys(c.in.Chat), "partner", int64(c.partner.ID),
		"alert", int64(stored.ID), "status", string(stored.Status))
	msg := locales.ComposePublished
	if stored.Status == alerts.StatusReview {
		msg = locales.ComposeSubmitted
	}
	return c.reply(ctx, c.tr(msg, map[string]any{"ID": int64(stored.ID)}), c.backToMenu(), true)
}

// refused shows the step holding the field the rules refused, saying so.
func (c *composer) refused(ctx context.Context, err error) error {
	var field string
	var ve *alerts.ValidationError
	var e *alerts.Error
	switch {
	case errors.As(err, &ve):
		field = ve.Field
	case errors.As(err, &e):
		field = e.Field
	}
	c.Log.Info("composed alert refused", "chat", c.Keys(c.in.Chat), "partner", int64(c.partner.ID), "field", field)
	step := fieldStep(field, c.d)
	if step == "" {
		note := c.tr(locales.ComposeFixOther, nil)
		return c.show(ctx, stepExpiry, &note, true)
	}
	note := c.tr(locales.ComposeFix, map[string]any{"Step": c.tr(stepTitles[numberedStep(step)], nil)})
	return c.show(ctx, step, &note, true)
}

// fieldStep is the step where a field of the alert is set, "" for fields
// the composer does not ask for.
func fieldStep(field string, d *draft) string {
	name, _, _ := strings.Cut(field, ".")
	name, _, _ = strings.Cut(name, "[")
	switch name {
	case "photo_file_id":
		return stepPhoto
	case "sold_as":
		return stepSoldAs
	case "form":
		return stepForm
	case "contents":
		return stepGroupOrContents(d)
	case "severity":
		return stepSeverity
	case "regions":
		return stepAreas
	case "advice":
		return stepAdvice
	case "expires":
		return stepExpiry
	}
	return ""
}
