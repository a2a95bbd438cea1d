package bot

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"
)

func TestInlineKeyboard(t *testing.T) {
	yes := CallbackButton("Yes", Callback{Action: "consent", Args: []string{"yes"}})
	site := URLButton("Website", "https://example.org")
	got, err := InlineKeyboard(Keyboard{Row(yes, site), Row(CallbackButton("Back", Callback{Action: "menu"}))})
	if err != nil {
		t.Fatal(err)
	}
	want := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
		{{Text: "Yes", CallbackData: "v1:consent:yes"}, {Text: "Website", URL: "https://example.org"}},
		{{Text: "Back", CallbackData: "v1:menu"}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("InlineKeyboard = %+v, want %+v", got, want)
	}

	if m, err := InlineKeyboard(nil); m != nil || err != nil {
		t.Fatalf("InlineKeyboard(nil) = %v, %v; want nil, nil", m, err)
	}
}

func TestInlineKeyboardRejects(t *testing.T) {
	tests := []struct {
		name string
		kb   Keyboard
		want string
	}{
		{"empty row", Keyboard{Row()}, "row 0: no buttons"},
		{"no text", Keyboard{Row(Button{Data: "v1:a"})}, "row 0 button 0: empty text"},
		{"no action", Keyboard{Row(Button{Text: "x", Data: "v1:a"}, Button{Text: "y"})}, "row 0 button 1: neither"},
		{"both in row 1", Keyboard{Row(Button{Text: "x", URL: "https://x.org"}), Row(Button{Text: "x", Data: "v1:a", URL: "https://x.org"})}, "row 1 button 0: both"},
		{"data too long", Keyboard{Row(Button{Text: "x", Data: strings.Repeat("d", 65)})}, "65 bytes"},
	}
	for _, tt := range tests {
		if _, err := InlineKeyboard(tt.kb); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: InlineKeyboard error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func TestCallbackButtonPanicsOnBadCallback(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("CallbackButton with a 70-byte callback did not panic")
		}
	}()
	CallbackButton("x", Callback{Action: strings.Repeat("a", 70)})
}

// The wire form carries only the fields Peerbot sets: the library's own
// button type would add an empty copy_text, which Telegram can refuse.
func TestWireMarkupJSON(t *testing.T) {
	markup, err := replyMarkup(Keyboard{Row(CallbackButton("Yes", Callback{Action: "ok"}), URLButton("Site", "https://example.org"))})
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(markup)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"inline_keyboard":[[{"text":"Yes","callback_data":"v1:ok"},{"text":"Site","url":"https://example.org"}]]}`
	if string(got) != want {
		t.Fatalf("reply_markup = %s\nwant %s", got, want)
	}
	if m, err := replyMarkup(nil); m != nil || err != nil {
		t.Fatalf("replyMarkup(nil) = %v, %v; want nil, nil", m, err)
	}
}
