package info

import (
	"sort"

	"github.com/peerbot/peerbot/content"
)

// Library is the loaded set of cards, ready to list, open and search. It
// is read-only once built and safe for concurrent use.
type Library struct {
	cards []*Card
	byID  map[CardID]*Card
	subs  *content.Substances
	index index
}

// NewLibrary builds a library of cards (in list order) and the search
// index over them; subs gives the names of the substances cards cover.
func NewLibrary(cards []*Card, subs *content.Substances) *Library {
	l := &Library{cards: cards, byID: make(map[CardID]*Card, len(cards)), subs: subs}
	for _, c := range cards {
		l.byID[c.ID] = c
	}
	l.index = buildIndex(cards, subs)
	return l
}

// Cards returns the cards in list order. The slice must not be changed.
func (l *Library) Cards() []*Card { return l.cards }

// Card returns a card by id.
func (l *Library) Card(id CardID) (*Card, bool) {
	c, ok := l.byID[id]
	return c, ok
}

// ForSubstances returns the cards about the substances named (ids from
// the substance vocabulary), at most limit: cards about a substance itself
// first, then cards about its group, each in list order.
func (l *Library) ForSubstances(ids []string, limit int) []*Card {
	score := map[*Card]int{}
	for _, id := range ids {
		group, _ := l.subs.Group(id)
		for _, c := range l.cards {
			direct, byGroup := c.covers(id, group)
			switch {
			case direct:
				score[c] = max(score[c], 2)
			case byGroup:
				score[c] = max(score[c], 1)
			}
		}
	}
	var out []*Card
	for _, c := range l.cards {
		if score[c] > 0 {
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return score[out[i]] > score[out[j]] })
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
