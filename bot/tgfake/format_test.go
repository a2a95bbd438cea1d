package tgfake

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseMarkdownV2(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		text     string
		entities []Entity
		err      string
	}{
		{name: "plain", in: "hello", text: "hello"},
		{name: "escaped reserved", in: `a\.b\-c\!\(x\)`, text: "a.b-c!(x)"},
		{name: "bold italic", in: "*bold* _it_", text: "bold it",
			entities: []Entity{{Type: "bold", Offset: 0, Length: 4}, {Type: "italic", Offset: 5, Length: 2}}},
		{name: "underline strike spoiler", in: "__u__ ~s~ ||p||", text: "u s p",
			entities: []Entity{{Type: "underline", Offset: 0, Length: 1}, {Type: "strikethrough", Offset: 2, Length: 1}, {Type: "spoiler", Offset: 4, Length: 1}}},
		{name: "nested", in: "*bold _both_*", text: "bold both",
			entities: []Entity{{Type: "bold", Offset: 0, Length: 9}, {Type: "italic", Offset: 5, Length: 4}}},
		{name: "link", in: `[site](https://example.org/a\)b)`, text: "site",
			entities: []Entity{{Type: "text_link", Offset: 0, Length: 4, URL: "https://example.org/a)b"}}},
		{name: "link without scheme", in: "[x](example.org)", text: "x",
			entities: []Entity{{Type: "text_link", Offset: 0, Length: 1, URL: "http://example.org"}}},
		{name: "code keeps reserved", in: "`a.b-c`", text: "a.b-c", entities: []Entity{{Type: "code", Offset: 0, Length: 5}}},
		{name: "pre with language", in: "```go\nx := 1\n```", text: "x := 1\n",
			entities: []Entity{{Type: "pre", Offset: 0, Length: 7, Language: "go"}}},
		{name: "utf16 offsets", in: "😀 *b*", text: "😀 b", entities: []Entity{{Type: "bold", Offset: 3, Length: 1}}},
		{name: "blockquote", in: ">quoted\n>more\nafter", text: "quoted\nmore\nafter",
			entities: []Entity{{Type: "blockquote", Offset: 0, Length: 11}}},
		{name: "expandable blockquote", in: "**>hidden\n>more||", text: "hidden\nmore",
			entities: []Entity{{Type: "expandable_blockquote", Offset: 0, Length: 11}}},
		{name: "custom emoji", in: "![👍](tg://emoji?id=5368324170671202286)", text: "👍",
			entities: []Entity{{Type: "custom_emoji", Offset: 0, Length: 2, CustomEmojiID: "5368324170671202286"}}},
		{name: "empty entity dropped", in: "a**b", text: "ab"},
		{name: "unescaped dot", in: "Hello.", err: `Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\'`},
		{name: "unescaped dash", in: "FR-75", err: `Bad Request: can't parse entities: Character '-' is reserved and must be escaped with the preceding '\'`},
		{name: "unescaped bracket in link url", in: "[a](http://x.org", err: "Bad Request: can't parse entities: Can't find end of a URL at byte offset 4"},
		{name: "unclosed bold", in: "ok *bold", err: "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 3"},
		{name: "unclosed code", in: "`code", err: "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 0"},
		{name: "single pipe", in: "a|b", err: `Bad Request: can't parse entities: Character '|' is reserved and must be escaped with the preceding '\'`},
		{name: "invalid utf8", in: "\xff", err: "Bad Request: can't parse entities: Strings must be encoded in UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, entities, err := ParseMarkdownV2(tt.in)
			checkParse(t, text, entities, err, tt.text, tt.entities, tt.err)
		})
	}
}

func TestParseHTML(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		text     string
		entities []Entity
		err      string
	}{
		{name: "plain", in: "a & b", text: "a & b"},
		{name: "entities", in: "&lt;&gt;&amp;&quot;&#33;&#x41;&nbsp;", text: `<>&"!A&nbsp;`},
		{name: "tags", in: "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike><del>d</del>", text: "bsieunskd",
			entities: []Entity{{Type: "bold", Offset: 0, Length: 1}, {Type: "bold", Offset: 1, Length: 1}, {Type: "italic", Offset: 2, Length: 1},
				{Type: "italic", Offset: 3, Length: 1}, {Type: "underline", Offset: 4, Length: 1}, {Type: "underline", Offset: 5, Length: 1},
				{Type: "strikethrough", Offset: 6, Length: 1}, {Type: "strikethrough", Offset: 7, Length: 1}, {Type: "strikethrough", Offset: 8, Length: 1}}},
		{name: "spoilers", in: `<tg-spoiler>a</tg-spoiler><span class="tg-spoiler">b</span>`, text: "ab",
			entities: []Entity{{Type: "spoiler", Offset: 0, Length: 1}, {Type: "spoiler", Offset: 1, Length: 1}}},
		{name: "link", in: `<a href="https://example.org/?a=1&amp;b=2">x</a>`, text: "x",
			entities: []Entity{{Type: "text_link", Offset: 0, Length: 1, URL: "https://example.org/?a=1&b=2"}}},
		{name: "pre code language", in: `<pre><code class="language-go">x</code></pre>`, text: "x",
			entities: []Entity{{Type: "pre", Offset: 0, Length: 1, Language: "go"}}},
		{name: "code", in: "<code>a<b</code>", err: "Bad Request: can't parse entities: Unsupported start tag \"b</code\" at byte offset 7"},
		{name: "blockquote expandable", in: "<blockquote expandable>q</blockquote>", text: "q",
			entities: []Entity{{Type: "expandable_blockquote", Offset: 0, Length: 1}}},
		{name: "emoji", in: `<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, text: "👍",
			entities: []Entity{{Type: "custom_emoji", Offset: 0, Length: 2, CustomEmojiID: "5368324170671202286"}}},
		{name: "uppercase tag", in: "<B>x</B>", text: "x", entities: []Entity{{Type: "bold", Offset: 0, Length: 1}}},
		{name: "unsupported tag", in: "hi <foo>x</foo>", err: `Bad Request: can't parse entities: Unsupported start tag "foo" at byte offset 3`},
		{name: "unclosed tag", in: "<b>bold", err: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`},
		{name: "unexpected end tag", in: "x</b>", err: "Bad Request: can't parse entities: Unexpected end tag at byte offset 1"},
		{name: "unmatched end tag", in: "<b>x</i>", err: `Bad Request: can't parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`},
		{name: "bare less-than", in: "a < b", err: `Bad Request: can't parse entities: Unsupported start tag "" at byte offset 2`},
		{name: "span without class", in: "<span>x</span>", err: `Bad Request: can't parse entities: Tag "span" must have class "tg-spoiler" at byte offset 0`},
		{name: "unclosed start tag", in: "<b", err: "Bad Request: can't parse entities: Unclosed start tag at byte offset 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, entities, err := ParseHTML(tt.in)
			checkParse(t, text, entities, err, tt.text, tt.entities, tt.err)
		})
	}
}

func checkParse(t *testing.T, text string, entities []Entity, err error, wantText string, wantEntities []Entity, wantErr string) {
	t.Helper()
	if wantErr != "" {
		var pe *ParseError
		if err == nil || err.Error() != wantErr || !errors.As(err, &pe) {
			t.Fatalf("error = %v, want %q", err, wantErr)
		}
		return
	}
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
	if text != wantText {
		t.Fatalf("text = %q, want %q", text, wantText)
	}
	if len(entities) == 0 && len(wantEntities) == 0 {
		return
	}
	if !reflect.DeepEqual(entities, wantEntities) {
		t.Fatalf("entities = %+v, want %+v", entities, wantEntities)
	}
}

func TestEntityText(t *testing.T) {
	text, entities, err := ParseMarkdownV2("😀 *bold* and ||hidden||")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entities {
		got = append(got, EntityText(text, e))
	}
	if strings.Join(got, ",") != "bold,hidden" {
		t.Fatalf("entity texts = %q", got)
	}
}

// checkEntities asserts the invariants every successful parse must keep.
func checkEntities(t *testing.T, text string, entities []Entity) {
	total := utf16Len(text)
	for _, e := range entities {
		if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > total {
			t.Fatalf("entity %+v outside text of %d units", e, total)
		}
	}
}

func FuzzParseMarkdownV2(f *testing.F) {
	for _, s := range []string{"*a*", "_a_", "__a__", "~a~", "||a||", "[a](b.c)", "`a`", "```go\na```", ">q\n>r||", "**>q", "![a](tg://emoji?id=1)", `\.`, "a.b", "😀*b*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text, entities, err := ParseMarkdownV2(s)
		if err == nil {
			checkEntities(t, text, entities)
		}
	})
}

func FuzzParseHTML(f *testing.F) {
	for _, s := range []string{"<b>a</b>", "<a href='x.y'>a</a>", "&lt;&#128512;&#x1F600;", "<pre><code class=\"language-x\">a</code></pre>", "<blockquote expandable>a</blockquote>", "<b", "</>", "<span class=tg-spoiler>a</span>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text, entities, err := ParseHTML(s)
		if err == nil {
			checkEntities(t, text, entities)
		}
	})
}
