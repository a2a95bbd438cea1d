package redis

import (
	"bytes"
	"context"
	"testing"
	"time"
)

func TestState(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)

	got, err := s.GetState(ctx, "chat-a")
	if err != nil || got != nil {
		t.Fatalf("GetState of nothing = %q, %v; want nil, nil", got, err)
	}
	tests := []struct {
		name  string
		value []byte
	}{
		{"json", []byte(`{"flow":"onboarding","step":2}`)},
		{"binary", []byte{0, 1, 2, 255, '\n'}},
		{"overwrite", []byte("second")},
		{"empty", []byte{}},
	}
	for _, tt := range tests {
		if err := s.SetState(ctx, "chat-a", tt.value, time.Minute); err != nil {
			t.Fatalf("%s: SetState: %v", tt.name, err)
		}
		got, err := s.GetState(ctx, "chat-a")
		if err != nil {
			t.Fatalf("%s: GetState: %v", tt.name, err)
		}
		if got == nil || !bytes.Equal(got, tt.value) {
			t.Fatalf("%s: GetState = %q, want %q", tt.name, got, tt.value)
		}
	}
	if other, err := s.GetState(ctx, "chat-b"); err != nil || other != nil {
		t.Fatalf("another chat sees state: %q, %v", other, err)
	}

	existed, err := s.DeleteState(ctx, "chat-a")
	if err != nil || !existed {
		t.Fatalf("DeleteState = %v, %v; want true", existed, err)
	}
	existed, err = s.DeleteState(ctx, "chat-a")
	if err != nil || existed {
		t.Fatalf("second DeleteState = %v, %v; want false", existed, err)
	}
	if got, err := s.GetState(ctx, "chat-a"); err != nil || got != nil {
		t.Fatalf("GetState after delete = %q, %v", got, err)
	}
	if err := s.SetState(ctx, "chat-a", []byte("x"), 0); err == nil {
		t.Error("SetState without a ttl succeeded")
	}
}

func TestStateTTL(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if err := s.SetState(ctx, "c", []byte("v"), time.Hour); err != nil {
		t.Fatal(err)
	}
	left, err := s.rdb.PTTL(ctx, s.stateKey("c")).Result()
	if err != nil || left <= 59*time.Minute || left > time.Hour {
		t.Fatalf("state ttl = %v, %v; want just under an hour", left, err)
	}

	if err := s.SetState(ctx, "c", []byte("v"), 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "state expires", func() bool {
		got, err := s.GetState(ctx, "c")
		if err != nil {
			t.Fatal(err)
		}
		return got == nil
	})
}
