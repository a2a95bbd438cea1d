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
