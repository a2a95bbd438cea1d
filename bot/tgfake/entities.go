package tgfake

import (
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Entity is a MessageEntity as Telegram returns it: a formatted span of the
// parsed text, with Offset and Length in UTF-16 code units.
type Entity struct {
	Type          string `json:"type"`
	Offset        int    `json:"offset"`
	Length        int    `json:"length"`
	URL           string `json:"url,omitempty"`
	Language      string `json:"language,omitempty"`
	CustomEmojiID string `json:"custom_emoji_id,omitempty"`
	// UnixTime and DateTimeFormat are set for "date_time" entities.
	UnixTime       int64  `json:"unix_time,omitempty"`
	DateTimeFormat string `json:"date_time_format,omitempty"`
}

// ParseError is a formatting error. Its Error() is Telegram's full
// description, "Bad Request: can't parse entities: ...".
type ParseError struct {
	Reason string // the part after "can't parse entities: "
}

func (e *ParseError) Error() string {
	return "Bad Request: can't parse entities: " + e.Reason
}

func parseErrorf(reason string) error { return &ParseError{Reason: reason} }

// utf16Len is the length of s in UTF-16 code units, counted the way
// Telegram's server does: one unit per UTF-8 lead byte, two for 4-byte
// sequences. It never panics on invalid UTF-8.
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n += utf16Units(s[i])
	}
	return n
}

// utf16Units is how many UTF-16 code units the byte c contributes.
func utf16Units(c byte) int {
	switch {
	case c&0xC0 == 0x80:
		return 0
	case c >= 0xF0:
		return 2
	default:
		return 1
	}
}

// sortEntities orders entities like Telegram: by offset, outer first.
func sortEntities(es []Entity) {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Offset != es[j].Offset {
			return es[i].Offset < es[j].Offset
		}
		return es[i].Length > es[j].Length
	})
}

// checkLink validates a link target like Telegram's check_link does in
// spirit: tg:// and http(s):// links with a host, or a bare domain (which
// gets "http://" added). An invalid link drops the entity, not the message.
func checkLink(u string) (string, bool) {
	u = strings.TrimSpace(u)
	if u == "" || strings.ContainsAny(u, " \n\t") {
		return "", false
	}
	lower := strings.ToLower(u)
	for _, scheme := range []string{"http://", "https://", "tg://", "ton://"} {
		if strings.HasPrefix(lower, scheme) {
			if len(u) == len(scheme) {
				return "", false
			}
			return u, true
		}
	}
	if strings.Contains(lower, "://") {
		return "", false
	}
	host := lower
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if !strings.Contains(host, ".") || strings.HasPrefix(host, ".") || strings.HasSuffix(host, ".") {
		return "", false
	}
	return "http://" + u, true
}

// trimText removes leading and trailing whitespace from parsed text, as
// Telegram does before storing a message, and clips the entities to match.
func trimText(text string, entities []Entity) (string, []Entity) {
	isSpace := func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '\r' }
	trimmed := strings.TrimLeftFunc(text, isSpace)
	lead := utf16Len(text[:len(text)-len(trimmed)])
	trimmed = strings.TrimRightFunc(trimmed, isSpace)
	total := utf16Len(trimmed)
	out := make([]Entity, 0, len(entities))
	for _, e := range entities {
		start := max(e.Offset-lead, 0)
		end := min(e.Offset+e.Length-lead, total)
		if end <= start {
			continue
		}
		e.Offset, e.Length = start, end-start
		out = append(out, e)
	}
	return trimmed, out
}

// charCount counts characters the way Telegram applies its length limits:
// Unicode code points of the parsed text.
func charCount(s string) int { return utf8.RuneCountInString(s) }

// EntityText returns the part of text an entity covers, so that tests and
// the web chat can show what is bold, linked or hidden.
func EntityText(text string, e Entity) string {
	units := utf16.Encode([]rune(text))
	start := min(max(e.Offset, 0), len(units))
	end := min(max(e.Offset+e.Length, start), len(units))
	return string(utf16.Decode(units[start:end]))
}
