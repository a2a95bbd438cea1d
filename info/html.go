package info

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// cardTags are the tags a card may use: a strict subset of Telegram's HTML
// parse mode, enough for emphasis and links.
var cardTags = map[string]bool{"b": true, "i": true, "u": true, "s": true, "code": true, "a": true}

// entities are the character references a card may use, and what they stand for.
var entities = [][2]string{{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", `"`}}

// plainText checks s as card HTML and returns its visible text. It is
// stricter than Telegram: only cardTags, <a> with an http(s) href only, no
// attributes elsewhere, tags properly nested, '&' only in &amp; &lt; &gt;
// &quot;, and a bare '<' or '>' is an error.
func plainText(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", errors.New("not valid UTF-8")
	}
	var out strings.Builder
	var stack []string
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '&':
			matched := false
			for _, e := range entities {
				if strings.HasPrefix(s[i:], e[0]) {
					out.WriteString(e[1])
					i += len(e[0])
					matched = true
					break
				}
			}
			if !matched {
				return "", fmt.Errorf("a bare & at byte %d: write &amp;", i)
			}
		case '>':
			return "", fmt.Errorf("a bare > at byte %d: write &gt;", i)
		case '<':
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				return "", fmt.Errorf("a tag at byte %d is not closed with >", i)
			}
			tag := s[i+1 : i+end]
			if strings.ContainsAny(tag, "<\n") {
				return "", fmt.Errorf("a bare < at byte %d: write &lt;", i)
			}
			if name, ok := strings.CutPrefix(tag, "/"); ok {
				if len(stack) == 0 || stack[len(stack)-1] != name {
					return "", fmt.Errorf("</%s> at byte %d closes no open <%s>", name, i, name)
				}
				stack = stack[:len(stack)-1]
			} else {
				name, attrs, _ := strings.Cut(tag, " ")
				if !cardTags[name] {
					return "", fmt.Errorf("tag <%s> at byte %d: only <b>, <i>, <u>, <s>, <code> and <a href> are allowed", name, i)
				}
				if name == "a" {
					href, ok := strings.CutPrefix(strings.TrimSpace(attrs), `href="`)
					href, closed := strings.CutSuffix(href, `"`)
					if !ok || !closed || strings.ContainsAny(href, `"<>& `) ||
						!(strings.HasPrefix(href, "https://") || strings.HasPrefix(href, "http://")) {
						return "", fmt.Errorf(`<a> at byte %d needs exactly href="https://..."`, i)
					}
				} else if attrs != "" {
					return "", fmt.Errorf("<%s> at byte %d takes no attributes", name, i)
				}
				if slices.Contains(stack, name) {
					return "", fmt.Errorf("<%s> at byte %d is inside another <%s>", name, i, name)
				}
				stack = append(stack, name)
			}
			i += end + 1
		default:
			out.WriteByte(c)
			i++
		}
	}
	if len(stack) > 0 {
		return "", fmt.Errorf("<%s> is never closed", stack[len(stack)-1])
	}
	return out.String(), nil
}
