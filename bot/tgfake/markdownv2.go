package tgfake

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// mdReserved are the characters MarkdownV2 reserves outside code and pre.
const mdReserved = "_*[]()~`>#+-=|{}.!"

type mdOpen struct {
	typ        string // entity type being built
	language   string // for pre
	utf16Start int
	byteStart  int // offset in the source, for error messages
	textStart  int // offset in the parsed text, for links without a URL
}

// ParseMarkdownV2 parses text in Telegram's MarkdownV2 and returns the plain
// text and its entities, or an error worded like Telegram's (see
// https://core.telegram.org/bots/api#markdownv2-style). It follows the
// server's own parser: a backslash escapes any ASCII character; outside
// code and pre every reserved character must be escaped; inside them only
// '`' and '\'; inside the (...) of a link only ')' and '\'.
func ParseMarkdownV2(s string) (text string, entities []Entity, err error) {
	if !utf8.ValidString(s) {
		return "", nil, parseErrorf("Strings must be encoded in UTF-8")
	}
	at := func(i int) byte {
		if i >= 0 && i < len(s) {
			return s[i]
		}
		return 0
	}
	var out strings.Builder
	off := 0 // UTF-16 offset in out
	var stack []mdOpen
	var quote *mdOpen // open blockquote, if any
	quoteExpandable := false

	closeQuote := func(end int) {
		if quote != nil && end > quote.utf16Start {
			typ := "blockquote"
			if quoteExpandable {
				typ = "expandable_blockquote"
			}
			entities = append(entities, Entity{Type: typ, Offset: quote.utf16Start, Length: end - quote.utf16Start})
		}
		quote, quoteExpandable = nil, false
	}
	inCode := func() bool {
		if len(stack) == 0 {
			return false
		}
		t := stack[len(stack)-1].typ
		return t == "code" || t == "pre"
	}

	for i := 0; i < len(s); i++ {
		// Block quotations are line-based: a line starting with '>' (or
		// "**>" for an expandable one) belongs to the quote.
		if (i == 0 || s[i-1] == '\n') && !inCode() {
			switch {
			case quote == nil && strings.HasPrefix(s[i:], "**>"):
				quote = &mdOpen{typ: "blockquote", utf16Start: off, byteStart: i}
				quoteExpandable = true
				i += 2
				continue
			case s[i] == '>':
				if quote == nil {
					quote = &mdOpen{typ: "blockquote", utf16Start: off, byteStart: i}
				}
				continue
			case quote != nil:
				closeQuote(off - 1) // the quote ends before the line break
			}
		}
		c := s[i]
		if c == '\\' && at(i+1) > 0 && at(i+1) <= 126 {
			i++
			out.WriteByte(s[i])
			off++
			continue
		}
		reserved := mdReserved
		if inCode() {
			reserved = "`"
		}
		if strings.IndexByte(reserved, c) < 0 {
			out.WriteByte(c)
			off += utf16Units(c)
			continue
		}
		// "||" closing the last line of a quote makes it expandable.
		if quote != nil && c == '|' && at(i+1) == '|' && (at(i+2) == '\n' || i+2 == len(s)) &&
			(len(stack) == 0 || stack[len(stack)-1].typ != "spoiler") {
			quoteExpandable = true
			i++
			continue
		}

		isEnd := false
		if len(stack) > 0 {
			switch stack[len(stack)-1].typ {
			case "bold":
				isEnd = c == '*'
			case "italic":
				isEnd = c == '_' && at(i+1) != '_'
			case "code":
				isEnd = c == '`'
			case "pre":
				isEnd = c == '`' && at(i+1) == '`' && at(i+2) == '`'
			case "text_link", "custom_emoji":
				isEnd = c == ']'
			case "underline":
				isEnd = c == '_' && at(i+1) == '_'
			case "strikethrough":
				isEnd = c == '~'
			case "spoiler":
				isEnd = c == '|' && at(i+1) == '|'
			}
		}
		if !isEnd {
			open := mdOpen{utf16Start: off, byteStart: i, textStart: out.Len()}
			switch c {
			case '_':
				if at(i+1) == '_' {
					open.typ = "underline"
					i++
				} else {
					open.typ = "italic"
				}
			case '*':
				open.typ = "bold"
			case '~':
				open.typ = "strikethrough"
			case '|':
				if at(i+1) != '|' {
					return "", nil, reservedError(c)
				}
				i++
				open.typ = "spoiler"
			case '[':
				open.typ = "text_link"
			case '`':
				if at(i+1) == '`' && at(i+2) == '`' {
					i += 3
					open.typ = "pre"
					end := i
					for end < len(s) && !isMDSpace(s[end]) && s[end] != '`' {
						end++
					}
					if end != i && end < len(s) && s[end] != '`' {
						open.language = s[i:end]
						i = end
					}
					// One line break after the opening fence is not content.
					if at(i) == '\n' || at(i) == '\r' {
						if (at(i+1) == '\n' || at(i+1) == '\r') && at(i) != at(i+1) {
							i += 2
						} else {
							i++
						}
					}
					i--
				} else {
					open.typ = "code"
				}
			case '!':
				if at(i+1) != '[' {
					return "", nil, reservedError(c)
				}
				i++
				open.typ = "custom_emoji"
			default:
				return "", nil, reservedError(c)
			}
			stack = append(stack, open)
			continue
		}

		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		e := Entity{Type: top.typ, Offset: top.utf16Start, Length: off - top.utf16Start}
		skip := e.Length == 0
		switch top.typ {
		case "underline", "spoiler":
			i++
		case "pre":
			i += 2
			if top.language != "" {
				e.Language = top.language
			}
		case "text_link":
			var u string
			if at(i+1) != '(' {
				u = out.String()[top.textStart:]
			} else {
				var ok bool
				u, i, ok = mdURL(s, i+2)
				if !ok {
					return "", nil, parseErrorf(fmt.Sprintf("Can't find end of a URL at byte offset %d", i))
				}
			}
			if link, ok := checkLink(u); ok {
				e.URL = link
			} else {
				skip = true
			}
		case "custom_emoji":
			if at(i+1) != '(' {
				return "", nil, parseErrorf("Custom emoji entity must contain a tg://emoji URL")
			}
			u, next, ok := mdURL(s, i+2)
			if !ok {
				return "", nil, parseErrorf(fmt.Sprintf("Can't find end of a custom emoji URL at byte offset %d", next))
			}
			i = next
			if err := emojiOrTime(u, &e); err != nil {
				return "", nil, err
			}
		}
		if !skip {
			entities = append(entities, e)
		}
	}
	if len(stack) > 0 {
		top := stack[len(stack)-1]
		return "", nil, parseErrorf(fmt.Sprintf("Can't find end of the entity starting at byte offset %d", top.byteStart))
	}
	closeQuote(off)
	sortEntities(entities)
	return out.String(), entities, nil
}

// mdURL reads the (...) part of a link starting at i (just after '('); it
// returns the unescaped URL and the index of the closing ')', or the start
// offset and false when there is none.
func mdURL(s string, i int) (string, int, bool) {
	start := i
	var u strings.Builder
	for i < len(s) && s[i] != ')' {
		if s[i] == '\\' && i+1 < len(s) && s[i+1] > 0 && s[i+1] <= 126 {
			u.WriteByte(s[i+1])
			i += 2
			continue
		}
		u.WriteByte(s[i])
		i++
	}
	if i >= len(s) {
		return "", start, false
	}
	return u.String(), i, true
}

// emojiOrTime fills a custom_emoji entity from a tg://emoji?id=N URL, or
// turns it into a date_time entity for tg://time?unix=N.
func emojiOrTime(u string, e *Entity) error {
	lower := strings.ToLower(u)
	if rest, ok := strings.CutPrefix(lower, "tg://time?"); ok {
		e.Type = "date_time"
		for _, kv := range strings.Split(rest, "&") {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "unix":
				n, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					return parseErrorf("Invalid Unix time specified")
				}
				e.UnixTime = n
			case "format":
				e.DateTimeFormat = v
			}
		}
		if e.UnixTime == 0 {
			return parseErrorf("Date and time URL must have a Unix time")
		}
		return nil
	}
	if !strings.HasPrefix(lower, "tg:") {
		return parseErrorf("Custom emoji URL must have scheme tg")
	}
	if !strings.HasPrefix(lower, "tg://emoji") {
		return parseErrorf("Custom emoji URL must have host \"emoji\"")
	}
	_, query, _ := strings.Cut(u, "?")
	id := ""
	for _, kv := range strings.Split(query, "&") {
		if k, v, _ := strings.Cut(kv, "="); k == "id" {
			id = v
		}
	}
	if id == "" {
		return parseErrorf("Custom emoji URL must have an emoji identifier")
	}
	if n, err := strconv.ParseInt(id, 10, 64); err != nil || n == 0 {
		return parseErrorf("Invalid custom emoji identifier specified")
	}
	e.CustomEmojiID = id
	return nil
}

func reservedError(c byte) error {
	return parseErrorf(fmt.Sprintf("Character '%c' is reserved and must be escaped with the preceding '\\'", c))
}

func isMDSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}
