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
)

// place is a country or a region as written in regions.yaml, read without
// the content package so that the test sees the file itself.
type place struct {
	Code    string            `yaml:"code"`
	Names   map[string]string `yaml:"names"`
	Regions []place           `yaml:"regions"`
}

func TestRegionNamesInEveryLanguage(t *testing.T) {
	data, err := os.ReadFile("regions.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Countries []place `yaml:"countries"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("parsing regions.yaml: %v", err)
	}
	var places []place
	for _, c := range doc.Countries {
		places = append(places, c)
		places = append(places, c.Regions...)
	}
	if len(places) == 0 {
		t.Fatal("regions.yaml lists nothing")
	}
	want := slices.Clone(locales.Languages)
	sort.Strings(want)
	loaded, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range places {
		var langs []string
		for lang := range p.Names {
			langs = append(langs, lang)
		}
		sort.Strings(langs)
		// Extra keys are as wrong as missing ones: an unquoted comma in a
		// flow mapping turns half a name into a key.
		if !slices.Equal(langs, want) {
			t.Errorf("%s: names in %v, want exactly %v", p.Code, langs, want)
		}
		for _, lang := range locales.Languages {
			name := p.Names[lang]
			if strings.TrimSpace(name) == "" {
				t.Errorf("%s: no %s name", p.Code, lang)
				continue
			}
			if strings.Count(name, "(") != strings.Count(name, ")") {
				t.Errorf("%s: %s name %q has unbalanced parentheses", p.Code, lang, name)
			}
			// The embedded list is this file, and Name finds each name.
			if got := loaded.Name(p.Code, lang); got != name {
				t.Errorf("Name(%s, %s) = %q, want %q", p.Code, lang, got, name)
			}
		}
	}
}

func TestOverlapping(t *testing.T) {
	r, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	pl, _ := r.Country("PL")
	var all []string
	for _, reg := range pl.Regions {
		all = append(all, reg.Code)
	}
	tests := []struct {
		codes []string
		want  []string
	}{
		{[]string{"PL-14"}, []string{"PL", "PL-14"}},
		{[]string{"PL-14", "PL-14", "PL-12"}, []string{"PL", "PL-12", "PL-14"}},
		{[]string{"PL"}, append([]string{"PL"}, all...)},
		{[]string{"XX-99"}, []string{"XX-99"}},
		{nil, []string{}},
	}
	for _, tt := range tests {
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if got := r.Overlapping(tt.codes); !slices.Equal(got, want) {
			t.Errorf("Overlapping(%v) = %v, want %v", tt.codes, got, want)
		}
	}
}
