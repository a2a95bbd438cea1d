package flows

import (
	"context"
	"strconv"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/info"
	"github.com/peerbot/peerbot/locales"
)

// Callback actions of the information cards.
//
//	info:<list page>                       the list of topics, in place
//	card:<id>                              a card as a new message (from an alert)
//	card:<id>:<page>:<list page>           a card's page, in place
const (
	infoAction = "info"
	cardAction = "card"
)

// How many topics one screen of the list shows, and how many matches of a
// search.
const (
	infoPerPage    = 8
	infoMaxMatches = 8
)

// infoButton opens the list of topics.
func (t *turn) infoButton() bot.Button {
	return t.button(t.tr(locales.ButtonInfo, nil), infoAction)
}

// infoCallback handles the list's and the cards' buttons.
func (t *turn) infoCallback(ctx context.Context, c bot.Callback) error {
	if c.Action == infoAction {
		page, err := strconv.Atoi(arg(c, 0))
		if err != nil {
			page = 0
		}
		return t.infoList(ctx, "", page, true)
	}
	card, ok := t.Cards.Card(info.CardID(arg(c, 0)))
	if !ok {
		// A card the organisation has since removed.
		return t.stale(ctx)
	}
	if len(c.Args) == 1 {
		// From an alert: the alert stays, the card comes below it.
		return t.showCard(ctx, card, 0, 0, false)
	}
	page, perr := strconv.Atoi(arg(c, 1))
	list, lerr := strconv.Atoi(arg(c, 2))
	if perr != nil || lerr != nil {
		return t.stale(ctx)
	}
	return t.showCard(ctx, card, page, list, true)
}

// infoList shows one page of the topics, after an optional note (HTML).
func (t *turn) infoList(ctx context.Context, note string, page int, edit bool) error {
	cards := t.Cards.Cards()
	pages := max(1, (len(cards)+infoPerPage-1)/infoPerPage)
	page = min(max(page, 0), pages-1)
	var kb bot.Keyboard
	for _, c := range cards[page*infoPerPage : min(len(cards), (page+1)*infoPerPage)] {
		kb = append(kb, bot.Row(t.cardButton(c, page)))
	}
	if pages > 1 {
		var row []bot.Button
		if page > 0 {
			row = append(row, t.button(t.tr(locales.ButtonInfoPrev, nil), infoAction, strconv.Itoa(page-1)))
		}
		if page < pages-1 {
			row = append(row, t.button(t.tr(locales.ButtonInfoNext, nil), infoAction, strconv.Itoa(page+1)))
		}
		kb = append(kb, row)
	}
	kb = append(kb, bot.Row(t.button(t.tr(locales.ButtonMenu, nil), "menu")))
	text := t.tr(locales.InfoList, nil)
	if note != "" {
		text = note + "\n\n" + text
	}
	return t.reply(ctx, text, kb, edit)
}

// cardButton opens a card in place; its back button returns to list page.
func (t *turn) cardButton(c *info.Card, list int) bot.Button {
	return t.button(cardText(c, t.lang).Title, cardAction, string(c.ID), "0", strconv.Itoa(list))
}

// showCard shows page (0-based) of a card in the turn's language, or in
// English with a note when it has none.
func (t *turn) showCard(ctx context.Context, c *info.Card, page, list int, edit bool) error {
	n := len(cardText(c, t.lang).Pages)
	page = min(max(page, 0), n-1)
	text := RenderCardPage(t.Catalog, c, t.lang, page)
	var kb bot.Keyboard
	if n > 1 {
		nav := func(label string, to int) bot.Button {
			return t.button(label, cardAction, string(c.ID), strconv.Itoa(to), strconv.Itoa(list))
		}
		var row []bot.Button
		if page > 0 {
			row = append(row, nav(t.tr(locales.ButtonInfoPrev, nil), page-1))
		}
		if page < n-1 {
			row = append(row, nav(t.tr(locales.ButtonInfoNext, nil), page+1))
		}
		kb = append(kb, row)
	}
	kb = append(kb, bot.Row(
		t.button(t.tr(locales.ButtonInfoList, nil), infoAction, strconv.Itoa(list)),
		t.button(t.tr(locales.ButtonMenu, nil), "menu"),
	))
	return t.reply(ctx, text, kb, edit)
}

// cardText is a card's text in lang, or in English.
func cardText(c *info.Card, lang string) *info.Text {
	text, _ := c.In(lang)
	return text
}

// RenderCardPage renders page (0-based, clamped) of card c in lang as
// Telegram HTML: the card's own text, or the English one under a line
// saying so.
func RenderCardPage(cat *locales.Catalog, c *info.Card, lang string, page int) string {
	text, fallback := c.In(lang)
	page = min(max(page, 0), len(text.Pages)-1)
	out := text.Pages[page]
	if fallback {
		out = cat.T(lang, locales.InfoInEnglish, nil) + "\n\n" + out
	}
	return out
}

// searchCards answers typed text with the cards it finds: the card itself
// when one matches best, a list when several match as well, and the list
// of topics when none does.
func (t *turn) searchCards(ctx context.Context) error {
	matches := t.Cards.Search(t.in.Text)
	switch {
	case len(matches) == 0:
		return t.infoList(ctx, t.tr(locales.InfoNotFound, nil), 0, false)
	case len(matches) == 1 || matches[0].Score > matches[1].Score:
		return t.showCard(ctx, matches[0].Card, 0, 0, false)
	}
	var kb bot.Keyboard
	for _, m := range matches[:min(len(matches), infoMaxMatches)] {
		if 2*m.Score < matches[0].Score {
			break // a much weaker match: one common word in a title
		}
		kb = append(kb, bot.Row(t.cardButton(m.Card, 0)))
	}
	kb = append(kb, bot.Row(
		t.button(t.tr(locales.ButtonInfoList, nil), infoAction, "0"),
		t.button(t.tr(locales.ButtonMenu, nil), "menu"),
	))
	return t.reply(ctx, t.tr(locales.InfoMatches, nil), kb, false)
}

// CardLinks puts buttons under an alert for the information cards about
// the substances it names (alerts.BroadcastContent's Links). They open the
// card as a new message below the alert.
type CardLinks struct {
	Cards *info.Library
	// Max is the number of buttons; 0 means 3.
	Max int
}

// Keyboard returns the buttons in lang for an alert naming substances
// (ids from the substance vocabulary); nil when no card is about them.
func (l CardLinks) Keyboard(substances []string, lang string) bot.Keyboard {
	limit := l.Max
	if limit == 0 {
		limit = 3
	}
	var kb bot.Keyboard
	for _, c := range l.Cards.ForSubstances(substances, limit) {
		kb = append(kb, bot.Row(bot.CallbackButton("ℹ️ "+cardText(c, lang).Title, bot.Callback{Action: cardAction, Args: []string{string(c.ID)}})))
	}
	return kb
}
