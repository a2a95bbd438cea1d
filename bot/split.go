package bot

import (
	"strings"
	"unicode/utf8"
)

// Telegram's limits (DESIGN.md rule 4).
const (
	// MaxText is the longest message text, in UTF-16 code units after
	// entity parsing.
	MaxText = 4096
	// MaxCaption is the longest media caption, in UTF-16 code units.
	MaxCaption = 1024
	// MaxCallbackData is the longest callback data, in bytes.
	MaxCallbackData = 64
)

// cutSpace is the whitespace dropped at a cut: Telegram trims it from the
// start and end of every message anyway.
const cutSpace = " \t\r\n"

// UTF16Len is the length of s as Telegram counts it: in UTF-16 code units.
// A byte that is not valid UTF-8 counts as one unit.
func UTF16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		n += runeUnits(r, size)
		i += size
	}
	return n
}

func runeUnits(r rune, size int) int {
	if size == 4 && r > 0xFFFF {
		return 2 // a surrogate pair
	}
	return 1
}

// SplitText splits text into parts of at most limit UTF-16 code units each.
// It cuts at the last paragraph boundary (a blank line) that fits, else at
// the last line break, else at the last space or tab, and only then inside a
// word, never inside a UTF-8 character. Whitespace at a cut, and at the
// start of text that needs splitting, is dropped (Telegram trims it from
// every message anyway), so no part is blank; the parts, joined with the
// dropped whitespace, give back text.
//
// A hard cut inside a word also avoids splitting a MarkdownV2 backslash
// escape or an HTML character reference, so already-escaped text can be
// split when its parse mode keeps no entity across the cut.
//
// Text that fits is returned as the only part; empty text, and blank text
// too long to fit, give no parts. A
// limit under 2 is raised to 2 so that every character fits somewhere.
func SplitText(text string, limit int) []string {
	if text == "" {
		return nil
	}
	limit = max(limit, 2)
	if _, fits := prefixWithin(text, limit); fits {
		return []string{text}
	}
	var parts []string
	rest := strings.TrimLeft(text, cutSpace)
	for rest != "" {
		end, fits := prefixWithin(rest, limit)
		if fits {
			parts = append(parts, rest)
			break
		}
		part, next := cut(rest, end)
		parts = append(parts, part)
		rest = strings.TrimLeft(next, cutSpace)
	}
	return parts
}

// prefixWithin returns the byte length of the longest prefix of s, ending on
// a character boundary, that is at most limit UTF-16 units, and whether that
// prefix is all of s.
func prefixWithin(s string, limit int) (int, bool) {
	units := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		u := runeUnits(r, size)
		if units+u > limit {
			return i, false
		}
		units += u
		i += size
	}
	return len(s), true
}

// cut splits s, which is longer than the limit, somewhere at or before byte
// end (where s[:end] is the longest prefix that fits). It returns the part
// and what follows it, leading whitespace included.
func cut(s string, end int) (string, string) {
	// A separator may start right at end: the part before it still fits.
	window := s[:min(end+1, len(s))]
	for _, find := range []func(string) int{lastParagraphBreak, lastLineBreak, lastSpace} {
		if i := find(window); i > 0 {
			return s[:i], s[i:]
		}
	}
	i := hardCut(s, end)
	return s[:i], s[i:]
}

// lastParagraphBreak returns the start of the trailing whitespace before the
// last blank line in w (a line break, optional spaces, another line break),
// or -1. The part before it must not be blank.
func lastParagraphBreak(w string) int {
	for j := strings.LastIndexByte(w, '\n'); j > 0; j = strings.LastIndexByte(w[:j], '\n') {
		before := strings.TrimRight(w[:j], " \t\r")
		if strings.HasSuffix(before, "\n") {
			i := len(strings.TrimRight(before, cutSpace))
			if i == 0 {
				return -1 // only whitespace before: no earlier candidate either
			}
			return i
		}
	}
	return -1
}

// lastLineBreak returns the start of the whitespace around the last line
// break in w that has text before it, or -1.
func lastLineBreak(w string) int {
	if j := strings.LastIndexByte(w, '\n'); j > 0 {
		return nonBlank(len(strings.TrimRight(w[:j], cutSpace)))
	}
	return -1
}

// lastSpace returns the start of the whitespace around the last space or tab
// in w that has text before it, or -1.
func lastSpace(w string) int {
	if j := strings.LastIndexAny(w, " \t"); j > 0 {
		return nonBlank(len(strings.TrimRight(w[:j], cutSpace)))
	}
	return -1
}

// nonBlank maps a cut that would leave an empty part to -1. When the text
// before the last separator is all whitespace, so is the text before any
// earlier one: there is no candidate at all.
func nonBlank(i int) int {
	if i == 0 {
		return -1
	}
	return i
}

// hardCut returns where to cut s inside a word, at or before end. It moves
// the cut back so that a backslash escape ("\.") or an HTML character
// reference ("&amp;") stays in one piece, unless that would leave nothing.
func hardCut(s string, end int) int {
	if end == 0 {
		// Not even the first character fits: take it anyway.
		_, size := utf8.DecodeRuneInString(s)
		return size
	}
	i := end
	// An odd run of backslashes before the cut means the last one escapes
	// the character after the cut.
	backslashes := 0
	for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
		backslashes++
	}
	if backslashes%2 == 1 && i > 1 {
		i--
	}
	if amp := openReference(s, i); amp > 0 {
		i = amp
	}
	return i
}

// openReference returns the position of the '&' of an HTML character
// reference that the cut at i would split, or -1.
func openReference(s string, i int) int {
	const longest = 10 // "&#1114111;" and every name Telegram knows are shorter
	amp := strings.LastIndexByte(s[max(0, i-longest):i], '&')
	if amp < 0 {
		return -1
	}
	amp += max(0, i-longest)
	j := amp + 1
	for j < len(s) && j-amp <= longest && isReferenceByte(s[j]) {
		j++
	}
	if j < len(s) && s[j] == ';' && j >= i {
		return amp
	}
	return -1
}

func isReferenceByte(c byte) bool {
	return c == '#' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
