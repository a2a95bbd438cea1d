package tgfake

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// htmlTags are the start tags Telegram's HTML parse mode accepts.
var htmlTags = map[string]bool{
	"a": true, "b": true, "strong": true, "i": true, "em": true, "s": true, "strike": true, "del": true,
	"u": true, "ins": true, "tg-spoiler": true, "tg-emoji": true, "tg-time": true, "span": true,
	"pre": true, "code": true, "blockquote": true,
}

type htmlOpen struct {
	tag        string
	arg        string // href, language, emoji id, "spoiler", "expandable"
	format     string // tg-time format
	utf16Start int
	textStart  int
}

// ParseHTML parses text in Telegram's HTML parse mode and returns the plain
// text and its entities, or an error worded like Telegram's (see
// https://core.telegram.org/bots/api#html-style). Like the server, it
// decodes only &lt; &gt; &amp; &quot; and numeric character references; any
// other '&' is kept as it is.
func ParseHTML(s string) (text string, entities []Entity, err error) {
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
	off := 0
	var stack []htmlOpen

	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '&' {
			if r, next, ok := decodeHTMLEntity(s, i); ok {
				out.WriteRune(r)
				off += utf16RuneLen(r)
				i = next - 1
				continue
			}
		}
		if c != '<' {
			out.WriteByte(c)
			off += utf16Units(c)
			continue
		}
		begin := i
		i++
		if at(i) != '/' {
			for i < len(s) && !isHTMLSpace(s[i]) && s[i] != '>' {
				i++
			}
			if i >= len(s) {
				return "", nil, parseErrorf(fmt.Sprintf("Unclosed start tag at byte offset %d", begin))
			}
			tag := strings.ToLower(s[begin+1 : i])
			if !htmlTags[tag] {
				return "", nil, parseErrorf(fmt.Sprintf("Unsupported start tag \"%s\" at byte offset %d", tag, begin))
			}
			open := htmlOpen{tag: tag, utf16Start: off, textStart: out.Len()}
			for at(i) != '>' {
				for i < len(s) && isHTMLSpace(s[i]) {
					i++
				}
				if at(i) == '>' {
					break
				}
				if i >= len(s) {
					return "", nil, parseErrorf(fmt.Sprintf("Unclosed start tag at byte offset %d", begin))
				}
				nameStart := i
				for i < len(s) && !isHTMLSpace(s[i]) && s[i] != '=' && s[i] != '>' {
					i++
				}
				name := strings.ToLower(s[nameStart:i])
				if name == "" {
					return "", nil, parseErrorf(fmt.Sprintf("Empty attribute name in the tag \"%s\" at byte offset %d", tag, begin))
				}
				for i < len(s) && isHTMLSpace(s[i]) {
					i++
				}
				if at(i) != '=' {
					if tag == "blockquote" && name == "expandable" {
						open.arg = "expandable"
						continue
					}
					if i >= len(s) {
						return "", nil, parseErrorf(fmt.Sprintf("Unclosed start tag at byte offset %d", begin))
					}
					return "", nil, parseErrorf(fmt.Sprintf("Expected equal sign in declaration of an attribute of the tag \"%s\" at byte offset %d", tag, begin))
				}
				i++
				for i < len(s) && isHTMLSpace(s[i]) {
					i++
				}
				if i >= len(s) {
					return "", nil, parseErrorf(fmt.Sprintf("Unclosed start tag \"%s\" at byte offset %d", tag, begin))
				}
				var value strings.Builder
				if s[i] != '\'' && s[i] != '"' {
					// An unquoted name token: letters, digits, '.' and '-'.
					tokenStart := i
					for i < len(s) && (isAlnum(s[i]) || s[i] == '.' || s[i] == '-') {
						i++
					}
					value.WriteString(strings.ToLower(s[tokenStart:i]))
					if i >= len(s) || (!isHTMLSpace(s[i]) && s[i] != '>') {
						return "", nil, parseErrorf(fmt.Sprintf("Unexpected end of name token at byte offset %d", tokenStart))
					}
				} else {
					quote := s[i]
					i++
					for i < len(s) && s[i] != quote {
						if s[i] == '&' {
							if r, next, ok := decodeHTMLEntity(s, i); ok {
								value.WriteRune(r)
								i = next
								continue
							}
						}
						value.WriteByte(s[i])
						i++
					}
					if i < len(s) {
						i++
					}
				}
				if i >= len(s) {
					return "", nil, parseErrorf(fmt.Sprintf("Unclosed start tag at byte offset %d", begin))
				}
				v := value.String()
				switch {
				case tag == "a" && name == "href":
					open.arg = v
				case tag == "code" && name == "class" && strings.HasPrefix(v, "language-"):
					open.arg = v[len("language-"):]
				case tag == "span" && name == "class" && strings.HasPrefix(v, "tg-"):
					open.arg = v[len("tg-"):]
				case tag == "tg-emoji" && name == "emoji-id":
					open.arg = v
				case tag == "tg-time" && name == "unix":
					open.arg = v
				case tag == "tg-time" && name == "format":
					open.format = v
				}
			}
			if tag == "span" && open.arg != "spoiler" {
				return "", nil, parseErrorf(fmt.Sprintf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin))
			}
			stack = append(stack, open)
			continue
		}

		// An end tag.
		if len(stack) == 0 {
			return "", nil, parseErrorf(fmt.Sprintf("Unexpected end tag at byte offset %d", begin))
		}
		for i < len(s) && !isHTMLSpace(s[i]) && s[i] != '>' {
			i++
		}
		endName := strings.ToLower(s[begin+2 : i])
		for i < len(s) && isHTMLSpace(s[i]) {
			i++
		}
		if at(i) != '>' {
			return "", nil, parseErrorf(fmt.Sprintf("Unclosed end tag at byte offset %d", begin))
		}
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if endName != "" && endName != top.tag {
			return "", nil, parseErrorf(fmt.Sprintf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, top.tag, endName))
		}
		if off <= top.utf16Start {
			continue
		}
		e := Entity{Offset: top.utf16Start, Length: off - top.utf16Start}
		switch top.tag {
		case "i", "em":
			e.Type = "italic"
		case "b", "strong":
			e.Type = "bold"
		case "s", "strike", "del":
			e.Type = "strikethrough"
		case "u", "ins":
			e.Type = "underline"
		case "tg-spoiler", "span":
			e.Type = "spoiler"
		case "tg-emoji":
			if n, err := strconv.ParseInt(top.arg, 10, 64); err != nil || n == 0 {
				return "", nil, parseErrorf("Invalid custom emoji identifier specified")
			}
			e.Type, e.CustomEmojiID = "custom_emoji", top.arg
		case "tg-time":
			n, err := strconv.ParseInt(top.arg, 10, 64)
			if err != nil || n == 0 {
				return "", nil, parseErrorf("Invalid Unix time specified")
			}
			e.Type, e.UnixTime, e.DateTimeFormat = "date_time", n, top.format
		case "a":
			u := top.arg
			if u == "" {
				u = out.String()[top.textStart:]
			}
			link, ok := checkLink(u)
			if !ok {
				continue
			}
			e.Type, e.URL = "text_link", link
		case "pre":
			// <pre><code class="language-x"> is one pre entity with a language.
			if n := len(entities); n > 0 && entities[n-1].Type == "code" && entities[n-1].Offset == e.Offset &&
				entities[n-1].Length == e.Length && entities[n-1].Language != "" {
				entities[n-1].Type = "pre"
				continue
			}
			e.Type = "pre"
		case "code":
			if n := len(entities); n > 0 && entities[n-1].Type == "pre" && entities[n-1].Offset == e.Offset &&
				entities[n-1].Length == e.Length && top.arg != "" {
				entities[n-1].Language = top.arg
				continue
			}
			e.Type, e.Language = "code", top.arg
		case "blockquote":
			e.Type = "blockquote"
			if top.arg == "expandable" {
				e.Type = "expandable_blockquote"
			}
		}
		entities = append(entities, e)
	}
	if len(stack) > 0 {
		return "", nil, parseErrorf(fmt.Sprintf("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].tag))
	}
	// A code entity keeps its language only inside pre.
	for i := range entities {
		if entities[i].Type == "code" {
			entities[i].Language = ""
		}
	}
	sortEntities(entities)
	return out.String(), entities, nil
}

// decodeHTMLEntity decodes the character reference at s[i] ('&'), returning
// the character and the index just after it (after an optional ';').
func decodeHTMLEntity(s string, i int) (rune, int, bool) {
	end := i + 1
	var r rune
	if end < len(s) && s[end] == '#' {
		end++
		hex := end < len(s) && s[end] == 'x'
		if hex {
			end++
		}
		for end < len(s) {
			d, ok := digitValue(s[end], hex)
			if !ok {
				break
			}
			r = r*base(hex) + rune(d)
			end++
			if r >= 0x10ffff {
				return 0, 0, false
			}
		}
		if r == 0 || end-i >= 10 || (r >= 0xD800 && r <= 0xDFFF) {
			return 0, 0, false
		}
	} else {
		for end < len(s) && isAlpha(s[end]) {
			end++
		}
		switch s[i+1 : end] {
		case "lt":
			r = '<'
		case "gt":
			r = '>'
		case "amp":
			r = '&'
		case "quot":
			r = '"'
		default:
			return 0, 0, false
		}
	}
	if end < len(s) && s[end] == ';' {
		end++
	}
	return r, end, true
}

func base(hex bool) rune {
	if hex {
		return 16
	}
	return 10
}

func digitValue(c byte, hex bool) (int, bool) {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0'), true
	case hex && c >= 'a' && c <= 'f':
		return int(c-'a') + 10, true
	case hex && c >= 'A' && c <= 'F':
		return int(c-'A') + 10, true
	}
	return 0, false
}

func utf16RuneLen(r rune) int {
	if r > 0xFFFF {
		return 2
	}
	return 1
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func isAlpha(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

func isAlnum(c byte) bool { return isAlpha(c) || (c >= '0' && c <= '9') }
