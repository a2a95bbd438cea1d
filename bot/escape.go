package bot

import (
	"strings"
	"unicode/utf8"
)

// Partner and user text is data, never markup (DESIGN.md rule 4): every piece
// of it goes through one of these functions before it is placed in a message
// sent with a parse mode.
//
// Invalid UTF-8 is replaced with U+FFFD: Telegram rejects a whole message
// whose text is not UTF-8, and losing an alert for one bad byte is worse than
// showing a replacement character.

// markdownV2Special are the characters Telegram's MarkdownV2 reserves outside
// entities; each must be preceded by a backslash to stand for itself.
const markdownV2Special = "_*[]()~`>#+-=|{}.!\\"

// EscapeMarkdownV2 escapes s for use as ordinary text in a MarkdownV2
// message: every reserved character gets a backslash in front of it.
func EscapeMarkdownV2(s string) string {
	return escapeWithBackslash(s, markdownV2Special)
}

// EscapeMarkdownV2Code escapes s for use inside a MarkdownV2 `code` or
// ```pre``` entity, where only the backtick and the backslash are special.
func EscapeMarkdownV2Code(s string) string {
	return escapeWithBackslash(s, "`\\")
}

// EscapeMarkdownV2URL escapes s for use inside the (...) part of a MarkdownV2
// inline link or custom emoji, where only ')' and the backslash are special.
func EscapeMarkdownV2URL(s string) string {
	return escapeWithBackslash(s, ")\\")
}

func escapeWithBackslash(s, special string) string {
	s = strings.ToValidUTF8(s, string(utf8.RuneError))
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i := 0; i < len(s); i++ {
		// All special characters are ASCII, so a byte-wise scan is safe:
		// bytes of multi-byte runes are never ASCII.
		if strings.IndexByte(special, s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// htmlEscaper replaces the characters Telegram's HTML parse mode treats as
// markup. Telegram only knows the named entities &lt; &gt; &amp; and &quot;,
// so the escaping uses exactly those (the quote matters inside attributes
// such as href).
var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// EscapeHTML escapes s for use as text or as an attribute value in an HTML
// message.
func EscapeHTML(s string) string {
	return htmlEscaper.Replace(strings.ToValidUTF8(s, string(utf8.RuneError)))
}
