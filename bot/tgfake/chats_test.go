package tgfake

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"
)

// sendKeyboard sends a bot message with one callback button and returns its id.
func sendKeyboard(t *testing.T, s *Server, chatID int64, text, data string) int {
	t.Helper()
	a := callJSON(t, s, "sendMessage", map[string]any{"chat_id": chatID, "text": text,
		"reply_markup": map[string]any{"inline_keyboard": [][]map[string]any{{{"text": "Go", "callback_data": data}}}}})
	if !a.OK {
		t.Fatalf("sendMessage: %s", a.Description)
	}
	var m struct {
		MessageID int `json:"message_id"`
	}
	if err := json.Unmarshal(a.Result, &m); err != nil {
		t.Fatal(err)
	}
	return m.MessageID
}

func TestEditMessages(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(42, "en")
	id := sendKeyboard(t, s, 42, "Menu", "v1:menu")
	userMsg := s.SendText(42, "hello")
	_ = userMsg
	keyboard := `{"inline_keyboard":[[{"text":"Go","callback_data":"v1:menu"}]]}`
	tests := []struct {
		name   string
		method string
		params map[string]string
		desc   string // "" for success
	}{
		{"same text and keyboard", "editMessageText", map[string]string{"chat_id": "42", "message_id": itoa(id), "text": "Menu", "reply_markup": keyboard},
			"Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"},
		{"new text", "editMessageText", map[string]string{"chat_id": "42", "message_id": itoa(id), "text": "Menu 2", "reply_markup": keyboard}, ""},
		{"same markup", "editMessageReplyMarkup", map[string]string{"chat_id": "42", "message_id": itoa(id), "reply_markup": keyboard},
			"Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"},
		{"unknown message", "editMessageText", map[string]string{"chat_id": "42", "message_id": "999", "text": "x"}, "Bad Request: message to edit not found"},
		{"person's message", "editMessageText", map[string]string{"chat_id": "42", "message_id": "2", "text": "x"}, "Bad Request: message can't be edited"},
		{"text message has no caption", "editMessageCaption", map[string]string{"chat_id": "42", "message_id": itoa(id), "caption": "x"}, "Bad Request: there is no caption in the message to edit"},
		{"remove keyboard", "editMessageReplyMarkup", map[string]string{"chat_id": "42", "message_id": itoa(id)}, ""},
		{"parse error in edit", "editMessageText", map[string]string{"chat_id": "42", "message_id": itoa(id), "text": "a.b", "parse_mode": "MarkdownV2"},
			`Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := call(t, s, tt.method, tt.params)
			if tt.desc == "" && !a.OK {
				t.Fatalf("got %q, want success", a.Description)
			}
			if tt.desc != "" && (a.OK || a.Description != tt.desc) {
				t.Fatalf("got %v %q, want %q", a.OK, a.Description, tt.desc)
			}
		})
	}
	m := s.Messages(42)[0]
	if m.Text != "Menu 2" || m.EditCount != 2 || m.Keyboard != nil || m.EditDate.IsZero() {
		t.Fatalf("edited message = %+v", m)
	}
}

func TestDeleteMessages(t *testing.T) {
	clock := newClock()
	s := newServer(t, Options{Now: clock.Now})
	s.AddUser(42, "en")
	old := sendKeyboard(t, s, 42, "old", "a")
	clock.Advance(49 * time.Hour)
	recent := sendKeyboard(t, s, 42, "recent", "b")
	s.SendText(42, "mine")
	tests := []struct {
		name   string
		method string
		params map[string]string
		desc   string
	}{
		{"older than 48 hours", "deleteMessage", map[string]string{"chat_id": "42", "message_id": itoa(old)}, "Bad Request: message can't be deleted for everyone"},
		{"recent", "deleteMessage", map[string]string{"chat_id": "42", "message_id": itoa(recent)}, ""},
		{"already deleted", "deleteMessage", map[string]string{"chat_id": "42", "message_id": itoa(recent)}, "Bad Request: message to delete not found"},
		{"unknown", "deleteMessage", map[string]string{"chat_id": "42", "message_id": "77"}, "Bad Request: message to delete not found"},
		{"unknown chat", "deleteMessage", map[string]string{"chat_id": "43", "message_id": "1"}, "Bad Request: chat not found"},
		{"the person's message in a private chat", "deleteMessages", map[string]string{"chat_id": "42", "message_ids": "[3, 99]"}, ""},
		{"none deletable", "deleteMessages", map[string]string{"chat_id": "42", "message_ids": "[3, 99]"}, "Bad Request: message to delete not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := call(t, s, tt.method, tt.params)
			if (tt.desc == "") != a.OK || (tt.desc != "" && a.Description != tt.desc) {
				t.Fatalf("got %v %q, want %q", a.OK, a.Description, tt.desc)
			}
		})
	}
	if _, ok := s.LastBotMessage(42); !ok {
		t.Fatal("the old message should still be there")
	}
	if msgs := s.Messages(42); !msgs[1].Deleted || !msgs[2].Deleted || msgs[0].Deleted {
		t.Fatalf("deleted flags wrong: %+v", msgs)
	}
}

func TestPressButtonAndAnswer(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(42, "fr")
	id := sendKeyboard(t, s, 42, "Choose", "v1:region:FR-75")
	s.SendText(42, "text")
	tests := []struct {
		name      string
		messageID int
		data      string
		wantErr   bool
	}{
		{"current button", id, "v1:region:FR-75", false},
		{"unknown data", id, "v1:region:FR-13", true},
		{"unknown message", 99, "v1:region:FR-75", true},
		{"the person's own message", 2, "v1:region:FR-75", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.PressButton(42, tt.messageID, tt.data); (err != nil) != tt.wantErr {
				t.Fatalf("PressButton error = %v, want error %v", err, tt.wantErr)
			}
		})
	}
	// The keyboard changes: the old button becomes stale.
	if a := call(t, s, "editMessageReplyMarkup", map[string]string{"chat_id": "42", "message_id": itoa(id),
		"reply_markup": `{"inline_keyboard":[[{"text":"Other","callback_data":"v1:other"}]]}`}); !a.OK {
		t.Fatal(a.Description)
	}
	if err := s.PressButton(42, id, "v1:region:FR-75"); err == nil {
		t.Fatal("a stale button was pressed")
	}
	if err := s.PressButton(7, id, "v1:other"); err == nil {
		t.Fatal("an unknown user pressed a button")
	}
	// The first press produced a callback_query update.
	a := call(t, s, "getUpdates", nil)
	var updates []struct {
		CallbackQuery *struct {
			ID      string `json:"id"`
			Data    string `json:"data"`
			Message struct {
				MessageID int `json:"message_id"`
			} `json:"message"`
			From struct {
				ID int64 `json:"id"`
			} `json:"from"`
		} `json:"callback_query"`
	}
	if err := json.Unmarshal(a.Result, &updates); err != nil {
		t.Fatal(err)
	}
	var queryID string
	for _, u := range updates {
		if q := u.CallbackQuery; q != nil {
			if q.Data != "v1:region:FR-75" || q.Message.MessageID != id || q.From.ID != 42 {
				t.Fatalf("callback query = %+v", q)
			}
			queryID = q.ID
		}
	}
	if queryID == "" {
		t.Fatal("no callback_query update")
	}
	answer := map[string]string{"callback_query_id": queryID, "text": "Saved"}
	if a := call(t, s, "answerCallbackQuery", answer); !a.OK {
		t.Fatal(a.Description)
	}
	if q, ok := s.CallbackQuery(queryID); !ok || !q.Answered || q.AnswerText != "Saved" {
		t.Fatalf("callback query = %+v", q)
	}
	const invalid = "Bad Request: query is too old and response timeout expired or query ID is invalid"
	for _, params := range []map[string]string{answer, {"callback_query_id": "nope"}} {
		if a := call(t, s, "answerCallbackQuery", params); a.OK || a.Description != invalid {
			t.Fatalf("got %v %q, want %q", a.OK, a.Description, invalid)
		}
	}
}

func TestBlockAndDeactivate(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(1, "en")
	s.AddUser(2, "en")
	s.Block(1)
	s.Deactivate(2)
	send := func(chat string) apiAnswer {
		return call(t, s, "sendMessage", map[string]string{"chat_id": chat, "text": "hi"})
	}
	if a := send("1"); a.ErrorCode != 403 || a.Description != "Forbidden: bot was blocked by the user" {
		t.Fatalf("blocked: %+v", a)
	}
	if a := send("2"); a.ErrorCode != 403 || a.Description != "Forbidden: user is deactivated" {
		t.Fatalf("deactivated: %+v", a)
	}
	if a := call(t, s, "sendChatAction", map[string]string{"chat_id": "1", "action": "typing"}); a.ErrorCode != 403 {
		t.Fatalf("chat action to a blocked user: %+v", a)
	}
	s.Unblock(1)
	if a := send("1"); !a.OK {
		t.Fatalf("after unblock: %+v", a)
	}
	// Updates: my_chat_member kicked, then member.
	a := call(t, s, "getUpdates", nil)
	var updates []struct {
		MyChatMember *struct {
			Old struct{ Status string } `json:"old_chat_member"`
			New struct{ Status string } `json:"new_chat_member"`
		} `json:"my_chat_member"`
	}
	if err := json.Unmarshal(a.Result, &updates); err != nil {
		t.Fatal(err)
	}
	if len(updates) != 2 || updates[0].MyChatMember.New.Status != "kicked" || updates[1].MyChatMember.Old.Status != "kicked" ||
		updates[1].MyChatMember.New.Status != "member" {
		t.Fatalf("updates = %s", a.Result)
	}
	if s.SendText(2, "hello?") != 0 {
		t.Fatal("a deactivated user wrote")
	}
}

func TestPhotoLocationCopyAndAction(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(42, "en")
	s.AddUser(43, "en")
	s.SendPhoto(42, "look")
	userPhoto := s.Messages(42)[0].Photo
	tests := []struct {
		name   string
		method string
		params map[string]string
		check  func(m Message) bool
	}{
		{"photo by URL", "sendPhoto", map[string]string{"chat_id": "42", "photo": "https://example.org/a.jpg", "caption": "<b>Pill</b>", "parse_mode": "HTML"},
			func(m Message) bool {
				return m.Kind == KindPhoto && m.Text == "Pill" && m.FileName == "https://example.org/a.jpg" && len(m.Entities) == 1
			}},
		{"photo by file_id", "sendPhoto", map[string]string{"chat_id": "42", "photo": userPhoto},
			func(m Message) bool { return m.Kind == KindPhoto && m.Photo == userPhoto }},
		{"location", "sendLocation", map[string]string{"chat_id": "42", "latitude": "48.85", "longitude": "2.35"},
			func(m Message) bool { return m.Kind == KindLocation && m.Location.Latitude == 48.85 }},
		{"venue", "sendVenue", map[string]string{"chat_id": "42", "latitude": "38.72", "longitude": "-9.14", "title": "Drop-in", "address": "Rua A, 1"},
			func(m Message) bool {
				return m.Kind == KindLocation && m.Location.Longitude == -9.14 && m.Text == "Drop-in\nRua A, 1"
			}},
		{"copy", "copyMessage", map[string]string{"chat_id": "43", "from_chat_id": "42", "message_id": "2", "caption": "copied"},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := call(t, s, tt.method, tt.params)
			if !a.OK {
				t.Fatalf("%s: %s", tt.method, a.Description)
			}
			if tt.check != nil {
				m, _ := s.LastBotMessage(42)
				if !tt.check(m) {
					t.Fatalf("message = %+v", m)
				}
			}
		})
	}
	copied, ok := s.LastBotMessage(43)
	if !ok || copied.Kind != KindPhoto || copied.Text != "copied" {
		t.Fatalf("copy = %+v", copied)
	}
	if a := uploadPhoto(t, s, 42); !a.OK {
		t.Fatalf("upload: %s", a.Description)
	}
	// The uploaded bytes are kept, for the demo to show a chart.
	if up, ok := s.LastBotMessage(42); !ok || up.Kind != KindPhoto || string(up.Image) != "\xff\xd8 not really a jpeg" {
		t.Fatalf("uploaded photo = %+v", up)
	}
	if a := call(t, s, "sendChatAction", map[string]string{"chat_id": "42", "action": "typing"}); !a.OK || s.ChatAction(42) != "typing" {
		t.Fatalf("chat action: %+v", a)
	}
	if a := call(t, s, "sendChatAction", map[string]string{"chat_id": "42", "action": "dancing"}); a.Description != "Bad Request: wrong parameter action in request" {
		t.Fatalf("bad chat action: %+v", a)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
