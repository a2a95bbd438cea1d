package demo

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"testing"
)

// renderCase is one input of static/render.js's renderEntities.
type renderCase struct {
	Text     string         `json:"text"`
	Entities []renderEntity `json:"entities"`
}

// renderEntity mirrors a Bot API MessageEntity.
type renderEntity struct {
	Type     string `json:"type"`
	Offset   int    `json:"offset"`
	Length   int    `json:"length"`
	URL      string `json:"url,omitempty"`
	Language string `json:"language,omitempty"`
}

// TestRenderEntities runs the page's entity renderer under Node against a
// minimal DOM that throws on any HTML parsing, and compares the trees it
// builds. It shows that bot text only ever becomes text nodes.
func TestRenderEntities(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed; the renderer is covered by TestStaticAssetsBuildNodesNotHTML only")
	}
	e := func(typ string, off, n int) renderEntity { return renderEntity{Type: typ, Offset: off, Length: n} }
	tests := []struct {
		name string
		in   renderCase
		want string
	}{
		{"markup in plain text stays text",
			renderCase{Text: `<b>hi</b> & <script>alert(1)</script>`},
			`&lt;b&gt;hi&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;`},
		{"markup inside an entity stays text",
			renderCase{Text: `<img src=x onerror=alert(1)>`, Entities: []renderEntity{e("bold", 0, 28)}},
			`<strong>&lt;img src=x onerror=alert(1)&gt;</strong>`},
		{"nested bold and italic",
			renderCase{Text: "bold italic", Entities: []renderEntity{e("italic", 5, 6), e("bold", 0, 11)}},
			`<strong>bold <em>italic</em></strong>`},
		{"underline strike code spoiler",
			renderCase{Text: "u s c p", Entities: []renderEntity{e("underline", 0, 1), e("strikethrough", 2, 1), e("code", 4, 1), e("spoiler", 6, 1)}},
			`<u>u</u> <s>s</s> <code>c</code> <span class="spoiler" title="Spoiler: click to show">p</span>`},
		{"pre with language",
			renderCase{Text: "x := 1", Entities: []renderEntity{{Type: "pre", Offset: 0, Length: 6, Language: "go"}}},
			`<pre data-lang="go"><code>x := 1</code></pre>`},
		{"text link",
			renderCase{Text: "see site", Entities: []renderEntity{{Type: "text_link", Offset: 4, Length: 4, URL: "https://example.org"}}},
			`see <a href="https://example.org/" rel="noopener noreferrer" target="_blank" title="https://example.org">site</a>`},
		{"javascript link gets no href",
			renderCase{Text: "click", Entities: []renderEntity{{Type: "text_link", Offset: 0, Length: 5, URL: "javascript:alert(1)"}}},
			`<a title="javascript:alert(1)">click</a>`},
		{"bare url",
			renderCase{Text: "go to example.org now", Entities: []renderEntity{e("url", 6, 11)}},
			`go to <a href="http://example.org/" rel="noopener noreferrer" target="_blank" title="http://example.org">example.org</a> now`},
		{"offsets count UTF-16 units",
			renderCase{Text: "🙂 bold", Entities: []renderEntity{e("bold", 3, 4)}},
			`🙂 <strong>bold</strong>`},
		{"entity past the end is ignored",
			renderCase{Text: "short", Entities: []renderEntity{e("bold", 2, 10)}},
			`short`},
		{"partial overlap is cut at the parent",
			renderCase{Text: "abcdef", Entities: []renderEntity{e("bold", 0, 4), e("italic", 2, 4)}},
			`<strong>ab<em>cd</em></strong>ef`},
		{"bot command is clickable",
			renderCase{Text: "press /start", Entities: []renderEntity{e("bot_command", 6, 6)}},
			`press <a class="cmd" title="Send /start">/start</a>`},
		{"blockquote and unknown type",
			renderCase{Text: "q z", Entities: []renderEntity{e("blockquote", 0, 1), e("date_time", 2, 1)}},
			`<blockquote>q</blockquote> <span>z</span>`},
	}
	cases := make([]renderCase, len(tests))
	for i, tt := range tests {
		cases[i] = tt.in
	}
	in, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), node, "testdata/render_harness.js", "static/render.js")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("running the renderer under node: %v\n%s", err, stderr.String())
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("reading renderer output %q: %v", out, err)
	}
	if len(got) != len(tests) {
		t.Fatalf("renderer returned %d results for %d cases", len(got), len(tests))
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got[i] != tt.want {
				t.Errorf("rendered\n\t%s\nwant\n\t%s", got[i], tt.want)
			}
		})
	}
}
