package alerts

import (
	"fmt"
	"strings"
	"testing"

	"github.com/peerbot/peerbot/content"
)

func TestPartnerCovers(t *testing.T) {
	tests := []struct {
		regions []string
		code    string
		want    bool
	}{
		{[]string{"PL"}, "PL-14", true},
		{[]string{"PL"}, "PL", true},
		{[]string{"PL-14"}, "PL", false},
		{[]string{"PL-14"}, "PL-12", false},
		{[]string{"PL-14", "PL-12"}, "PL-12", true},
		{[]string{"PL"}, "PT-11", false},
		{[]string{"P"}, "PL-14", false}, // a prefix is not a country
	}
	for _, tt := range tests {
		p := &Partner{Regions: tt.regions}
		if got := p.Covers(tt.code); got != tt.want {
			t.Errorf("partner for %v covers %s = %v, want %v", tt.regions, tt.code, got, tt.want)
		}
	}
}

func TestPartnerValidate(t *testing.T) {
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		partner Partner
		field   string
	}{
		{"valid", Partner{Name: " Warsaw Lab ", Regions: []string{"PL-14", "PL"}}, ""},
		{"no name", Partner{Name: "  ", Regions: []string{"PL"}}, "name"},
		{"control character", Partner{Name: "Lab\x07", Regions: []string{"PL"}}, "name"},
		{"long name", Partner{Name: strings.Repeat("x", MaxPartnerNameRunes+1), Regions: []string{"PL"}}, "name"},
		{"no region", Partner{Name: "Lab"}, "regions"},
		{"unknown region", Partner{Name: "Lab", Regions: []string{"PL-14", "XX-1"}}, "regions[1]"},
		{"repeated region", Partner{Name: "Lab", Regions: []string{"PL", "PL"}}, "regions[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.partner.Validate(regions)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				if tt.partner.Name != "Warsaw Lab" {
					t.Errorf("name not trimmed: %q", tt.partner.Name)
				}
				return
			}
			v, ok := err.(*ValidationError)
			if !ok || v.Field != tt.field {
				t.Errorf("error %v, want one on %s", err, tt.field)
			}
		})
	}
}

func TestPartnerTokens(t *testing.T) {
	a, hashA, err := NewPartnerToken()
	if err != nil {
		t.Fatal(err)
	}
	b, _, _ := NewPartnerToken()
	if a == b || !WellFormedToken(a) || !strings.HasPrefix(a, "pb_") || len(a) != 46 {
		t.Fatalf("tokens %q and %q", a, b)
	}
	if string(HashPartnerToken(a)) != string(hashA) || len(hashA) != 32 || strings.Contains(string(hashA), a[3:]) {
		t.Error("the hash is not the SHA-256 of the token")
	}
	for _, bad := range []string{"", "pb_", a[3:], "pb_" + strings.Repeat("!", 43), a + "A", "PB_" + a[3:]} {
		if WellFormedToken(bad) {
			t.Errorf("WellFormedToken(%q) = true", bad)
		}
	}
}

func TestErrorCodes(t *testing.T) {
	tests := []struct {
		err  error
		want ErrorCode
	}{
		{Errorf(ErrForbidden, "regions[0]", "no"), ErrForbidden},
		{invalid("advice", "missing"), ErrInvalid},
		{wrapped(Errorf(ErrNotFound, "", "gone")), ErrNotFound},
		{wrapped(nil), ErrInternal},
	}
	for _, tt := range tests {
		if got := Code(tt.err); got != tt.want {
			t.Errorf("Code(%v) = %s, want %s", tt.err, got, tt.want)
		}
	}
}

// wrapped wraps err the way callers do.
func wrapped(err error) error {
	if err == nil {
		return fmt.Errorf("plain failure")
	}
	return fmt.Errorf("loading: %w", err)
}
