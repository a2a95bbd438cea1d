package tgfake

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"
)

// groupUpdate is the part of a group update the tests look at.
type groupUpdate struct {
	UpdateID int64 `json:"update_id"`
	Message  *struct {
		Chat struct {
			ID    int64  `json:"id"`
			Type  string `json:"type"`
			Title string `json:"title"`
		} `json:"chat"`
		From struct {
			ID           int64  `json:"id"`
			LanguageCode string `json:"language_code"`
		} `json:"from"`
		Text string `json:"text"`
	} `json:"message"`
	MyChatMember *struct {
		Chat struct {
			ID   int64  `json:"id"`
			Type string `json:"type"`
		} `json:"chat"`
		From struct {
			ID int64 `json:"id"`
		} `json:"from"`
		New struct {
			Status string `json:"status"`
		} `json:"new_chat_member"`
	} `json:"my_chat_member"`
}

func groupUpdates(t *testing.T, s *Server) []groupUpdate {
	t.Helper()
	a := call(t, s, "getUpdates", nil)
	if !a.OK {
		t.Fatalf("getUpdates: %s", a.Description)
	}
	var us []groupUpdate
	if err := json.Unmarshal(a.Result, &us); err != nil {
		t.Fatal(err)
	}
	if len(us) > 0 {
		call(t, s, "getUpdates", map[string]string{"offset": strconv.FormatInt(us[len(us)-1].UpdateID+1, 10)})
	}
	return us
}

func TestAddGroup(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(7, "pl")
	tests := []struct {
		name     string
		id       int64
		addedBy  int64
		err      error
		chatType string
	}{
		{"supergroup", -1001234567890, 7, nil, "supergroup"},
		{"basic group", -4012345678, 7, nil, "group"},
		{"positive id", 42, 7, ErrNotGroupID, ""},
		{"twice", -4012345678, 7, ErrChatExists, ""},
		{"unknown user", -1, 99, ErrUnknownUser, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := s.AddGroup(tt.id, "Outreach team", tt.addedBy)
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Fatalf("AddGroup = %d, %v; want %v", id, err, tt.err)
			}
			us := groupUpdates(t, s)
			if tt.err != nil {
				if len(us) != 0 {
					t.Errorf("a failed AddGroup sent %d updates", len(us))
				}
				return
			}
			if len(us) != 1 || us[0].MyChatMember == nil {
				t.Fatalf("updates = %+v, want one my_chat_member", us)
			}
			m := us[0].MyChatMember
			if m.Chat.ID != tt.id || m.Chat.Type != tt.chatType || m.From.ID != tt.addedBy || m.New.Status != "member" {
				t.Errorf("my_chat_member = %+v", m)
			}
		})
	}
}

func TestSendGroupText(t *testing.T) {
	s := newServer(t, Options{BotUsername: "peer_test_bot"})
	s.AddUser(7, "uk")
	const g = -1001234567890
	if _, err := s.AddGroup(g, "Outreach team", 7); err != nil {
		t.Fatal(err)
	}
	groupUpdates(t, s)

	tests := []struct {
		text      string
		delivered bool
	}{
		{"/linkgroup 7K3M9QX2TB", true},
		{"/linkgroup@peer_test_bot 7K3M9QX2TB", true},
		{"/linkgroup@PEER_TEST_BOT", true},
		{"/linkgroup@other_bot 7K3M9QX2TB", false},
		{"who is on shift tonight?", false},
		{"/ not a command", false},
	}
	for _, tt := range tests {
		id, err := s.SendGroupText(g, 7, tt.text)
		if err != nil {
			t.Fatal(err)
		}
		us := groupUpdates(t, s)
		if !tt.delivered {
			if id != 0 || len(us) != 0 {
				t.Errorf("%q reached the bot in privacy mode (update %d, %d updates)", tt.text, id, len(us))
			}
			continue
		}
		if id == 0 || len(us) != 1 || us[0].Message == nil {
			t.Fatalf("%q: update %d, updates %+v; want one message", tt.text, id, us)
		}
		m := us[0].Message
		if m.Chat.ID != g || m.Chat.Type != "supergroup" || m.Chat.Title != "Outreach team" ||
			m.From.ID != 7 || m.From.LanguageCode != "uk" || m.Text != tt.text {
			t.Errorf("%q: message = %+v", tt.text, m)
		}
	}
	// Everything was said in the chat, delivered or not.
	if got := len(s.Messages(g)); got != len(tests) {
		t.Errorf("group has %d messages, want %d", got, len(tests))
	}

	// The bot answers in the group.
	a := call(t, s, "sendMessage", map[string]string{"chat_id": strconv.FormatInt(g, 10), "text": "Linked"})
	if !a.OK {
		t.Fatalf("sendMessage to the group: %s", a.Description)
	}
	if last, ok := s.LastBotMessage(g); !ok || last.Text != "Linked" || last.SenderID != 0 {
		t.Errorf("last bot message = %+v, %v", last, ok)
	}

	if _, err := s.SendGroupText(-1009999999999, 7, "/x"); !errors.Is(err, ErrUnknownGroup) {
		t.Errorf("unknown group: %v", err)
	}
	if _, err := s.SendGroupText(7, 7, "/x"); !errors.Is(err, ErrUnknownGroup) {
		t.Errorf("a private chat as a group: %v", err)
	}
	if _, err := s.SendGroupText(g, 99, "/x"); !errors.Is(err, ErrUnknownUser) {
		t.Errorf("unknown user: %v", err)
	}
}

func TestPressGroupButton(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(7, "pl")
	s.AddUser(8, "uk")
	const g = -1001234567890
	if _, err := s.AddGroup(g, "Moderators", 7); err != nil {
		t.Fatal(err)
	}
	sent := call(t, s, "sendMessage", map[string]string{"chat_id": strconv.FormatInt(g, 10), "text": "Alert 12",
		"reply_markup": `{"inline_keyboard":[[{"text":"Approve","callback_data":"v1:modok:12"}]]}`})
	if !sent.OK {
		t.Fatalf("sendMessage: %s", sent.Description)
	}
	var msg struct {
		MessageID int `json:"message_id"`
	}
	if err := json.Unmarshal(sent.Result, &msg); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SendGroupText(g, 8, "I will look at it"); err != nil {
		t.Fatal(err)
	}
	people := s.Messages(g)[len(s.Messages(g))-1].ID
	groupUpdates(t, s)

	// A user who blocked the bot in private still presses in the group.
	s.Block(8)
	groupUpdates(t, s)
	id, err := s.PressGroupButton(g, 8, msg.MessageID, "v1:modok:12")
	if err != nil {
		t.Fatal(err)
	}
	a := call(t, s, "getUpdates", nil)
	var us []struct {
		CallbackQuery *struct {
			ID   string `json:"id"`
			From struct {
				ID int64 `json:"id"`
			} `json:"from"`
			Message struct {
				MessageID int `json:"message_id"`
				Chat      struct {
					ID   int64  `json:"id"`
					Type string `json:"type"`
				} `json:"chat"`
			} `json:"message"`
			Data string `json:"data"`
		} `json:"callback_query"`
	}
	if err := json.Unmarshal(a.Result, &us); err != nil {
		t.Fatal(err)
	}
	if len(us) != 1 || us[0].CallbackQuery == nil {
		t.Fatalf("updates = %s, want one callback_query", a.Result)
	}
	q := us[0].CallbackQuery
	if q.ID != id || q.From.ID != 8 || q.Message.Chat.ID != g || q.Message.Chat.Type != "supergroup" ||
		q.Message.MessageID != msg.MessageID || q.Data != "v1:modok:12" {
		t.Errorf("callback_query = %+v", q)
	}
	if ans := call(t, s, "answerCallbackQuery", map[string]string{"callback_query_id": id, "text": "Only staff can decide."}); !ans.OK {
		t.Fatalf("answerCallbackQuery: %s", ans.Description)
	}
	if got, ok := s.CallbackQuery(id); !ok || !got.Answered || got.AnswerText != "Only staff can decide." || got.ChatID != g {
		t.Errorf("CallbackQuery = %+v, %v", got, ok)
	}
	groupUpdates(t, s) // confirms the callback update

	tests := []struct {
		name      string
		group     int64
		user      int64
		messageID int
		data      string
		err       error
	}{
		{"unknown group", -1009999999999, 7, msg.MessageID, "v1:modok:12", ErrUnknownGroup},
		{"a private chat", 7, 7, msg.MessageID, "v1:modok:12", ErrUnknownGroup},
		{"unknown user", g, 99, msg.MessageID, "v1:modok:12", ErrUnknownUser},
		{"no such button", g, 7, msg.MessageID, "v1:modno:12", nil},
		{"a person's message", g, 7, people, "v1:modok:12", nil},
		{"no such message", g, 7, 999, "v1:modok:12", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.PressGroupButton(tt.group, tt.user, tt.messageID, tt.data)
			if err == nil || (tt.err != nil && !errors.Is(err, tt.err)) {
				t.Errorf("PressGroupButton = %v, want an error (%v)", err, tt.err)
			}
		})
	}
	if n := len(groupUpdates(t, s)); n != 0 {
		t.Errorf("refused presses sent %d updates", n)
	}
}
