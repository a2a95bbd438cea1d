package info

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Naloxone", "naloxone"},
		{"NALOKSON", "nalokson"},
		{"Ksylazyną", "ksylazyna"},
		{"żółtaczka", "zoltaczka"},
		{"ŁÓDŹ", "lodz"},
		{"Heroïne", "heroine"},
		{"análise", "analise"},
		{"Налоксон", "налоксон"},
		{"ЇЖАК ґанок", "іжак ганок"},
		{"ёлка", "елка"},
		{"ін'єкція", "інєкція"},
		{"ΝΑΛΟΞΌΝΗ", "ναλοξονη"},
		{"νιταζένιος", "νιταζενιοσ"},
		{"Straße", "strasse"},
		{"ｆｕｌｌwidth", "fullwidth"},
		{"3-MMC", "3-mmc"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"  ", nil},
		{"naloxone", []string{"naloxone"}},
		{"Where do I get NALOXONE?", []string{"where", "do", "get", "naloxone"}},
		{"3-MMC, alpha-PVP!", []string{"3mmc", "alphapvp"}},
		{"a b c", nil},
		{"ін'єкції", []string{"інєкціі"}}, // ї folds to і, as й to и
		{"one two three four five six seven eight nine ten", []string{"one", "two", "three", "four", "five", "six", "seven", "eight"}},
		{strings.Repeat("x", 40), []string{strings.Repeat("x", 32)}},
	}
	for _, tt := range tests {
		if got := ParseQuery(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("ParseQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSearch: a word typed in any of the languages, in Latin, Cyrillic or
// Greek script, with or without diacritics, inflected or misspelt, finds
// the card.
func TestSearch(t *testing.T) {
	lib := builtin(t)
	tests := []struct {
		query string
		want  CardID
	}{
		// Latin, Cyrillic, Greek; upper case; Polish inflection and diacritics.
		{"naloxone", "naloxone"},
		{"Naloxone", "naloxone"},
		{"nalokson", "naloxone"},
		{"naloksonu", "naloxone"},
		{"налоксон", "naloxone"},
		{"НАЛОКСОНУ", "naloxone"},
		{"ναλοξόνη", "naloxone"},
		{"ναλοξονη", "naloxone"},
		{"naloxona", "naloxone"},
		{"nalox", "naloxone"},
		{"naxolone", "naloxone"},
		{"where to get naloxone", "naloxone"},
		{"ksylazyna", "xylazine"},
		{"Ksylazyną", "xylazine"},
		{"ksylazyne", "xylazine"},
		{"ksilazinas", "xylazine"}, // Lithuanian, from the substance vocabulary
		{"ксилазин", "xylazine"},
		{"ξυλαζίνη", "xylazine"},
		{"xilazina", "xylazine"},
		{"medetomidyna", "xylazine"},
		{"tranq", "xylazine"},
		{"nitazeny", "nitazenes"},
		{"нітазени", "nitazenes"},
		{"isotonitazene", "nitazenes"},
		{"ŻÓŁTACZKA", "testing"},
		{"zoltaczka", "testing"},
		{"hep c", "testing"},
		{"гепатит", "testing"},
		{"PrEP", "prep-pep"},
		{"ДКП", "prep-pep"},
		{"strzykawki", "injecting"},
		{"seringas", "injecting"},
		{"шприц", "injecting"},
		{"folia", "smoking"},
		{"cachimbo", "smoking"},
		{"sniff", "snorting"},
		{"test strips", "drug-checking"},
		{"paski testowe", "drug-checking"},
		{"ghb", "mixing"},
		{"benzo alkohol", "mixing"},
		{"przegrzanie", "heat"},
		{"перегрів", "heat"},
		{"heroin", "opioids"},
		{"героїн", "opioids"},
		{"метадон", "opioids"},
		{"3-MMC", "stimulants"},
		{"mefedron", "stimulants"},
		{"ecstasy", "mdma"},
		{"екстазі", "mdma"},
		{"ketamina", "dissociatives"},
		{"кетамін", "dissociatives"},
		{"LSD", "psychedelics"},
		{"grzybki", "psychedelics"},
		{"spice", "cannabinoids"},
		{"mocarz", "cannabinoids"},
		{"спайс", "cannabinoids"},
	}
	for _, tt := range tests {
		got := lib.Search(tt.query)
		if len(got) == 0 || got[0].Card.ID != tt.want {
			var ids []string
			for _, m := range got {
				ids = append(ids, string(m.Card.ID)+":"+strings.Repeat("*", m.Score))
			}
			t.Errorf("Search(%q) = %v, want %s first", tt.query, ids, tt.want)
		}
	}
	for _, q := range []string{"", "hello?", "my secret words", "qwerty", "!!!", "a"} {
		if got := lib.Search(q); len(got) != 0 {
			t.Errorf("Search(%q) found %d cards, first %s", q, len(got), got[0].Card.ID)
		}
	}
}

// TestSearchPicksOne: the words people type for one card find that card
// alone at the top, so the chat can open it straight away.
func TestSearchPicksOne(t *testing.T) {
	lib := builtin(t)
	for _, q := range []string{"налоксон", "naloxone", "nalokson", "ksylazyna", "nitazeny"} {
		m := lib.Search(q)
		if len(m) > 1 && m[0].Score == m[1].Score {
			t.Errorf("Search(%q): %s and %s tie", q, m[0].Card.ID, m[1].Card.ID)
		}
	}
}

func TestOneEdit(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"naloxone", "naloxone", false},
		{"naloxone", "naloxon", true},
		{"naloxone", "naloxane", true},
		{"naloxone", "naxolone", false},
		{"naloxone", "nalxoone", true},
		{"налоксон", "налаксон", true},
		{"abc", "abcde", false},
		{"", "a", true},
	}
	for _, tt := range tests {
		if got := oneEdit(tt.a, tt.b); got != tt.want {
			t.Errorf("oneEdit(%q, %q) = %v", tt.a, tt.b, got)
		}
		if got := oneEdit(tt.b, tt.a); got != tt.want {
			t.Errorf("oneEdit(%q, %q) = %v", tt.b, tt.a, got)
		}
	}
}

func TestForSubstances(t *testing.T) {
	lib := builtin(t)
	ids := func(cs []*Card) []CardID {
		var out []CardID
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	tests := []struct {
		subs  []string
		limit int
		want  []CardID
	}{
		{[]string{"isotonitazene"}, 3, []CardID{"nitazenes", "naloxone", "opioids"}},
		{[]string{"isotonitazene", "xylazine"}, 3, []CardID{"nitazenes", "xylazine", "naloxone"}},
		{[]string{"bromazolam"}, 2, []CardID{"mixing", "sedatives"}},
		{[]string{"mdma"}, 3, []CardID{"heat", "mdma"}},
		{[]string{"ketamine"}, 3, []CardID{"dissociatives"}},
		{[]string{"no-such-substance"}, 3, nil},
		{nil, 3, nil},
	}
	for _, tt := range tests {
		if got := ids(lib.ForSubstances(tt.subs, tt.limit)); !slices.Equal(got, tt.want) {
			t.Errorf("ForSubstances(%v) = %v, want %v", tt.subs, got, tt.want)
		}
	}
}

// FuzzParseQuery: whatever is typed, the query is a few normalised words
// within the limits, normalising is idempotent, and search does not fail.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"naloxone", "Ksylazyną", "НАЛОКСОН", "ναλοξόνη", "3-MMC alpha-PVP", "ін'єкція", "ǅ ǈ ǋ", "ﬁ ẞ İ", "\xff\xfe", "a-b-c -- -x-", "ς Σ ΐ", ""} {
		f.Add(s)
	}
	lib := builtin(f)
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if again := Normalize(n); again != n {
			t.Errorf("Normalize not idempotent: %q → %q → %q", s, n, again)
		}
		words := ParseQuery(s)
		if len(words) > maxQueryWords {
			t.Errorf("%d words", len(words))
		}
		for _, w := range words {
			if c := utf8.RuneCountInString(w); c < 2 || c > maxWordRunes {
				t.Errorf("word %q of %d runes", w, c)
			}
			if strings.ContainsFunc(w, notWordRune) || strings.Contains(w, "-") {
				t.Errorf("word %q holds a separator", w)
			}
		}
		for _, m := range lib.Search(s) {
			if m.Score <= 0 || m.Card == nil {
				t.Errorf("match %+v", m)
			}
		}
	})
}

func BenchmarkSearch(b *testing.B) {
	lib := builtin(b)
	queries := []string{"налоксон", "Ksylazyną", "where do I get naloxone", "ναλοξόνη", "zzzzzz nothing here", "3-MMC"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		lib.Search(queries[i%len(queries)])
	}
}
