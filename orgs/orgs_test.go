package orgs

import (
	"errors"
	"strings"
	"testing"
)

func TestRoleIncludes(t *testing.T) {
	tests := []struct {
		r, other Role
		want     bool
	}{
		{RoleAdmin, RoleAdmin, true},
		{RoleAdmin, RoleStaff, true},
		{RoleAdmin, RolePeer, true},
		{RoleStaff, RoleAdmin, false},
		{RoleStaff, RoleStaff, true},
		{RoleStaff, RolePeer, true},
		{RolePeer, RoleStaff, false},
		{RolePeer, RolePeer, true},
		{"", RolePeer, false},
		{RoleAdmin, "", false},
		{"owner", RolePeer, false},
		{RoleAdmin, "owner", false},
	}
	for _, tt := range tests {
		if got := tt.r.Includes(tt.other); got != tt.want {
			t.Errorf("%q.Includes(%q) = %v, want %v", tt.r, tt.other, got, tt.want)
		}
	}
}

func TestParseRole(t *testing.T) {
	tests := []struct {
		in   string
		want Role
		ok   bool
	}{
		{"peer", RolePeer, true},
		{" Staff ", RoleStaff, true},
		{"ADMIN", RoleAdmin, true},
		{"group", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, err := ParseRole(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseRole(%q) = %q, %v", tt.in, got, err)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseRole(%q) error %v is not ErrInvalid", tt.in, err)
		}
	}
}

func TestOrgValidate(t *testing.T) {
	tests := []struct {
		name string
		org  Org
		want string // part of the error; "" for valid
	}{
		{"valid", Org{Name: "Sala Segura", Regions: []string{"PT-11", "PT"}}, ""},
		{"no regions", Org{Name: "National Network"}, ""},
		{"empty name", Org{Name: "  "}, "name is empty"},
		{"padded name", Org{Name: " Sala "}, "spaces"},
		{"long name", Org{Name: strings.Repeat("ą", MaxNameLen+1)}, "longer than 200"},
		{"longest name", Org{Name: strings.Repeat("ą", MaxNameLen)}, ""},
		{"lower-case region", Org{Name: "A", Regions: []string{"pl-14"}}, `region "pl-14"`},
		{"not a region", Org{Name: "A", Regions: []string{"Lisbon"}}, `region "Lisbon"`},
		{"twice", Org{Name: "A", Regions: []string{"PL-14", "PL-12", "PL-14"}}, "twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.org.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("Validate = %v, want an ErrInvalid naming %q", err, tt.want)
			}
		})
	}
}
