package referral_test

import (
	"strings"
	"testing"

	"github.com/peerbot/peerbot/referral"
)

func TestParseTaxonomy(t *testing.T) {
	tests := []struct {
		name, doc, wantErr string
	}{
		{"ok", "needs:\n  naloxone: [Naloxone]\nflags:\n  free: [free]\n", ""},
		{"unknown need", "needs:\n  snacks: [x]\n", "unknown need"},
		{"unknown flag", "needs:\n  food: [x]\nflags:\n  cheap: [y]\n", "unknown flag"},
		{"twice", "needs:\n  food: [x]\n  shelter: [X]\n", "listed for both"},
		{"empty", "flags:\n  free: [free]\n", "no needs"},
		{"not yaml", "needs: [", "parsing"},
	}
	for _, tt := range tests {
		tax, err := referral.ParseTaxonomy([]byte(tt.doc))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: err = %v, want %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if n, _, ok := tax.Term(" NALOXONE "); !ok || n != referral.NeedNaloxone {
			t.Errorf("naloxone term = %q %v", n, ok)
		}
		if _, f, ok := tax.Term("free"); !ok || f != referral.FlagFree {
			t.Errorf("free term = %q %v", f, ok)
		}
	}
}

func TestBuiltinTaxonomyCoversEveryNeed(t *testing.T) {
	opt := options(t)
	covered := map[referral.Need]bool{}
	for _, code := range []string{"naloxone", "nsp", "ost", "drug-checking", "hiv-testing", "drug-consumption-room",
		"shelter", "food", "legal-aid", "mental-health", "detox", "emergency"} {
		n, _, ok := opt.Taxonomy.Term(code)
		if !ok {
			t.Errorf("term %s unknown", code)
		}
		covered[n] = true
	}
	for _, n := range referral.Needs {
		if !covered[n] {
			t.Errorf("need %s has no term", n)
		}
	}
}
