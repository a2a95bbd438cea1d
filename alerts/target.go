package alerts

import (
	"slices"
	"strings"

	"github.com/peerbot/peerbot/people"
)

// Reaches reports whether an alert goes to a person: they follow one of its
// regions (a country code covers all of that country's regions, in either
// direction), they are active and have not stopped broadcasts, and either
// the alert is a warning, which reaches everyone in the region, or one of
// its substances belongs to a group they follow.
func Reaches(a *Alert, p *people.Person, v Vocabulary) bool {
	if !p.Active || p.BroadcastsStopped || !coversAny(a.Regions, p.Regions) {
		return false
	}
	if a.Severity == Warning {
		return true
	}
	for _, c := range a.Contents {
		if g, ok := v.Group(c.Substance); ok && slices.Contains(p.SubstanceGroups, g) {
			return true
		}
	}
	return false
}

// coversAny reports whether an alert's regions and a person's overlap.
func coversAny(alertRegions, personRegions []string) bool {
	for _, a := range alertRegions {
		for _, p := range personRegions {
			if covers(a, p) {
				return true
			}
		}
	}
	return false
}

// covers reports whether two codes overlap: equal, or one is the country
// (PL) of the other (PL-14).
func covers(a, b string) bool {
	return a == b || strings.HasPrefix(b, a+"-") || strings.HasPrefix(a, b+"-")
}

// Overlapper lists every region code that overlaps some codes;
// *content.Regions satisfies it.
type Overlapper interface {
	Overlapping(codes []string) []string
}

// Audience is whom an alert reaches, in the terms a store selects people by:
// a person is reached when they follow one of Regions and, unless Everyone,
// one of Groups. It selects exactly the people Reaches accepts (apart from
// the person's own state: active, broadcasts stopped).
type Audience struct {
	Regions  []string // every code overlapping the alert's regions
	Everyone bool     // a warning: substance groups do not matter
	Groups   []string // the substance groups of the contents, sorted
}

// AudienceOf returns the audience of an alert.
func AudienceOf(a *Alert, v Vocabulary, regions Overlapper) Audience {
	aud := Audience{Regions: regions.Overlapping(a.Regions), Everyone: a.Severity == Warning}
	for _, c := range a.Contents {
		if g, ok := v.Group(c.Substance); ok && !slices.Contains(aud.Groups, g) {
			aud.Groups = append(aud.Groups, g)
		}
	}
	slices.Sort(aud.Groups)
	return aud
}
