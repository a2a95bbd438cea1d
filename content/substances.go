package content

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/peerbot/peerbot/people"
)

//go:embed substances.yaml
var builtinSubstances []byte

// Substance is one entry of the substance vocabulary alerts are written in.
type Substance struct {
	// ID is stable and stored with alerts: "isotonitazene", "3-mmc".
	ID string `yaml:"id"`
	// Group is one of people.SubstanceGroups: people who follow it get
	// information and caution alerts naming this substance.
	Group string `yaml:"group"`
	// Names by language code, as harm-reduction workers there write them.
	Names map[string]string `yaml:"names"`
}

// Substances is the substance vocabulary. It satisfies alerts.Vocabulary.
type Substances struct {
	// List holds the substances in the file's order (grouped for menus).
	List []*Substance
	byID map[string]*Substance
}

var substanceID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// LoadSubstances returns the built-in substance vocabulary.
func LoadSubstances() (*Substances, error) {
	return ParseSubstances(builtinSubstances)
}

// ParseSubstances parses and checks a substance vocabulary: ids well formed
// and unique, every group one of people.SubstanceGroups, an English name.
func ParseSubstances(data []byte) (*Substances, error) {
	var doc struct {
		Substances []*Substance `yaml:"substances"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parsing substances: %w", err)
	}
	if len(doc.Substances) == 0 {
		return nil, fmt.Errorf("parsing substances: no substances")
	}
	s := &Substances{List: doc.Substances, byID: make(map[string]*Substance, len(doc.Substances))}
	for _, sub := range doc.Substances {
		if !substanceID.MatchString(sub.ID) {
			return nil, fmt.Errorf("substance %q: id must be lower-case letters, digits and dashes", sub.ID)
		}
		if s.byID[sub.ID] != nil {
			return nil, fmt.Errorf("substance %s: listed twice", sub.ID)
		}
		if !slices.Contains(people.SubstanceGroups, sub.Group) {
			return nil, fmt.Errorf("substance %s: group %q is not one of %v", sub.ID, sub.Group, people.SubstanceGroups)
		}
		if sub.Names["en"] == "" {
			return nil, fmt.Errorf("substance %s: English name missing", sub.ID)
		}
		s.byID[sub.ID] = sub
	}
	return s, nil
}

// Substance returns a substance by its id.
func (s *Substances) Substance(id string) (*Substance, bool) {
	sub, ok := s.byID[id]
	return sub, ok
}

// Group returns the group of a substance, false when the id is unknown.
func (s *Substances) Group(id string) (string, bool) {
	sub, ok := s.byID[id]
	if !ok {
		return "", false
	}
	return sub.Group, true
}

// Name returns a substance's name in lang, falling back to English, then to
// the id itself (so an alert naming a since-removed substance still reads).
func (s *Substances) Name(id, lang string) string {
	sub, ok := s.byID[id]
	if !ok {
		return id
	}
	if n := sub.Names[lang]; n != "" {
		return n
	}
	if n := sub.Names["en"]; n != "" {
		return n
	}
	return id
}
