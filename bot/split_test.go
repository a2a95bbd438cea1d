package bot

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestUTF16Len(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"ümlaut", 6},
		{"Наркан", 6},
		{"😀", 2},
		{"a😀b", 4},
		{"\xff", 1},
	}
	for _, tt := range tests {
		if got := UTF16Len(tt.in); got != tt.want {
			t.Errorf("UTF16Len(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestSplitText(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		limit int
		want  []string
	}{
		{"empty", "", 10, nil},
		{"fits", "short text", 10, []string{"short text"}},
		{"fits with surrounding space", "  hi  ", 10, []string{"  hi  "}},
		{"long blank text", "\n\n\n     ", 4, nil},
		{"paragraphs first", "one two\nthree\n\nfour five", 16, []string{"one two\nthree", "four five"}},
		{"last paragraph that fits", "aa\n\nbb\n\ncc dd ee", 9, []string{"aa\n\nbb", "cc dd ee"}},
		{"blank line with spaces", "aaaa\n  \nbbbb", 8, []string{"aaaa", "bbbb"}},
		{"lines before spaces", "one two\nthree four", 12, []string{"one two", "three four"}},
		{"spaces before hard cut", "one two three", 9, []string{"one two", "three"}},
		{"separator right at the limit", "abcd efgh", 4, []string{"abcd", "efgh"}},
		{"hard cut", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"leading whitespace dropped when splitting", "\n\n  abc def", 4, []string{"abc", "def"}},
		{"whitespace runs dropped", "abc   \n\n\n   def", 4, []string{"abc", "def"}},
		{"cyrillic counted by character", "Наркан рятує", 7, []string{"Наркан", "рятує"}},
		{"emoji counts two", "😀😀😀", 4, []string{"😀😀", "😀"}},
		{"emoji never halved", "a😀b", 2, []string{"a", "😀", "b"}},
		{"limit raised to 2", "abc", 0, []string{"ab", "c"}},
		{"markdown escape kept whole", `abc\.def`, 4, []string{"abc", `\.de`, "f"}},
		{"escaped backslash may end a part", `ab\\cd`, 4, []string{`ab\\`, "cd"}},
		{"html reference kept whole", "abc&amp;def", 5, []string{"abc", "&amp;", "def"}},
		{"ampersand without reference", "ab&cdefgh", 4, []string{"ab&c", "defg", "h"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SplitText(tt.text, tt.limit)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("SplitText(%q, %d) = %q, want %q", tt.text, tt.limit, got, tt.want)
			}
			checkSplit(t, tt.text, max(tt.limit, 2), got)
		})
	}
}

func TestSplitTextTelegramLimit(t *testing.T) {
	para := strings.Repeat("Naloxone reverses opioid overdoses. ", 40) // 1440 characters
	text := strings.Join([]string{para, para, para, para}, "\n\n")
	got := SplitText(text, MaxText)
	want := []string{strings.Join([]string{para, para}, "\n\n"), strings.Join([]string{para, para}, "\n\n")}
	// The paragraphs end in a space, which is dropped at the cut.
	want[0] = strings.TrimRight(want[0], " ")
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("SplitText of four 1440-character paragraphs: got %d parts of %v characters, want two of two paragraphs",
			len(got), partLens(got))
	}
	checkSplit(t, text, MaxText, got)
}

func partLens(parts []string) []int {
	var n []int
	for _, p := range parts {
		n = append(n, UTF16Len(p))
	}
	return n
}

// checkSplit asserts what SplitText promises: every part fits, is not
// blank, is cut on a character boundary, and the parts give back text
// once the dropped whitespace is put back.
func checkSplit(t *testing.T, text string, limit int, parts []string) {
	t.Helper()
	if text == "" {
		if len(parts) != 0 {
			t.Fatalf("SplitText(\"\") = %q, want no parts", parts)
		}
		return
	}
	if len(parts) == 0 {
		if strings.Trim(text, cutSpace) != "" {
			t.Fatalf("SplitText(%q) gave no parts", text)
		}
		return
	}
	if len(parts) == 1 && parts[0] == text {
		if UTF16Len(text) > limit {
			t.Fatalf("text of %d units returned whole with limit %d", UTF16Len(text), limit)
		}
		return
	}
	pos := 0
	for i, p := range parts {
		if n := UTF16Len(p); n > limit {
			// Only a single character wider than the limit may exceed it,
			// which cannot happen with limit >= 2.
			t.Fatalf("part %d is %d units, over the limit %d", i, n, limit)
		}
		if strings.TrimLeft(p, cutSpace) != p || strings.TrimSpace(p) == "" {
			t.Fatalf("part %d %q starts with whitespace or is blank", i, p)
		}
		for pos < len(text) && strings.IndexByte(cutSpace, text[pos]) >= 0 {
			pos++
		}
		if !strings.HasPrefix(text[pos:], p) {
			t.Fatalf("part %d %q is not the text at byte %d: %q", i, p, pos, text[pos:min(len(text), pos+len(p)+10)])
		}
		if utf8.ValidString(text) && !utf8.ValidString(p) {
			t.Fatalf("part %d %q cuts a character", i, p)
		}
		pos += len(p)
	}
	if strings.Trim(text[pos:], cutSpace) != "" {
		t.Fatalf("text after the last part was lost: %q", text[pos:])
	}
}
