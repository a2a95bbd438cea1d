package campaigns

import (
	"reflect"
	"strings"
	"testing"

	"github.com/peerbot/peerbot/orgs"
)

func TestDecodeJSON(t *testing.T) {
	c, err := DecodeJSON(strings.NewReader(`{
		"texts": {"pl": " Testy w czwartek. "},
		"buttons": [{"text": {"pl": "Gdzie "}, "url": " https://example.org "}],
		"segment": {"regions": ["PL-14"], "roles": ["peer"], "langs": ["pl"], "groups": ["opioids"]},
		"quiet_end": 0
	}`))
	if err != nil {
		t.Fatal(err)
	}
	want := &Campaign{
		Status: Draft, Texts: map[string]string{"pl": "Testy w czwartek."}, DefaultLang: "pl",
		Buttons:    []Button{{Text: map[string]string{"pl": "Gdzie"}, URL: "https://example.org"}},
		Segment:    Segment{Regions: []string{"PL-14"}, Roles: []orgs.Role{orgs.RolePeer}, Langs: []string{"pl"}, Groups: []string{"opioids"}},
		QuietStart: DefaultQuietStart, QuietEnd: 0,
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("decoded\n%+v\nwant\n%+v", c, want)
	}
}

func TestDecodeJSONProblems(t *testing.T) {
	tests := []struct {
		name, body, field, problem string
	}{
		{"empty", ``, "", "empty"},
		{"not JSON", `{"texts": `, "", "cut short"},
		{"syntax", `{"texts": x}`, "", "not valid JSON"},
		{"unknown field", `{"texts": {"en": "a"}, "status": "sent"}`, "status", "not a field"},
		{"wrong type", `{"texts": {"en": "a"}, "quiet_start": "nine"}`, "quiet_start", "must be int"},
		{"wrong nested type", `{"texts": {"en": "a"}, "segment": {"regions": "PL"}}`, "segment.regions", "must be"},
		{"two values", `{"texts": {"en": "a"}} {}`, "", "more than one"},
		{"too big", `{"texts": {"en": "` + strings.Repeat("a", MaxBody) + `"}}`, "", "over"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeJSON(strings.NewReader(tt.body))
			wantProblem(t, err, tt.field, tt.problem)
		})
	}
}

// FuzzDecodeJSON checks that no document makes decoding or validation
// panic, and that what validates keeps within Telegram's limits.
func FuzzDecodeJSON(f *testing.F) {
	f.Add(`{"texts": {"en": "Hello"}, "buttons": [{"text": {"en": "Go"}, "url": "https://example.org"}]}`)
	f.Add(`{"texts": {"pl": "a", "en": "b"}, "default_lang": "pl", "photo_url": "https://example.org/x.jpg", "segment": {"regions": ["PL"]}}`)
	rs := regions(f)
	f.Fuzz(func(t *testing.T, body string) {
		c, err := DecodeJSON(strings.NewReader(body))
		if err != nil {
			return
		}
		if c.Validate(rs, nil) != nil {
			return
		}
		for lang := range c.Texts {
			text, _ := c.Text(lang)
			if utf16Len(text) > MaxText || (c.PhotoURL != "" && utf16Len(text) > MaxCaption) {
				t.Fatalf("validated text of %d code units", utf16Len(text))
			}
		}
		if len(c.Buttons) > MaxButtons {
			t.Fatalf("validated %d buttons", len(c.Buttons))
		}
	})
}
