package alerts

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The text helpers of the renderer. Escaping is the same as bot.EscapeHTML
// (a test checks they agree); it is repeated here because the alerts domain
// does not import the Telegram adapter.

// htmlEscaper replaces the characters Telegram's HTML parse mode treats as
// markup, with the only named entities Telegram knows.
var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// esc escapes partner text for use as text or attribute value in Telegram
// HTML. Its input has been through clean, so it is valid UTF-8.
func esc(s string) string { return htmlEscaper.Replace(s) }

// clean makes partner text safe to measure and show: invalid UTF-8 becomes
// U+FFFD (Telegram refuses a whole message that is not UTF-8) and the
// surrounding space goes (Telegram would trim it at the ends of a message,
// and it only misaligns lines elsewhere).
func clean(s string) string {
	return strings.TrimSpace(strings.ToValidUTF8(s, "\uFFFD"))
}

// utf16Len is the length of s as Telegram counts it, in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += runeUnits(r)
	}
	return n
}

func runeUnits(r rune) int {
	if r > 0xFFFF {
		return 2
	}
	return 1
}

// clipUnits shortens s to at most limit UTF-16 code units, ending with "…",
// at a space when one is in the last half, else between characters.
func clipUnits(s string, limit int) string {
	if limit <= 0 {
		return ""
	}
	if utf16Len(s) <= limit {
		return s
	}
	n, cut, space := 0, 0, -1
	for i, r := range s {
		u := runeUnits(r)
		if n+u > limit-1 { // one unit for the ellipsis
			break
		}
		if unicode.IsSpace(r) {
			space = i
		}
		n += u
		cut = i + utf8.RuneLen(r)
	}
	if space > cut/2 {
		cut = space
	}
	return strings.TrimRightFunc(s[:cut], unicode.IsSpace) + "…"
}

// plainLen is the length in UTF-16 code units of the text Telegram shows for
// the renderer's HTML: tags left out, each character reference counted as
// one character (or two, for &#...; references, which may be outside the
// basic plane). It relies on the renderer's output being well formed: text
// escaped, tags closed.
func plainLen(s string) int {
	n := 0
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			if j := strings.IndexByte(s[i:], '>'); j >= 0 {
				i += j + 1
				continue
			}
		case '&':
			if j := strings.IndexByte(s[i:], ';'); j >= 0 {
				if i+1 < len(s) && s[i+1] == '#' {
					n += 2
				} else {
					n++
				}
				i += j + 1
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		n += runeUnits(r)
		i += size
	}
	return n
}
