package orgs

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func TestRedeem(t *testing.T) {
	valid := Invite{Org: 7, OrgName: "Sala Segura", Purpose: PurposeJoin, Role: RoleStaff, UsesLeft: 1, ExpiresAt: now.Add(time.Hour)}
	expired, usedUp := valid, valid
	expired.ExpiresAt = now
	usedUp.UsesLeft = 0
	link := valid
	link.Purpose, link.Role = PurposeLinkGroup, ""

	tests := []struct {
		name    string
		inv     Invite
		current Role
		want    Redemption
		spend   bool
		err     error
	}{
		{"new member", valid, "", Redemption{7, "Sala Segura", RoleStaff, Joined}, true, nil},
		{"peer upgraded", valid, RolePeer, Redemption{7, "Sala Segura", RoleStaff, Upgraded}, true, nil},
		{"same role", valid, RoleStaff, Redemption{7, "Sala Segura", RoleStaff, Unchanged}, false, nil},
		{"higher role kept", valid, RoleAdmin, Redemption{7, "Sala Segura", RoleAdmin, Unchanged}, false, nil},
		{"expired", expired, "", Redemption{}, false, ErrCodeExpired},
		{"used up", usedUp, "", Redemption{}, false, ErrCodeUsedUp},
		{"expired but already staff", expired, RoleStaff, Redemption{7, "Sala Segura", RoleStaff, Unchanged}, false, nil},
		{"used up for a peer", usedUp, RolePeer, Redemption{}, false, ErrCodeUsedUp},
		{"a link code is no invite", link, "", Redemption{}, false, ErrCodeUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, spend, err := Redeem(tt.inv, tt.current, now)
			if got != tt.want || spend != tt.spend || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
				t.Errorf("Redeem = %+v, %v, %v; want %+v, %v, %v", got, spend, err, tt.want, tt.spend, tt.err)
			}
		})
	}
}

func TestInviteValidate(t *testing.T) {
	ok := Invite{Org: 1, Purpose: PurposeJoin, Role: RolePeer, UsesLeft: 1, ExpiresAt: now.Add(DefaultInviteTTL)}
	tests := []struct {
		name   string
		change func(*Invite)
		want   string
	}{
		{"valid", func(*Invite) {}, ""},
		{"link code", func(i *Invite) { i.Purpose, i.Role = PurposeLinkGroup, "" }, ""},
		{"link code with a role", func(i *Invite) { i.Purpose = PurposeLinkGroup }, "grants no role"},
		{"no role", func(i *Invite) { i.Role = "" }, "role"},
		{"unknown purpose", func(i *Invite) { i.Purpose = "vote" }, "purpose"},
		{"no uses", func(i *Invite) { i.UsesLeft = 0 }, "uses"},
		{"too many uses", func(i *Invite) { i.UsesLeft = MaxInviteUses + 1 }, "uses"},
		{"expired", func(i *Invite) { i.ExpiresAt = now }, "expire"},
		{"too long", func(i *Invite) { i.ExpiresAt = now.Add(MaxInviteTTL + time.Second) }, "expire"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := ok
			tt.change(&inv)
			err := inv.Validate(now)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrInvalid) {
				t.Errorf("Validate = %v, want an ErrInvalid naming %q", err, tt.want)
			}
		})
	}
}

// startPayload is what Telegram accepts after /start.
var startPayload = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func TestNewCode(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c, err := NewCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != CodeLen || strings.Trim(c, codeAlphabet) != "" {
			t.Fatalf("code %q is not %d characters of %s", c, CodeLen, codeAlphabet)
		}
		if !startPayload.MatchString(JoinPayload(c)) {
			t.Fatalf("join payload %q is not a valid Telegram start payload", JoinPayload(c))
		}
		if n, ok := NormalizeCode(c); !ok || n != c {
			t.Fatalf("NormalizeCode(%q) = %q, %v", c, n, ok)
		}
		if seen[c] {
			t.Fatalf("code %q made twice", c)
		}
		seen[c] = true
	}
}

func TestNormalizeCode(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"7K3M9QX2TB", "7K3M9QX2TB", true},
		{"7k3m9qx2tb", "7K3M9QX2TB", true},
		{"7K3M-9QX2 TB", "7K3M9QX2TB", true},
		{"OIL0000000", "0110000000", true},
		{"7K3M9QX2T", "", false},   // short
		{"7K3M9QX2TBB", "", false}, // long
		{"7K3M9QX2TU", "", false},  // U is not in the alphabet
		{"7K3M9QX2T!", "", false},
		{"", "", false},
		{"７K3M9QX2TB", "", false}, // a full-width digit
	}
	for _, tt := range tests {
		got, ok := NormalizeCode(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeCode(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseJoinPayload(t *testing.T) {
	tests := []struct {
		in, code string
		ok       bool
	}{
		{"join_7K3M9QX2TB", "7K3M9QX2TB", true},
		{"join_7k3m9qx2tb", "7K3M9QX2TB", true},
		{"join_nonsense", "", true},
		{"join_", "", true},
		{"src_flyer12", "", false},
		{"", "", false},
		{"JOIN_7K3M9QX2TB", "", false},
	}
	for _, tt := range tests {
		code, ok := ParseJoinPayload(tt.in)
		if code != tt.code || ok != tt.ok {
			t.Errorf("ParseJoinPayload(%q) = %q, %v; want %q, %v", tt.in, code, ok, tt.code, tt.ok)
		}
	}
}

func FuzzNormalizeCode(f *testing.F) {
	for _, s := range []string{"7K3M9QX2TB", "7k3m-9qx2-tb", "OIL0000000", "", "join_x", "ÿÿÿÿÿÿÿÿÿÿ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, ok := NormalizeCode(s)
		if !ok {
			if code != "" {
				t.Fatalf("NormalizeCode(%q) = %q with ok false", s, code)
			}
			return
		}
		if len(code) != CodeLen || strings.Trim(code, codeAlphabet) != "" {
			t.Fatalf("NormalizeCode(%q) = %q, not a code", s, code)
		}
		// A normalized code normalizes to itself.
		if again, ok := NormalizeCode(code); !ok || again != code {
			t.Fatalf("NormalizeCode(%q) = %q, %v; not stable", code, again, ok)
		}
	})
}
