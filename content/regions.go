// Package content holds the deployment's built-in content: the region list
// (and, later, training modules, information cards and the substance
// vocabulary), embedded in the binary and replaceable by files.
package content

import (
	_ "embed"
	"fmt"
	"os"
	"regexp"
	"slices"
	"time"

	"go.yaml.in/yaml/v3"
)

//go:embed regions.yaml
var builtinRegions []byte

// Region is one ISO 3166-2 subdivision people can follow.
type Region struct {
	Code    string            `yaml:"code"`
	Names   map[string]string `yaml:"names"`
	Country *Country          `yaml:"-"`
}

// Country groups regions; its code alone means the whole country.
type Country struct {
	Code      string            `yaml:"code"`
	TimeZone  string            `yaml:"time_zone"`
	Emergency string            `yaml:"emergency"`
	Names     map[string]string `yaml:"names"`
	Regions   []*Region         `yaml:"regions"`
	Location  *time.Location    `yaml:"-"`
}

// Regions is the deployment's region list.
type Regions struct {
	Countries []*Country
	byCode    map[string]*Region
	countries map[string]*Country
}

var (
	countryCode = regexp.MustCompile(`^[A-Z]{2}$`)
	regionCode  = regexp.MustCompile(`^[A-Z]{2}-[A-Z0-9]{1,3}$`)
)

// LoadRegions reads the region list from path, or the built-in demo list
// when path is empty.
func LoadRegions(path string) (*Regions, error) {
	data := builtinRegions
	if path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return nil, fmt.Errorf("reading regions: %w", err)
		}
	}
	return ParseRegions(data)
}

// ParseRegions parses and checks a region list.
func ParseRegions(data []byte) (*Regions, error) {
	var doc struct {
		Countries []*Country `yaml:"countries"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parsing regions: %w", err)
	}
	r := &Regions{Countries: doc.Countries, byCode: map[string]*Region{}, countries: map[string]*Country{}}
	if len(doc.Countries) == 0 {
		return nil, fmt.Errorf("parsing regions: no countries")
	}
	for _, c := range doc.Countries {
		if !countryCode.MatchString(c.Code) {
			return nil, fmt.Errorf("country %q: code must be two capital letters (ISO 3166-1)", c.Code)
		}
		if r.countries[c.Code] != nil {
			return nil, fmt.Errorf("country %s: listed twice", c.Code)
		}
		loc, err := time.LoadLocation(c.TimeZone)
		if err != nil || c.TimeZone == "" {
			return nil, fmt.Errorf("country %s: unknown time_zone %q", c.Code, c.TimeZone)
		}
		if c.Emergency == "" {
			return nil, fmt.Errorf("country %s: emergency number missing", c.Code)
		}
		if c.Names["en"] == "" {
			return nil, fmt.Errorf("country %s: English name missing", c.Code)
		}
		c.Location = loc
		r.countries[c.Code] = c
		for _, reg := range c.Regions {
			if !regionCode.MatchString(reg.Code) || reg.Code[:2] != c.Code {
				return nil, fmt.Errorf("region %q: code must be an ISO 3166-2 code of %s", reg.Code, c.Code)
			}
			if r.byCode[reg.Code] != nil {
				return nil, fmt.Errorf("region %s: listed twice", reg.Code)
			}
			if reg.Names["en"] == "" {
				return nil, fmt.Errorf("region %s: English name missing", reg.Code)
			}
			reg.Country = c
			r.byCode[reg.Code] = reg
		}
	}
	return r, nil
}

// Country returns a country by its code.
func (r *Regions) Country(code string) (*Country, bool) {
	c, ok := r.countries[code]
	return c, ok
}

// Valid reports whether code is a known region or country.
func (r *Regions) Valid(code string) bool {
	_, ok := r.byCode[code]
	_, isCountry := r.countries[code]
	return ok || isCountry
}

// CountryOf returns the country of a region or country code.
func (r *Regions) CountryOf(code string) (*Country, bool) {
	if reg, ok := r.byCode[code]; ok {
		return reg.Country, true
	}
	return r.Country(code)
}

// Name returns the name of a region or country in lang, falling back to
// English, then to the code itself.
func (r *Regions) Name(code, lang string) string {
	var names map[string]string
	if reg, ok := r.byCode[code]; ok {
		names = reg.Names
	} else if c, ok := r.countries[code]; ok {
		names = c.Names
	}
	if n := names[lang]; n != "" {
		return n
	}
	if n := names["en"]; n != "" {
		return n
	}
	return code
}

// LocalHour is the hour of day at t in the time zone of a region or country.
func (r *Regions) LocalHour(code string, t time.Time) (int, bool) {
	c, ok := r.CountryOf(code)
	if !ok {
		return 0, false
	}
	return t.In(c.Location).Hour(), true
}

// Overlapping returns every code a person may follow that overlaps one of
// codes: each code itself, the country of a region (people who follow the
// whole country), and every region of a country. Unknown codes are kept as
// they are. The result is sorted and has no duplicates.
func (r *Regions) Overlapping(codes []string) []string {
	seen := map[string]bool{}
	for _, code := range codes {
		seen[code] = true
		if reg, ok := r.byCode[code]; ok {
			seen[reg.Country.Code] = true
		}
		if c, ok := r.countries[code]; ok {
			for _, reg := range c.Regions {
				seen[reg.Code] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for code := range seen {
		out = append(out, code)
	}
	slices.Sort(out)
	return out
}
