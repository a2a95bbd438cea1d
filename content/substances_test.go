package content_test

import (
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/people"
)

func TestSubstancesComplete(t *testing.T) {
	// Read the file itself, not through the loader, so that extra keys
	// (a comma in a flow mapping splits a name) are seen.
	data, err := os.ReadFile("substances.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Substances []struct {
			ID    string            `yaml:"id"`
			Group string            `yaml:"group"`
			Names map[string]string `yaml:"names"`
		} `yaml:"substances"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("parsing substances.yaml: %v", err)
	}
	loaded, err := content.LoadSubstances()
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded.List) != len(doc.Substances) {
		t.Fatalf("loaded %d substances, file has %d", len(loaded.List), len(doc.Substances))
	}
	want := slices.Clone(locales.Languages)
	sort.Strings(want)
	seen := map[string]bool{}
	groups := map[string]bool{}
	for _, s := range doc.Substances {
		if seen[s.ID] {
			t.Errorf("%s: id listed twice", s.ID)
		}
		seen[s.ID] = true
		if !slices.Contains(people.SubstanceGroups, s.Group) {
			t.Errorf("%s: group %q not in people.SubstanceGroups", s.ID, s.Group)
		}
		groups[s.Group] = true
		var langs []string
		for lang := range s.Names {
			langs = append(langs, lang)
		}
		sort.Strings(langs)
		if !slices.Equal(langs, want) {
			t.Errorf("%s: names in %v, want exactly %v", s.ID, langs, want)
		}
		for _, lang := range locales.Languages {
			name := s.Names[lang]
			if strings.TrimSpace(name) == "" {
				t.Errorf("%s: no %s name", s.ID, lang)
				continue
			}
			if got := loaded.Name(s.ID, lang); got != name {
				t.Errorf("Name(%s, %s) = %q, want %q", s.ID, lang, got, name)
			}
		}
		if g, ok := loaded.Group(s.ID); !ok || g != s.Group {
			t.Errorf("Group(%s) = %q, %v", s.ID, g, ok)
		}
	}
	// Every group people can follow has something to be alerted about.
	for _, g := range people.SubstanceGroups {
		if !groups[g] {
			t.Errorf("no substance in group %s", g)
		}
	}
}

func TestSubstancesCoverTheIssue(t *testing.T) {
	s, err := content.LoadSubstances()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{
		"nitazenes", "isotonitazene", "metonitazene", "protonitazene", "n-pyrrolidino-etonitazene",
		"fentanyl", "fentanyl-analogues", "carfentanil", "heroin", "xylazine", "medetomidine",
		"dexmedetomidine", "benzodiazepines", "alprazolam", "designer-benzodiazepines", "bromazolam",
		"cathinones", "3-mmc", "3-cmc", "alpha-pvp", "cocaine", "amphetamine", "methamphetamine",
		"pmma", "mdma", "ketamine", "synthetic-cannabinoids", "lsd", "2c-b", "caffeine",
		"levamisole", "paracetamol", "lidocaine",
	} {
		if _, ok := s.Substance(id); !ok {
			t.Errorf("%s missing from the vocabulary", id)
		}
	}
	if g, _ := s.Group("xylazine"); g != "sedatives" {
		t.Errorf("xylazine group = %q", g)
	}
	if _, ok := s.Group("high-dose-mdma"); ok {
		t.Error("high-dose MDMA is a note on mdma, not a substance")
	}
	if got := s.Name("unknown-thing", "pl"); got != "unknown-thing" {
		t.Errorf("Name of unknown id = %q", got)
	}
}

func TestParseSubstancesErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"empty", "substances: []", "no substances"},
		{"bad id", "substances: [{id: Fentanyl, group: opioids, names: {en: f}}]", "id must be"},
		{"duplicate", "substances: [{id: a, group: opioids, names: {en: a}}, {id: a, group: opioids, names: {en: a}}]", "listed twice"},
		{"bad group", "substances: [{id: a, group: opiates, names: {en: a}}]", "group \"opiates\""},
		{"no english", "substances: [{id: a, group: opioids, names: {pl: a}}]", "English name"},
		{"not yaml", "substances: [", "parsing substances"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := content.ParseSubstances([]byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}
