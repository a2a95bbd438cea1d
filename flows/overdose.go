package flows

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
)

// overdoseAction is the callback action of the overdose guide. Its
// arguments are the step (1-based; none opens the guide as a new message)
// and the country whose number to show ("" when unknown). The guide works
// before consent: it reads no state and stores nothing.
const overdoseAction = "od"

// OverdoseSteps are the overdose guide's screens, in order.
var OverdoseSteps = []*i18n.Message{
	locales.OverdoseCheck,
	locales.OverdoseCall,
	locales.OverdoseNaloxone,
	locales.OverdoseBreathing,
	locales.OverdoseRecovery,
	locales.OverdoseStay,
	locales.OverdoseNoNaloxone,
	locales.OverdoseStimulants,
}

// Steps of the guide that other steps jump to.
const (
	overdoseStepCall       = 2
	overdoseStepNaloxone   = 3
	overdoseStepNoNaloxone = 7
)

// overdoseButton opens the guide.
func (t *turn) overdoseButton() bot.Button {
	return t.button(t.tr(locales.ButtonOverdose, nil), overdoseAction)
}

// overdoseCommand handles /overdose.
func (t *turn) overdoseCommand(ctx context.Context) error {
	return t.overdose(ctx, 1, "", false)
}

// overdoseCallback handles the guide's buttons.
func (t *turn) overdoseCallback(ctx context.Context, c bot.Callback) error {
	if len(c.Args) == 0 {
		// From a menu or the language picker: the guide comes as a new
		// message, so the menu stays where it was.
		return t.overdose(ctx, 1, "", false)
	}
	step, err := strconv.Atoi(arg(c, 0))
	if err != nil || step < 1 || step > len(OverdoseSteps) {
		return t.stale(ctx)
	}
	country := arg(c, 1)
	if _, ok := t.Regions.Country(country); !ok {
		country = ""
	}
	return t.overdose(ctx, step, country, true)
}

// overdose shows one step of the guide. country is the one chosen on the
// guide's own buttons, if any.
func (t *turn) overdose(ctx context.Context, step int, country string, edit bool) error {
	if country == "" {
		country = t.overdoseCountry()
	}
	text := RenderOverdoseStep(t.Catalog, t.Regions, t.lang, step, country)
	var kb bot.Keyboard
	if step == overdoseStepCall && country == "" && len(t.Regions.Countries) > 1 {
		// Choosing a country only narrows what this guide shows; it is
		// carried on the buttons and stored nowhere.
		var row []bot.Button
		for _, c := range t.Regions.Countries {
			row = append(row, t.button("📍 "+t.Regions.Name(c.Code, t.lang), overdoseAction, strconv.Itoa(step), c.Code))
			if len(row) == 2 {
				kb = append(kb, row)
				row = nil
			}
		}
		if len(row) > 0 {
			kb = append(kb, row)
		}
	}
	nav := func(msg *i18n.Message, to int) bot.Button {
		return t.button(t.tr(msg, nil), overdoseAction, strconv.Itoa(to), country)
	}
	var row []bot.Button
	if step > 1 {
		row = append(row, nav(locales.ButtonOverdoseBack, step-1))
	}
	if step < len(OverdoseSteps) {
		row = append(row, nav(locales.ButtonOverdoseNext, step+1))
	} else {
		row = append(row, nav(locales.ButtonOverdoseAgain, 1))
	}
	kb = append(kb, row)
	if step == overdoseStepNaloxone {
		kb = append(kb, bot.Row(nav(locales.ButtonOverdoseNoNal, overdoseStepNoNaloxone)))
	}
	if t.onboarded() {
		kb = append(kb, bot.Row(t.button(t.tr(locales.ButtonMenu, nil), "menu")))
	}
	return t.reply(ctx, text, kb, edit)
}

// overdoseCountry is the country of the person's first region, or the only
// country of the deployment, or "" when it is not known.
func (t *turn) overdoseCountry() string {
	if t.p != nil && len(t.p.Regions) > 0 {
		if c, ok := t.Regions.CountryOf(t.p.Regions[0]); ok {
			return c.Code
		}
	}
	if len(t.Regions.Countries) == 1 {
		return t.Regions.Countries[0].Code
	}
	return ""
}

// RenderOverdoseStep renders step (1-based) of the overdose guide in lang,
// as Telegram HTML, with the emergency number of country, or every
// number of the deployment when country is "".
func RenderOverdoseStep(c *locales.Catalog, regions *content.Regions, lang string, step int, country string) string {
	msg := OverdoseSteps[step-1]
	number := strings.Join(emergencyNumbers(regions), " / ")
	if co, ok := regions.Country(country); ok {
		number = co.Emergency
	}
	data := map[string]any{"Number": bot.EscapeHTML(number)}
	if msg == locales.OverdoseCall {
		if co, ok := regions.Country(country); ok {
			data["Numbers"] = c.T(lang, locales.OverdoseCallOne, map[string]any{
				"Number":  bot.EscapeHTML(co.Emergency),
				"Country": bot.EscapeHTML(regions.Name(co.Code, lang)),
			})
		} else {
			data["Numbers"] = c.T(lang, locales.OverdoseCallAll, map[string]any{"Numbers": numberLines(regions, lang)})
		}
		delete(data, "Number")
	}
	return c.T(lang, msg, data)
}

// emergencyNumbers are the deployment's distinct emergency numbers, in the
// order of its countries.
func emergencyNumbers(regions *content.Regions) []string {
	var numbers []string
	for _, c := range regions.Countries {
		if !slices.Contains(numbers, c.Emergency) {
			numbers = append(numbers, c.Emergency)
		}
	}
	return numbers
}

// numberLines is one line per emergency number naming the countries it is
// for: "<b>112</b>: Poland, Greece".
func numberLines(regions *content.Regions, lang string) string {
	var lines []string
	for _, n := range emergencyNumbers(regions) {
		var names []string
		for _, c := range regions.Countries {
			if c.Emergency == n {
				names = append(names, bot.EscapeHTML(regions.Name(c.Code, lang)))
			}
		}
		lines = append(lines, "<b>"+bot.EscapeHTML(n)+"</b>: "+strings.Join(names, ", "))
	}
	return strings.Join(lines, "\n")
}
