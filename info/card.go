// Package info holds the information cards: short harm-reduction texts on
// one topic each (naloxone, safer injecting, a substance group...), read
// from content folders like training modules, and the search that finds
// them from a word typed in any language or script. It knows nothing of
// Telegram beyond the HTML subset the texts are written in.
package info

import (
	"slices"

	"github.com/peerbot/peerbot/locales"
)

// CardID names a card; it equals the card's folder name and appears in
// callback data, so it is short: [a-z0-9-]{2,24}.
type CardID string

// Card is one information card with its texts in every language it has.
type Card struct {
	ID      CardID
	Version int
	// Order is the card's place in the /info list.
	Order int
	// Topics are lowercase words the card is about; search finds them too.
	Topics []string
	// Substances are substance ids (content/substances.yaml) the card is
	// about; an alert naming one links to the card.
	Substances []string
	// Groups are substance groups (people.SubstanceGroups) the card covers
	// as a whole; an alert naming a substance of the group links to it.
	Groups []string
	// Texts by language code; English is always there.
	Texts map[string]*Text
	// Source is where the card was read from, for messages about it.
	Source string
}

// Text is a card in one language.
type Text struct {
	// Title is plain text, at most MaxTitle characters.
	Title string
	// Keywords are words and phrases people may type to find the card,
	// with common misspellings and inflected forms.
	Keywords []string
	// Pages are the card's screens, Telegram HTML, each at most MaxPage
	// characters of visible text.
	Pages []string
}

// Limits of a card's texts, in characters of visible text.
const (
	MaxTitle    = 60
	MaxPage     = 900
	MaxPages    = 5
	MaxKeywords = 60
	MaxKeyword  = 60
)

// FallbackLanguage is the language every card must have; a card missing in
// the person's language is shown in it.
const FallbackLanguage = locales.Default

// In returns the card's text in lang, or in English when it has none;
// fallback reports the latter.
func (c *Card) In(lang string) (t *Text, fallback bool) {
	if t, ok := c.Texts[lang]; ok {
		return t, false
	}
	return c.Texts[FallbackLanguage], lang != FallbackLanguage
}

// Languages lists the languages the card is written in, in locales order.
func (c *Card) Languages() []string {
	var out []string
	for _, l := range locales.Languages {
		if _, ok := c.Texts[l]; ok {
			out = append(out, l)
		}
	}
	return out
}

// covers reports whether the card is about substance sub of group.
func (c *Card) covers(sub, group string) (direct, byGroup bool) {
	return slices.Contains(c.Substances, sub), group != "" && slices.Contains(c.Groups, group)
}
