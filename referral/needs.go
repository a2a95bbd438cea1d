// Package referral is the domain of referral routing: the service directory
// (shaped after Open Referral HSDS 3.0), the needs people look for, opening
// hours, the nearest-services ranking, and the hand-off of a person to a
// peer worker of the right organisation.
//
// Nothing here talks to a database or to Telegram: the postgres package
// stores the directory and the conversations, and the flows package offers
// them in the chat.
package referral

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Need is what a person looks for, in the words of the needs table.
type Need string

// The needs, in the order the bot offers them.
const (
	NeedNaloxone     Need = "naloxone"
	NeedNSP          Need = "nsp"           // needle and syringe programme
	NeedOST          Need = "ost"           // opioid substitution treatment
	NeedDrugChecking Need = "drug_checking" // drug checking
	NeedTesting      Need = "testing"       // HIV and hepatitis testing and treatment
	NeedDCR          Need = "dcr"           // drug consumption room
	NeedShelter      Need = "shelter"       // shelter and housing
	NeedFood         Need = "food"
	NeedLegal        Need = "legal"
	NeedMentalHealth Need = "mental_health"
	NeedTreatment    Need = "treatment" // detox and treatment
	NeedEmergency    Need = "emergency"
)

// Needs lists every need in menu order.
var Needs = []Need{
	NeedNaloxone, NeedNSP, NeedOST, NeedDrugChecking, NeedTesting, NeedDCR,
	NeedShelter, NeedFood, NeedLegal, NeedMentalHealth, NeedTreatment, NeedEmergency,
}

// Valid reports whether n is one of Needs.
func (n Need) Valid() bool { return slices.Contains(Needs, n) }

// Urgent needs always come with the region's emergency numbers.
func (n Need) Urgent() bool { return n == NeedEmergency || n == NeedNaloxone }

// Flag is a low-threshold property of a service.
type Flag string

// The flags the bot shows.
const (
	FlagAnonymous Flag = "anonymous"
	FlagFree      Flag = "free"
	FlagNoID      Flag = "no_id"
)

// Flags lists the flags in display order.
var Flags = []Flag{FlagAnonymous, FlagFree, FlagNoID}

// Taxonomy is the needs table: which taxonomy term codes mean which need
// or flag. Organisations edit it (content/referral_taxonomy.yaml, or their
// own file) to match the vocabulary of their data.
type Taxonomy struct {
	needs map[string]Need
	flags map[string]Flag
}

// ParseTaxonomy reads a needs table:
//
//	needs:
//	  naloxone: [naloxone, take-home-naloxone]
//	flags:
//	  free: [free, no-cost]
//
// Term codes are matched without regard to case. A code may mean one need
// or one flag, not several.
func ParseTaxonomy(data []byte) (*Taxonomy, error) {
	var doc struct {
		Needs map[string][]string `yaml:"needs"`
		Flags map[string][]string `yaml:"flags"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parsing needs table: %w", err)
	}
	t := &Taxonomy{needs: map[string]Need{}, flags: map[string]Flag{}}
	seen := map[string]string{}
	add := func(kind, key string, codes []string) error {
		for _, c := range codes {
			c = strings.ToLower(strings.TrimSpace(c))
			if c == "" {
				return fmt.Errorf("needs table: %s %s: an empty term code", kind, key)
			}
			if prev, ok := seen[c]; ok {
				return fmt.Errorf("needs table: term %q is listed for both %s and %s", c, prev, key)
			}
			seen[c] = key
		}
		return nil
	}
	for k, codes := range doc.Needs {
		n := Need(k)
		if !n.Valid() {
			return nil, fmt.Errorf("needs table: unknown need %q (one of %s)", k, joinNeeds())
		}
		if err := add("need", k, codes); err != nil {
			return nil, err
		}
		for _, c := range codes {
			t.needs[strings.ToLower(strings.TrimSpace(c))] = n
		}
	}
	for k, codes := range doc.Flags {
		f := Flag(k)
		if !slices.Contains(Flags, f) {
			return nil, fmt.Errorf("needs table: unknown flag %q (one of anonymous, free, no_id)", k)
		}
		if err := add("flag", k, codes); err != nil {
			return nil, err
		}
		for _, c := range codes {
			t.flags[strings.ToLower(strings.TrimSpace(c))] = f
		}
	}
	if len(t.needs) == 0 {
		return nil, fmt.Errorf("needs table: no needs")
	}
	return t, nil
}

func joinNeeds() string {
	s := make([]string, len(Needs))
	for i, n := range Needs {
		s[i] = string(n)
	}
	return strings.Join(s, ", ")
}

// Term says what a taxonomy term code means: a need, a flag, or neither
// (known is false).
func (t *Taxonomy) Term(code string) (n Need, f Flag, known bool) {
	code = strings.ToLower(strings.TrimSpace(code))
	if n, ok := t.needs[code]; ok {
		return n, "", true
	}
	if f, ok := t.flags[code]; ok {
		return "", f, true
	}
	return "", "", false
}
