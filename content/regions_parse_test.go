package content

import (
	"strings"
	"testing"
	"time"
)

func TestBuiltinRegionsLoad(t *testing.T) {
	r, err := LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	if !r.Valid("PL-14") || !r.Valid("PL") || r.Valid("PL-99") {
		t.Error("Valid disagrees with the built-in list")
	}
	if c, ok := r.CountryOf("PT-11"); !ok || c.Code != "PT" || c.Location == nil {
		t.Errorf("CountryOf(PT-11) = %v, %v", c, ok)
	}
	if got := r.Name("XX-1", "pl"); got != "XX-1" {
		t.Errorf("unknown code name = %q", got)
	}
}

func TestParseRegionsErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"empty", "countries: []", "no countries"},
		{"bad country", "countries: [{code: pol, time_zone: UTC, emergency: '112', names: {en: P}}]", "two capital letters"},
		{"bad zone", "countries: [{code: PL, time_zone: Mars/Base, emergency: '112', names: {en: P}}]", "time_zone"},
		{"no emergency", "countries: [{code: PL, time_zone: UTC, names: {en: P}}]", "emergency"},
		{"region of other country", "countries: [{code: PL, time_zone: UTC, emergency: '112', names: {en: P}, regions: [{code: PT-11, names: {en: L}}]}]", "ISO 3166-2 code of PL"},
		{"duplicate region", "countries: [{code: PL, time_zone: UTC, emergency: '112', names: {en: P}, regions: [{code: PL-14, names: {en: M}}, {code: PL-14, names: {en: M}}]}]", "listed twice"},
		{"no english", "countries: [{code: PL, time_zone: UTC, emergency: '112', names: {pl: Polska}}]", "English name"},
		{"not yaml", "countries: [", "parsing regions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRegions([]byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestLocalHour(t *testing.T) {
	r, err := LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	noonUTC := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	for code, want := range map[string]int{"PT-11": 12, "PL-14": 13, "GR-I": 14, "UA": 14} {
		if got, ok := r.LocalHour(code, noonUTC); !ok || got != want {
			t.Errorf("LocalHour(%s) = %d, %v; want %d", code, got, ok, want)
		}
	}
	if _, ok := r.LocalHour("XX", noonUTC); ok {
		t.Error("unknown region has a local hour")
	}
}
