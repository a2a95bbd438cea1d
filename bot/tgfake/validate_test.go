package tgfake

import (
	"net/http"
	"strings"
	"testing"
)

func TestValidation(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(42, "en")
	button := func(b string) string { return `{"inline_keyboard":[[` + b + `]]}` }
	tests := []struct {
		name   string
		method string
		params map[string]string
		code   int
		desc   string
	}{
		{"unknown method", "sendTelepathy", nil, 404, "Not Found"},
		{"method names ignore case", "SENDMESSAGE", map[string]string{"chat_id": "42", "text": "hi"}, 200, ""},
		{"missing chat_id", "sendMessage", map[string]string{"text": "hi"}, 400, "Bad Request: chat_id is empty"},
		{"missing text", "sendMessage", map[string]string{"chat_id": "42"}, 400, "Bad Request: message text is empty"},
		{"blank text", "sendMessage", map[string]string{"chat_id": "42", "text": " \n "}, 400, "Bad Request: message text is empty"},
		{"non-integer chat_id", "sendMessage", map[string]string{"chat_id": "forty-two", "text": "hi"}, 400, "Bad Request: chat not found"},
		{"bad boolean", "sendMessage", map[string]string{"chat_id": "42", "text": "hi", "disable_notification": "perhaps"}, 400, `Bad Request: field "disable_notification" must be of type Boolean`},
		{"bad integer", "deleteMessage", map[string]string{"chat_id": "42", "message_id": "x"}, 400, `Bad Request: field "message_id" must be of type Integer`},
		{"generic required", "sendLocation", map[string]string{"chat_id": "42", "latitude": "1"}, 400, "Bad Request: parameter longitude is required"},
		{"venue without address", "sendVenue", map[string]string{"chat_id": "42", "latitude": "1", "longitude": "2", "title": "Drop-in"}, 400, "Bad Request: parameter address is required"},
		{"malformed reply_markup", "sendMessage", map[string]string{"chat_id": "42", "text": "hi", "reply_markup": "{"}, 400, "Bad Request: can't parse reply keyboard markup JSON object"},
		{"markup of no known kind", "sendMessage", map[string]string{"chat_id": "42", "text": "hi", "reply_markup": `{"buttons":[]}`}, 400, "Bad Request: can't parse reply keyboard markup JSON object"},
		{"keyboard not an array of arrays", "sendMessage", map[string]string{"chat_id": "42", "text": "hi", "reply_markup": `{"inline_keyboard":{}}`}, 400, `Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays`},
		{"button without text", "sendMessage", map[string]string{"chat_id": "42", "text": "hi", "reply_markup": button(`{"callback_data":"x"}`)}, 400, `Bad Request: can't parse inline keyboard button: Can't find field "text"`},
		{"button text not a string", "sendMessage", map[string]string{"chat_id": "42", "text": "hi", "reply_markup": button(`{"text":1,"callback_data":"x"}`)}, 400, `Bad Request: can't parse inline keyboard button: Field "text" must be of type String`},
		{"empty button text", "sendMessage", map[string]string{"chat_id": "42", "text": "hi", "reply_markup": button(`{"text":"","callback_data":"x"}`)}, 400, "Bad Request: text must be non-empty"},
		{"button without action", "sendMessage", map[string]string{"chat_id": "42", "text": "hi", "reply_markup": button(`{"text":"a"}`)}, 400, "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"},
		{"button with two actions", "sendMessage", map[string]string{"chat_id": "42", "text": "hi", "reply_markup": button(`{"text":"a","callback_data":"x","url":"https://a.org"}`)}, 400, "Bad Request: can't parse inline keyboard button: only one of the optional fields can be used"},
		{"empty callback data", "sendMessage", map[string]string{"chat_id": "42", "text": "hi", "reply_markup": button(`{"text":"a","callback_data":""}`)}, 400, "Bad Request: BUTTON_DATA_INVALID"},
		{"callback data of 65 bytes", "sendMessage", map[string]string{"chat_id": "42", "text": "hi", "reply_markup": button(`{"text":"a","callback_data":"` + strings.Repeat("é", 33) + `"}`)}, 400, "Bad Request: BUTTON_DATA_INVALID"},
		{"callback data of 64 bytes", "sendMessage", map[string]string{"chat_id": "42", "text": "hi", "reply_markup": button(`{"text":"a","callback_data":"` + strings.Repeat("é", 32) + `"}`)}, 200, ""},
		{"bad button url", "sendMessage", map[string]string{"chat_id": "42", "text": "hi", "reply_markup": button(`{"text":"a","url":"not a url"}`)}, 400, "Bad Request: BUTTON_URL_INVALID"},
		{"reply keyboard accepted", "sendMessage", map[string]string{"chat_id": "42", "text": "hi", "reply_markup": `{"keyboard":[[{"text":"a"}]],"resize_keyboard":true}`}, 200, ""},
		{"remove keyboard accepted", "sendMessage", map[string]string{"chat_id": "42", "text": "hi", "reply_markup": `{"remove_keyboard":true}`}, 200, ""},
		{"text limit counts parsed characters", "sendMessage", map[string]string{"chat_id": "42", "parse_mode": "HTML", "text": "<b>" + strings.Repeat("é", 4096) + "</b>"}, 200, ""},
		{"text over the limit", "sendMessage", map[string]string{"chat_id": "42", "parse_mode": "HTML", "text": "<b>" + strings.Repeat("é", 4097) + "</b>"}, 400, "Bad Request: message is too long"},
		{"caption over the limit", "sendPhoto", map[string]string{"chat_id": "42", "photo": "https://example.org/a.jpg", "caption": strings.Repeat("a", 1025)}, 400, "Bad Request: message caption is too long"},
		{"missing photo", "sendPhoto", map[string]string{"chat_id": "42"}, 400, "Bad Request: there is no photo in the request"},
		{"unknown file id", "sendPhoto", map[string]string{"chat_id": "42", "photo": "nope"}, 400, "Bad Request: wrong file identifier/HTTP URL specified"},
		{"legacy markdown refused", "sendMessage", map[string]string{"chat_id": "42", "text": "*a*", "parse_mode": "Markdown"}, 400, `Bad Request: parse mode "Markdown" is not supported by the test server; use MarkdownV2 or HTML`},
		{"unknown parse mode", "sendMessage", map[string]string{"chat_id": "42", "text": "a", "parse_mode": "BBCode"}, 400, "Bad Request: unsupported parse_mode"},
		{"answer text too long", "answerCallbackQuery", map[string]string{"callback_query_id": "1", "text": strings.Repeat("a", 201)}, 400, "Bad Request: MESSAGE_TOO_LONG"},
		{"bad command", "setMyCommands", map[string]string{"commands": `[{"command":"Start","description":"go"}]`}, 400, "Bad Request: BOT_COMMAND_INVALID"},
		{"empty command description", "setMyCommands", map[string]string{"commands": `[{"command":"start","description":""}]`}, 400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"},
		{"too many commands", "setMyCommands", map[string]string{"commands": "[" + strings.Repeat(`{"command":"a","description":"b"},`, 100) + `{"command":"a","description":"b"}]`}, 400, "Bad Request: parameter commands must contain 0-100 items"},
		{"bad scope type", "setMyCommands", map[string]string{"commands": `[]`, "scope": `{"type":"everyone"}`}, 400, `Bad Request: can't parse BotCommandScope: unsupported type "everyone"`},
		{"description too long", "setMyDescription", map[string]string{"description": strings.Repeat("a", 513)}, 400, "Bad Request: parameter description is too long: at most 512 characters are allowed"},
		{"too many ids to delete", "deleteMessages", map[string]string{"chat_id": "42", "message_ids": "[" + strings.Repeat("1,", 100) + "1]"}, 400, "Bad Request: parameter message_ids must contain 1-100 items"},
		{"unsupported method", "sendDice", map[string]string{"chat_id": "42"}, 400, "Bad Request: method is not supported by the test server"},
		{"unsupported method is validated first", "sendDice", nil, 400, "Bad Request: chat_id is empty"},
		{"edit needs a message id", "editMessageText", map[string]string{"chat_id": "42", "text": "x"}, 400, "Bad Request: message identifier is not specified"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := call(t, s, tt.method, tt.params)
			if tt.code == 200 {
				if !a.OK {
					t.Fatalf("got %d %q, want success", a.ErrorCode, a.Description)
				}
				return
			}
			if a.OK || a.ErrorCode != tt.code || a.Description != tt.desc {
				t.Fatalf("got %v %d %q, want %d %q", a.OK, a.ErrorCode, a.Description, tt.code, tt.desc)
			}
		})
	}
}

func TestBodyEncodings(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(42, "en")
	a := callJSON(t, s, "sendMessage", map[string]any{
		"chat_id": 42, "text": "*hi*", "parse_mode": "MarkdownV2", "disable_notification": true,
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "A", "callback_data": "a"}}}},
	})
	if !a.OK {
		t.Fatalf("JSON body refused: %s", a.Description)
	}
	m, _ := s.LastBotMessage(42)
	if m.Text != "hi" || !m.Silent || !m.HasCallbackButton("a") || m.ParseMode != "MarkdownV2" {
		t.Fatalf("stored message = %+v", m)
	}
	a = callJSON(t, s, "sendMessage", map[string]any{"chat_id": 42, "text": "x", "reply_markup": "{not json"})
	if a.OK || a.Description != "Bad Request: can't parse reply keyboard markup JSON object" {
		t.Fatalf("got %+v", a)
	}
}

func TestUnauthorized(t *testing.T) {
	s := newServer(t, Options{})
	resp, err := http.Post(s.URL()+"/bot123:wrong/getMe", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	a := decodeAnswer(t, resp)
	if a.OK || a.ErrorCode != 401 || a.Description != "Unauthorized" {
		t.Fatalf("got %+v", a)
	}
}

func TestSpecTable(t *testing.T) {
	sp, err := BotAPISpec()
	if err != nil {
		t.Fatal(err)
	}
	text, ok := sp.field("sendMessage", "text")
	if !ok || !text.Required || text.Unit != "chars" || text.Min != 1 || text.Max != 4096 || !text.Parsed {
		t.Fatalf("sendMessage.text = %+v", text)
	}
	caption, _ := sp.field("sendPhoto", "caption")
	if caption.Max != 1024 || caption.Required {
		t.Fatalf("sendPhoto.caption = %+v", caption)
	}
	var data Field
	for _, f := range sp.Types["InlineKeyboardButton"].Fields {
		if f.Name == "callback_data" {
			data = f
		}
	}
	if data.Unit != "bytes" || data.Min != 1 || data.Max != 64 {
		t.Fatalf("callback_data = %+v", data)
	}
	if len(sp.Methods) < 100 {
		t.Fatalf("only %d methods in the table", len(sp.Methods))
	}
}
