package tgfake

import (
	"context"
	"reflect"
	"testing"
	"time"
)

func TestSubscribeAndWait(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(1, "en")
	events, cancel := s.Subscribe()
	defer cancel()
	ctx := testContext(t)

	go func() {
		// The bot answers once it sees the person's message.
		if err := s.Wait(ctx, func() bool { return len(s.Messages(1)) == 1 }); err != nil {
			return
		}
		call(t, s, "sendMessage", map[string]string{"chat_id": "1", "text": "*Hi*", "parse_mode": "MarkdownV2"})
	}()
	s.SendText(1, "hello")
	m, err := s.WaitForBotMessage(ctx, 1, func(m Message) bool { return m.Text == "Hi" })
	if err != nil {
		t.Fatal(err)
	}
	if m.Entities[0].Type != "bold" || m.ParseMode != "MarkdownV2" {
		t.Fatalf("message = %+v", m)
	}
	var kinds []EventKind
	for len(kinds) < 2 {
		select {
		case e := <-events:
			kinds = append(kinds, e.Kind)
			if e.ChatID != 1 {
				t.Fatalf("event = %+v", e)
			}
		case <-ctx.Done():
			t.Fatalf("events so far: %v", kinds)
		}
	}
	if !reflect.DeepEqual(kinds, []EventKind{EventMessage, EventMessage}) {
		t.Fatalf("events = %v", kinds)
	}
	short, stop := context.WithTimeout(ctx, 20*time.Millisecond)
	defer stop()
	if _, err := s.WaitForNewBotMessage(short, 1, m.ID, nil); err == nil {
		t.Fatal("waiting for a message that never comes succeeded")
	}
}

func TestCommandsAndDescriptions(t *testing.T) {
	s := newServer(t, Options{})
	s.AddUser(1, "fr")
	s.AddUser(2, "de")
	steps := []struct {
		method string
		params map[string]string
	}{
		{"setMyCommands", map[string]string{"commands": `[{"command":"start","description":"Start"},{"command":"help","description":"Help"}]`}},
		{"setMyCommands", map[string]string{"commands": `[{"command":"start","description":"Démarrer"}]`, "language_code": "fr"}},
		{"setMyCommands", map[string]string{"commands": `[{"command":"alert","description":"Alerte"}]`, "scope": `{"type":"chat","chat_id":1}`}},
		{"setMyDescription", map[string]string{"description": "Harm reduction alerts", "language_code": "en"}},
		{"setMyShortDescription", map[string]string{"short_description": "Alerts"}},
	}
	for _, st := range steps {
		if a := call(t, s, st.method, st.params); !a.OK {
			t.Fatalf("%s: %s", st.method, a.Description)
		}
	}
	if got := s.Commands("fr"); len(got) != 1 || got[0].Description != "Démarrer" {
		t.Fatalf("fr commands = %+v", got)
	}
	if got := s.Commands(""); len(got) != 2 {
		t.Fatalf("default commands = %+v", got)
	}
	if got := s.CommandsForUser(1); len(got) != 1 || got[0].Command != "alert" {
		t.Fatalf("user 1 sees %+v", got)
	}
	if got := s.CommandsForUser(2); len(got) != 2 {
		t.Fatalf("user 2 sees %+v", got)
	}
	if s.Description("en") != "Harm reduction alerts" || s.Description("fr") != "" || s.ShortDescription("") != "Alerts" {
		t.Fatal("descriptions not stored per language")
	}
	a := call(t, s, "getMyCommands", map[string]string{"language_code": "fr"})
	if string(a.Result) != `[{"command":"start","description":"Démarrer"}]` {
		t.Fatalf("getMyCommands = %s", a.Result)
	}
	if a := call(t, s, "deleteMyCommands", map[string]string{"language_code": "fr"}); !a.OK || s.Commands("fr") != nil {
		t.Fatalf("deleteMyCommands: %+v", a)
	}
	if a := call(t, s, "setMyCommands", map[string]string{"commands": "[]", "language_code": "french"}); a.Description != "Bad Request: invalid language code specified" {
		t.Fatalf("bad language code: %+v", a)
	}
	if a := call(t, s, "getMyDescription", map[string]string{"language_code": "en"}); string(a.Result) != `{"description":"Harm reduction alerts"}` {
		t.Fatalf("getMyDescription = %s", a.Result)
	}
}

func TestCallsLog(t *testing.T) {
	s := newServer(t, Options{})
	call(t, s, "getMe", nil)
	call(t, s, "sendMessage", map[string]string{"chat_id": "5", "text": "x"})
	calls := s.Calls()
	if len(calls) != 2 || calls[0].Method != "getMe" || calls[0].Status != 200 ||
		calls[1].Status != 400 || calls[1].Description != "Bad Request: chat not found" || calls[1].Params["chat_id"] != "5" {
		t.Fatalf("calls = %+v", calls)
	}
	if len(s.CallsTo("sendMessage")) != 1 {
		t.Fatal("CallsTo did not filter")
	}
}
