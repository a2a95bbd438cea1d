package alerts

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/content"
)

// validAlert is a complete, valid alert; each case below breaks one thing.
func validAlert() *Alert {
	sent := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	return &Alert{
		Identifier: "WAW-2026-0412",
		Sent:       sent,
		MsgType:    MsgAlert,
		SoldAs:     "heroin",
		Form:       FormPowder,
		Contents: []Content{
			{Substance: "isotonitazene", Trace: true, Note: "cannot tell from protonitazene"},
			{Substance: "xylazine", Amount: 12.5, Unit: "%"},
		},
		LinkedToOverdoses: true,
		Severity:          Warning,
		Advice:            map[string]string{"pl": "Nie używaj sam(a). Miej przy sobie nalokson.", "en": "Do not use alone. Carry naloxone."},
		Regions:           []string{"PL-14", "PL"},
		Expires:           sent.Add(14 * 24 * time.Hour),
		SampleLink:        "https://lab.example.org/samples/0412",
	}
}

func TestValidate(t *testing.T) {
	vocab, err := content.LoadSubstances()
	if err != nil {
		t.Fatal(err)
	}
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		break_ func(a *Alert)
		field  string // "" means valid
	}{
		{"valid", func(a *Alert) {}, ""},
		{"cancel needs no contents", func(a *Alert) {
			a.MsgType, a.Contents = MsgCancel, nil
			a.References = []Reference{{Identifier: "WAW-2026-0411"}}
		}, ""},
		{"no identifier", func(a *Alert) { a.Identifier = "" }, "identifier"},
		{"unknown msg type", func(a *Alert) { a.MsgType = 0 }, "msg_type"},
		{"update without references", func(a *Alert) { a.MsgType = MsgUpdate }, "references"},
		{"alert with references", func(a *Alert) { a.References = []Reference{{Identifier: "x"}} }, "references"},
		{"update referring to itself", func(a *Alert) {
			a.MsgType, a.References = MsgUpdate, []Reference{{Identifier: a.Identifier}}
		}, "references[0].identifier"},
		{"unknown form", func(a *Alert) { a.Form = "gummy" }, "form"},
		{"no contents", func(a *Alert) { a.Contents = nil }, "contents"},
		{"unknown substance", func(a *Alert) { a.Contents[1].Substance = "unobtainium" }, "contents[1].substance"},
		{"negative amount", func(a *Alert) { a.Contents[1].Amount = -1 }, "contents[1].amount"},
		{"amount without unit", func(a *Alert) { a.Contents[1].Unit = "" }, "contents[1].unit"},
		{"unknown unit", func(a *Alert) { a.Contents[1].Unit = "tabs" }, "contents[1].unit"},
		{"percent over 100", func(a *Alert) { a.Contents[1].Amount = 120 }, "contents[1].amount"},
		{"trace with amount", func(a *Alert) { a.Contents[0].Amount, a.Contents[0].Unit = 1, "mg" }, "contents[0].trace"},
		{"no severity", func(a *Alert) { a.Severity = 0 }, "severity"},
		{"no language", func(a *Alert) { a.Advice = nil }, "advice"},
		{"empty advice", func(a *Alert) { a.Advice["pl"] = "  " }, "advice.pl"},
		{"advice too long", func(a *Alert) { a.Advice["en"] = strings.Repeat("a", MaxAdviceRunes+1) }, "advice.en"},
		{"not a language code", func(a *Alert) { a.Advice["Polish"] = "x" }, "advice"},
		{"no regions", func(a *Alert) { a.Regions = nil }, "regions"},
		{"unknown region", func(a *Alert) { a.Regions[1] = "XX-99" }, "regions[1]"},
		{"region twice", func(a *Alert) { a.Regions = []string{"PL-14", "PL-14"} }, "regions[1]"},
		{"expiry before sending", func(a *Alert) { a.Expires = a.Sent.Add(-time.Hour) }, "expires"},
		{"expiry before effect", func(a *Alert) { a.Effective = a.Expires.Add(time.Hour) }, "expires"},
		{"photo not http", func(a *Alert) { a.PhotoURL = "javascript:alert(1)" }, "photo_url"},
		{"photo from the bot", func(a *Alert) { a.PhotoURL, a.PhotoFileID = "", "AgACAgIAAxkBAAIB-x_1" }, ""},
		{"photo file id malformed", func(a *Alert) { a.PhotoURL, a.PhotoFileID = "", "../etc/passwd" }, "photo_file_id"},
		{"two photos", func(a *Alert) { a.PhotoURL, a.PhotoFileID = "https://lab.example.org/p.jpg", "AgACAgIAAxkBAAIB" }, "photo_file_id"},
		{"sample link not a URL", func(a *Alert) { a.SampleLink = "see lab" }, "sample_link"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := validAlert()
			tt.break_(a)
			err := a.Validate(vocab, regions)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("valid alert refused: %v", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a *ValidationError", err)
			}
			if ve.Field != tt.field {
				t.Errorf("field = %q, want %q (%v)", ve.Field, tt.field, err)
			}
		})
	}
}

func TestSeverityCAPRoundTrip(t *testing.T) {
	for _, s := range []Severity{Information, Caution, Warning} {
		back, ok := SeverityFromCAP(s.CAP())
		if !ok || back != s {
			t.Errorf("%v -> %q -> %v, %v", s, s.CAP(), back, ok)
		}
		text, err := s.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var parsed Severity
		if err := parsed.UnmarshalText(text); err != nil || parsed != s {
			t.Errorf("%v -> %q -> %v, %v", s, text, parsed, err)
		}
	}
	if got, ok := SeverityFromCAP("Extreme"); !ok || got != Warning {
		t.Errorf("Extreme = %v, %v; want Warning", got, ok)
	}
	if _, ok := SeverityFromCAP("Unknown"); ok {
		t.Error("CAP severity Unknown accepted")
	}
}
