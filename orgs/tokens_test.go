package orgs

import (
	"bytes"
	"crypto/sha256"
	"strings"
	"testing"
)

func TestNewToken(t *testing.T) {
	a, hashA, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatal("two tokens are the same")
	}
	if !strings.HasPrefix(a, "po_") || len(a) != len("po_")+43 || !LooksLikeToken(a) {
		t.Errorf("token %q is not po_ and 43 base64url characters", a)
	}
	want := sha256.Sum256([]byte(a))
	if !bytes.Equal(hashA, want[:]) || !bytes.Equal(HashToken(a), want[:]) {
		t.Error("the hash is not the SHA-256 of the token")
	}
}

func TestLooksLikeToken(t *testing.T) {
	good, _, _ := NewToken()
	tests := []struct {
		in   string
		want bool
	}{
		{good, true},
		{strings.TrimPrefix(good, "po_"), false},
		{"pt_" + strings.TrimPrefix(good, "po_"), false},
		{good + "A", false},
		{good[:len(good)-1], false},
		{"po_" + strings.Repeat("+", 43), false},
		{"", false},
	}
	for _, tt := range tests {
		if got := LooksLikeToken(tt.in); got != tt.want {
			t.Errorf("LooksLikeToken(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
