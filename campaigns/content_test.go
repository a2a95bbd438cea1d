package campaigns

import (
	"reflect"
	"testing"
	"unicode/utf16"

	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/bot/tgfake"
	"github.com/peerbot/peerbot/broadcast"
)

func TestRender(t *testing.T) {
	c := &Campaign{
		Texts:       map[string]string{"en": "Free <b>testing</b> & advice", "pl": "Testy \"za darmo\""},
		DefaultLang: "en",
		Buttons: []Button{
			{Text: map[string]string{"en": "Where <here>", "pl": "Gdzie"}, URL: "https://example.org/?a=1&b=2"},
			{Text: map[string]string{"en": "Call us"}, URL: "https://example.org/call"},
		},
	}
	photo := *c
	photo.PhotoURL = "https://example.org/p.jpg"
	sent := *c
	sent.Buttons, sent.PhotoFileID = nil, "AgACAgIAAxkBAAIB"
	tests := []struct {
		name string
		c    *Campaign
		lang string
		want broadcast.Messages
	}{
		{"own language, labels fall back per button", c, "pl", broadcast.Messages{
			Text: "Testy &quot;za darmo&quot;",
			Keyboard: bot.Keyboard{
				bot.Row(bot.URLButton("Gdzie", "https://example.org/?a=1&b=2")),
				bot.Row(bot.URLButton("Call us", "https://example.org/call")),
			},
		}},
		{"another language gets the default, escaped", c, "uk", broadcast.Messages{
			Text: "Free &lt;b&gt;testing&lt;/b&gt; &amp; advice",
			Keyboard: bot.Keyboard{
				bot.Row(bot.URLButton("Where <here>", "https://example.org/?a=1&b=2")),
				bot.Row(bot.URLButton("Call us", "https://example.org/call")),
			},
		}},
		{"a photo carries the text and the buttons", &photo, "en", broadcast.Messages{
			Photo: "https://example.org/p.jpg", Caption: "Free &lt;b&gt;testing&lt;/b&gt; &amp; advice",
			Keyboard: bot.Keyboard{
				bot.Row(bot.URLButton("Where <here>", "https://example.org/?a=1&b=2")),
				bot.Row(bot.URLButton("Call us", "https://example.org/call")),
			},
		}},
		{"a photo sent to the bot goes as its file id", &sent, "pl", broadcast.Messages{
			Photo: "AgACAgIAAxkBAAIB", Caption: "Testy &quot;za darmo&quot;",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.c.Render(tt.lang)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Render(%q) =\n%+v\nwant\n%+v", tt.lang, got, tt.want)
			}
		})
	}
}

// FuzzRender checks, with the strict fake's HTML parser, that any text an
// organisation writes reaches Telegram as that very text: no markup gets
// through, and the length Telegram counts is the one validated.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"plain", "<b>bold</b>", "a & b", "<a href=\"x\">", "&amp;", "1 < 2 > 0", "\"quoted\" 'single'", "🙂<i>"} {
		f.Add(s, false)
	}
	rs := regions(f)
	f.Fuzz(func(t *testing.T, text string, withPhoto bool) {
		c := &Campaign{Texts: map[string]string{"en": text}, DefaultLang: "en"}
		if withPhoto {
			c.PhotoURL = "https://example.org/p.jpg"
		}
		if c.Validate(rs, nil) != nil {
			return
		}
		m := c.Render("en")
		html := m.Text
		if withPhoto {
			html = m.Caption
		}
		plain, entities, err := tgfake.ParseHTML(html)
		if err != nil {
			t.Fatalf("rendered %q does not parse: %v", html, err)
		}
		if plain != text || len(entities) != 0 {
			t.Fatalf("rendered %q reads as %q with %d entities, want the text as written", html, plain, len(entities))
		}
		limit := MaxText
		if withPhoto {
			limit = MaxCaption
		}
		if n := len(utf16.Encode([]rune(plain))); n > limit {
			t.Fatalf("validated text is %d UTF-16 units, over %d", n, limit)
		}
	})
}
