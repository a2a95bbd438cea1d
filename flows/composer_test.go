package flows

import (
	"testing"

	"github.com/peerbot/peerbot/alerts"
	"github.com/peerbot/peerbot/bot"
	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/people"
)

// TestComposerButtonsFit checks that every composer button the built-in
// vocabulary, regions and languages make fits Telegram's 64 bytes of
// callback data: a longer one would fail when the step is shown.
func TestComposerButtonsFit(t *testing.T) {
	subs, err := content.LoadSubstances()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	const id = "abcdefgh" // as long as randomID's
	try := func(op, value string) {
		t.Helper()
		if _, err := bot.EncodeCallback(bot.Callback{Action: composeAction, Args: []string{id, op, value}}); err != nil {
			t.Errorf("%s %s: %v", op, value, err)
		}
	}
	for _, s := range subs.List {
		try("sub", s.ID)
	}
	for _, g := range people.SubstanceGroups {
		try("grp", g)
	}
	for _, c := range regions.Countries {
		try("reg", c.Code)
		for _, r := range c.Regions {
			try("reg", r.Code)
		}
	}
	for _, l := range locales.Languages {
		try("alang", l)
		try("prev", l)
	}
	for _, f := range alerts.Forms {
		try("form", string(f))
	}
	for _, s := range composeSteps {
		try("step", s)
	}
	try("step", stepAdviceText)
}

func TestFieldStep(t *testing.T) {
	withContents := &draft{Contents: []alerts.Content{{Substance: "pmma"}}}
	tests := []struct {
		field string
		d     *draft
		want  string
	}{
		{"sold_as", &draft{}, stepSoldAs},
		{"form", &draft{}, stepForm},
		{"contents", &draft{}, stepGroup},
		{"contents[0].amount", withContents, stepContents},
		{"severity", &draft{}, stepSeverity},
		{"regions[1]", &draft{}, stepAreas},
		{"advice.pl", &draft{}, stepAdvice},
		{"photo_file_id", &draft{}, stepPhoto},
		{"expires", &draft{}, stepExpiry},
		{"identifier", &draft{}, ""},
		{"", &draft{}, ""},
	}
	for _, tt := range tests {
		if got := fieldStep(tt.field, tt.d); got != tt.want {
			t.Errorf("fieldStep(%q) = %q, want %q", tt.field, got, tt.want)
		}
	}
}

func TestToggle(t *testing.T) {
	list := toggle(nil, "PL-14")
	list = toggle(list, "PL-12")
	list = toggle(list, "PL-14")
	if len(list) != 1 || list[0] != "PL-12" {
		t.Errorf("toggle = %v, want [PL-12]", list)
	}
}
