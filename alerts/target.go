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
