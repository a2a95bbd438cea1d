package bot

import "testing"

func TestEscapeMarkdownV2(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain words", "plain words"},
		{"Fentanyl found in 3.5g bags!", `Fentanyl found in 3\.5g bags\!`},
		{"_*[]()~`>#+-=|{}.!", "\\_\\*\\[\\]\\(\\)\\~\\`\\>\\#\\+\\-\\=\\|\\{\\}\\.\\!"},
		{`back\slash`, `back\\slash`},
		{"a\\.b", "a\\\\\\.b"},
		{"ümlaut — 😀 <b>&", `ümlaut — 😀 <b\>&`},
		{"bad \xff byte", "bad \uFFFD byte"},
	}
	for _, tt := range tests {
		if got := EscapeMarkdownV2(tt.in); got != tt.want {
			t.Errorf("EscapeMarkdownV2(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscapeMarkdownV2Code(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"x := a.b(c) * 2_000!", "x := a.b(c) * 2_000!"},
		{"`tick`", "\\`tick\\`"},
		{`C:\path`, `C:\\path`},
		{"bad \xc3 byte", "bad \uFFFD byte"},
	}
	for _, tt := range tests {
		if got := EscapeMarkdownV2Code(tt.in); got != tt.want {
			t.Errorf("EscapeMarkdownV2Code(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscapeMarkdownV2URL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.org/a_b?c=d.e", "https://example.org/a_b?c=d.e"},
		{"https://en.wikipedia.org/wiki/Naloxone_(drug)", `https://en.wikipedia.org/wiki/Naloxone_(drug\)`},
		{`https://x.org/\`, `https://x.org/\\`},
	}
	for _, tt := range tests {
		if got := EscapeMarkdownV2URL(tt.in); got != tt.want {
			t.Errorf("EscapeMarkdownV2URL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscapeHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain 3.5g *bold* _x_", "plain 3.5g *bold* _x_"},
		{"<b>not bold</b>", "&lt;b&gt;not bold&lt;/b&gt;"},
		{"Tom & Jerry", "Tom &amp; Jerry"},
		{"&amp; stays literal", "&amp;amp; stays literal"},
		{`say "hi"`, "say &quot;hi&quot;"},
		{"it's", "it's"},
		{"bad \xff byte", "bad \uFFFD byte"},
	}
	for _, tt := range tests {
		if got := EscapeHTML(tt.in); got != tt.want {
			t.Errorf("EscapeHTML(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
