package alerts

import (
	"testing"

	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/people"
)

func TestReaches(t *testing.T) {
	vocab, err := content.LoadSubstances()
	if err != nil {
		t.Fatal(err)
	}
	person := func(regions []string, groups ...string) *people.Person {
		return &people.Person{Active: true, Regions: regions, SubstanceGroups: groups}
	}
	caution := func(regions []string, substance string) *Alert {
		return &Alert{Severity: Caution, Regions: regions, Contents: []Content{{Substance: substance}}}
	}
	warning := func(regions []string, substance string) *Alert {
		a := caution(regions, substance)
		a.Severity = Warning
		return a
	}
	stopped := person([]string{"PL-14"}, "opioids")
	stopped.BroadcastsStopped = true
	blocked := person([]string{"PL-14"}, "opioids")
	blocked.Active = false
	tests := []struct {
		name string
		a    *Alert
		p    *people.Person
		want bool
	}{
		{"same region, followed group", caution([]string{"PL-14"}, "isotonitazene"), person([]string{"PL-14"}, "opioids"), true},
		{"same region, other group", caution([]string{"PL-14"}, "isotonitazene"), person([]string{"PL-14"}, "stimulants"), false},
		{"warning reaches every group", warning([]string{"PL-14"}, "isotonitazene"), person([]string{"PL-14"}), true},
		{"other region", warning([]string{"PL-12"}, "isotonitazene"), person([]string{"PL-14"}, "opioids"), false},
		{"country alert reaches its regions", warning([]string{"PL"}, "isotonitazene"), person([]string{"PL-14"}), true},
		{"person following the country", warning([]string{"PL-14"}, "isotonitazene"), person([]string{"PL"}), true},
		{"other country", warning([]string{"PT"}, "isotonitazene"), person([]string{"PL"}), false},
		{"prefix is not a country", warning([]string{"PL-1"}, "isotonitazene"), person([]string{"PL-14"}), false},
		{"stopped broadcasts", warning([]string{"PL-14"}, "isotonitazene"), stopped, false},
		{"blocked the bot", warning([]string{"PL-14"}, "isotonitazene"), blocked, false},
		{"unknown substance, not a warning", caution([]string{"PL-14"}, "unobtainium"), person([]string{"PL-14"}, "opioids"), false},
	}
	for _, tt := range tests {
		if got := Reaches(tt.a, tt.p, vocab); got != tt.want {
			t.Errorf("%s: Reaches = %v, want %v", tt.name, got, tt.want)
		}
	}
}
