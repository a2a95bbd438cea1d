package info

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/peerbot/peerbot/content"
)

// Search finds cards from what a person types, in any language and script:
// "naloxone", "nalokson", "налоксон" and "ναλοξόνη" all find the naloxone
// card. Texts are normalised (lower case, accents and diacritics removed,
// ł→l, ё→е, final ς→σ, apostrophes and hyphens dropped inside words) and
// split into words; a word of the query matches a word of a card exactly,
// as a prefix (a word still being typed) or the other way round (an
// inflected form: "naloksonu"), or with one typo in a word of six letters or more.

// Query limits: a search reads at most this many words of this length.
const (
	maxQueryWords = 8
	maxWordRunes  = 32
)

// Normalize folds s for matching: lower case, compatibility forms
// decomposed, combining marks dropped, and the letters that do not
// decompose mapped to their base letter.
func Normalize(s string) string {
	out := normalizeOnce(s)
	// Lower-casing can make a new decomposable letter (rarely); a second
	// pass keeps Normalize idempotent.
	if !norm.NFKD.IsNormalString(out) {
		out = normalizeOnce(out)
	}
	return out
}

func normalizeOnce(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if m, ok := folds[r]; ok {
			b.WriteString(m)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// folds are letters with no canonical decomposition that people write
// without their mark.
var folds = map[rune]string{
	'ł': "l", 'ß': "ss", 'ø': "o", 'đ': "d", 'æ': "ae", 'œ': "oe", 'ı': "i", 'ħ': "h", 'þ': "th",
	'ς': "σ", 'ґ': "г", 'ё': "е",
	// Apostrophes inside words (Ukrainian м'ята, English don't) are dropped.
	'\'': "", '’': "", 'ʼ': "", '`': "",
}

// Tokens splits s into normalised words. A word joined by hyphens comes
// whole, without its hyphens ("3-mmc" → "3mmc").
func Tokens(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(Normalize(s), notWordRune) {
		if w = strings.ReplaceAll(w, "-", ""); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// indexTokens are Tokens plus the parts of hyphenated words, for a card's
// keywords: "alpha-pvp" is found by "alphapvp" and by "pvp".
func indexTokens(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(Normalize(s), notWordRune) {
		parts := strings.FieldsFunc(w, func(r rune) bool { return r == '-' })
		if len(parts) == 0 {
			continue
		}
		out = append(out, strings.Join(parts, ""))
		if len(parts) > 1 {
			out = append(out, parts...)
		}
	}
	return out
}

func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
}

// ParseQuery turns typed text into the words searched for: normalised,
// at most maxQueryWords words of at most maxWordRunes runes, single
// letters left out.
func ParseQuery(s string) []string {
	var out []string
	for _, w := range Tokens(s) {
		if utf8.RuneCountInString(w) < 2 {
			continue
		}
		if utf8.RuneCountInString(w) > maxWordRunes {
			w = string([]rune(w)[:maxWordRunes])
		}
		out = append(out, w)
		if len(out) == maxQueryWords {
			break
		}
	}
	return out
}

// Match is a card found by a search, with how well it matched.
type Match struct {
	Card  *Card
	Score int
}

// posting is one word of the index: which card has it, and how much a
// match on it counts (keywords and substance names more than titles).
type posting struct {
	card   int
	weight int
}

// Field weights.
const (
	weightKeyword = 2
	weightTitle   = 1
)

// Match qualities, multiplied by the field weight.
const (
	qualityExact  = 4
	qualityPrefix = 3 // the query is the start of a card's word
	qualityStem   = 2 // a card's word is the start of the query (inflection)
	qualityTypo   = 2 // one letter off, in words of 6 letters or more
)

// index maps every normalised word of the cards to where it is found.
type index struct {
	words []string // sorted, for prefix lookups
	post  map[string][]posting
}

func buildIndex(cards []*Card, subs *content.Substances) index {
	ix := index{post: map[string][]posting{}}
	add := func(card int, text string, weight int) {
		for _, w := range indexTokens(text) {
			if utf8.RuneCountInString(w) < 2 {
				continue
			}
			ps := ix.post[w]
			if i := len(ps) - 1; i >= 0 && ps[i].card == card {
				ps[i].weight = max(ps[i].weight, weight)
				continue
			}
			ix.post[w] = append(ps, posting{card, weight})
		}
	}
	for i, c := range cards {
		add(i, string(c.ID), weightKeyword)
		for _, t := range c.Topics {
			add(i, t, weightKeyword)
		}
		for _, s := range c.Substances {
			if sub, ok := subs.Substance(s); ok {
				add(i, sub.ID, weightKeyword)
				for _, n := range sub.Names {
					add(i, n, weightKeyword)
				}
			}
		}
		for _, t := range c.Texts {
			for _, w := range indexTokens(t.Title) {
				// Short title words are mostly "the", "and", "та".
				if utf8.RuneCountInString(w) >= 4 {
					add(i, w, weightTitle)
				}
			}
			for _, k := range t.Keywords {
				add(i, k, weightKeyword)
			}
		}
	}
	for w := range ix.post {
		ix.words = append(ix.words, w)
	}
	sort.Strings(ix.words)
	return ix
}

// Search returns the cards matching query, best first (then in list
// order); none when nothing matches.
func (l *Library) Search(query string) []Match {
	words := ParseQuery(query)
	if len(words) == 0 {
		return nil
	}
	total := make([]int, len(l.cards))
	best := make([]int, len(l.cards))
	for _, q := range words {
		clear(best)
		l.scoreWord(q, best)
		for i, s := range best {
			total[i] += s
		}
	}
	var out []Match
	for i, s := range total {
		if s > 0 {
			out = append(out, Match{Card: l.cards[i], Score: s})
		}
	}
	// Cards are in list order already; a stable sort keeps it for ties.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// scoreWord sets best[card] to the best score of word q in each card.
func (l *Library) scoreWord(q string, best []int) {
	credit := func(w string, quality int) {
		for _, p := range l.index.post[w] {
			best[p.card] = max(best[p.card], quality*p.weight)
		}
	}
	credit(q, qualityExact)
	qn := utf8.RuneCountInString(q)
	words := l.index.words
	// Card words that start with q: a word still being typed.
	if qn >= 3 {
		for i := sort.SearchStrings(words, q); i < len(words) && strings.HasPrefix(words[i], q); i++ {
			if words[i] != q {
				credit(words[i], qualityPrefix)
			}
		}
	}
	// Card words that q starts with: an inflected form, "налоксону".
	for n := qn - 1; n >= 4; n-- {
		credit(string([]rune(q)[:n]), qualityStem)
	}
	// One typo in a long word (in shorter ones, too many words are one
	// letter apart: "words", "works").
	if qn >= 6 {
		for _, w := range words {
			if d := utf8.RuneCountInString(w) - qn; d >= -1 && d <= 1 && w != q && oneEdit(q, w) {
				credit(w, qualityTypo)
			}
		}
	}
}

// oneEdit reports whether a and b differ by one inserted, deleted or
// replaced letter, or two neighbouring letters swapped.
func oneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	i := 0
	for i < len(ra) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		if i == len(ra) {
			return false
		}
		if string(ra[i+1:]) == string(rb[i+1:]) {
			return true
		}
		return i+1 < len(ra) && ra[i] == rb[i+1] && ra[i+1] == rb[i] && string(ra[i+2:]) == string(rb[i+2:])
	}
	if len(rb)-len(ra) != 1 {
		return false
	}
	return string(ra[i:]) == string(rb[i+1:])
}
