package tgfake

import (
	"testing"
	"time"
)

func TestRateLimits(t *testing.T) {
	send := func(s *Server, chat string) apiAnswer {
		return call(t, s, "sendMessage", map[string]string{"chat_id": chat, "text": "hi"})
	}
	t.Run("per chat", func(t *testing.T) {
		clock := newClock()
		s := newServer(t, Options{PerChatPerSecond: 1, PerChatBurst: 1, Now: clock.Now})
		s.AddUser(1, "en")
		s.AddUser(2, "en")
		if a := send(s, "1"); !a.OK {
			t.Fatal(a.Description)
		}
		a := send(s, "1")
		if a.ErrorCode != 429 || a.Description != "Too Many Requests: retry after 1" || a.Parameters.RetryAfter != 1 {
			t.Fatalf("second send = %+v", a)
		}
		if a := send(s, "2"); !a.OK {
			t.Fatalf("another chat is limited too: %s", a.Description)
		}
		// Ignoring retry_after is counted.
		if a := send(s, "1"); a.ErrorCode != 429 {
			t.Fatalf("send during retry_after = %+v", a)
		}
		clock.Advance(time.Second)
		if a := send(s, "1"); !a.OK {
			t.Fatalf("after retry_after: %s", a.Description)
		}
		st := s.Stats()
		if st.TooManyRequests != 2 || st.CallsDuringRetryAfter != 1 || st.Calls["sendMessage"] != 5 {
			t.Fatalf("stats = %+v", st)
		}
	})
	t.Run("global", func(t *testing.T) {
		clock := newClock()
		s := newServer(t, Options{GlobalPerSecond: 2, Now: clock.Now})
		for id := int64(1); id <= 3; id++ {
			s.AddUser(id, "en")
		}
		send(s, "1")
		send(s, "2")
		if a := send(s, "3"); a.ErrorCode != 429 {
			t.Fatalf("third send in a second = %+v", a)
		}
		clock.Advance(500 * time.Millisecond)
		if a := send(s, "3"); a.ErrorCode != 429 || s.Stats().CallsDuringRetryAfter != 1 {
			t.Fatalf("send inside the window = %+v, stats %+v", a, s.Stats())
		}
		clock.Advance(500 * time.Millisecond)
		if a := send(s, "3"); !a.OK {
			t.Fatalf("after the window: %s", a.Description)
		}
	})
	t.Run("paid broadcasts have their own bucket", func(t *testing.T) {
		clock := newClock()
		s := newServer(t, Options{GlobalPerSecond: 1, GlobalBurst: 1, PaidPerSecond: 3, Now: clock.Now})
		for id := int64(1); id <= 5; id++ {
			s.AddUser(id, "en")
		}
		paid := func(chat string) apiAnswer {
			return call(t, s, "sendMessage", map[string]string{"chat_id": chat, "text": "hi", "allow_paid_broadcast": "true"})
		}
		if a := send(s, "1"); !a.OK {
			t.Fatal(a.Description)
		}
		for _, chat := range []string{"2", "3", "4"} {
			if a := paid(chat); !a.OK {
				t.Fatalf("paid send to %s past the free limit: %s", chat, a.Description)
			}
		}
		if a := paid("5"); a.ErrorCode != 429 {
			t.Fatalf("fourth paid send in a second = %+v", a)
		}
	})
	t.Run("unlimited by default", func(t *testing.T) {
		s := newServer(t, Options{})
		s.AddUser(1, "en")
		for i := range 50 {
			if a := send(s, "1"); !a.OK {
				t.Fatalf("send %d: %s", i, a.Description)
			}
		}
	})
}

func TestFaults(t *testing.T) {
	clock := newClock()
	s := newServer(t, Options{Now: clock.Now})
	s.AddUser(1, "en")
	s.Fail(Fault{Method: "sendMessage", Times: 2})
	s.Fail(Fault{Status: 429, RetryAfter: 3})
	s.Fail(Fault{Method: "getMe", Status: 400, Description: "Bad Request: custom"})
	send := func() apiAnswer { return call(t, s, "sendMessage", map[string]string{"chat_id": "1", "text": "hi"}) }
	tests := []struct {
		name string
		do   func() apiAnswer
		code int
		desc string
	}{
		{"first 500", send, 500, "Internal Server Error"},
		{"second 500", send, 500, "Internal Server Error"},
		{"getUpdates is not hit by a method-less fault", func() apiAnswer { return call(t, s, "getUpdates", nil) }, 200, ""},
		{"injected 429", send, 429, "Too Many Requests: retry after 3"},
		{"send inside the injected window", send, 429, "Too Many Requests: retry after 3"},
		{"method fault", func() apiAnswer { return call(t, s, "getMe", nil) }, 400, "Bad Request: custom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.do()
			if tt.code == 200 {
				if !a.OK {
					t.Fatalf("got %+v", a)
				}
				return
			}
			if a.ErrorCode != tt.code || a.Description != tt.desc {
				t.Fatalf("got %d %q, want %d %q", a.ErrorCode, a.Description, tt.code, tt.desc)
			}
		})
	}
	// Two seconds into the three-second window: late, so it cannot have
	// been under way when the 429 was answered.
	clock.Advance(2 * time.Second)
	if a := send(); a.ErrorCode != 429 || a.Description != "Too Many Requests: retry after 1" {
		t.Fatalf("late in the window: %+v", a)
	}
	clock.Advance(time.Second)
	if a := send(); !a.OK {
		t.Fatalf("after the faults: %s", a.Description)
	}
	if st := s.Stats(); st.CallsDuringRetryAfter != 2 || st.CallsLateInRetryAfter != 1 || st.TooManyRequests != 3 {
		t.Fatalf("stats = %+v", st)
	}
}
