package campaigns

import (
	"errors"
	"strings"
	"testing"

	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/orgs"
)

func regions(t testing.TB) *content.Regions {
	t.Helper()
	r, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// valid is a campaign that passes, for the cases to break one thing of.
func valid() *Campaign {
	return &Campaign{
		Status:      Draft,
		Texts:       map[string]string{"pl": "Bezpłatne testy w czwartek.", "en": "Free testing on Thursday."},
		DefaultLang: "en",
		Buttons:     []Button{{Text: map[string]string{"en": "Where", "pl": "Gdzie"}, URL: "https://example.org/testing"}},
		Segment: Segment{Regions: []string{"PL-14"}, Langs: []string{"pl", "en"}, Roles: []orgs.Role{orgs.RolePeer},
			Groups: []string{"opioids"}},
		QuietStart: DefaultQuietStart, QuietEnd: DefaultQuietEnd,
	}
}

// wantProblem checks that err is a *ValidationError naming field, with a
// problem that mentions problem.
func wantProblem(t *testing.T, err error, field, problem string) {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a *ValidationError", err)
	}
	if ve.Field != field || !strings.Contains(ve.Problem, problem) {
		t.Errorf("got field %q problem %q; want field %q and %q", ve.Field, ve.Problem, field, problem)
	}
}

func TestValidate(t *testing.T) {
	rs := regions(t)
	tests := []struct {
		name       string
		orgRegions []string
		edit       func(c *Campaign)
		field      string // "" for valid
		problem    string
	}{
		{"valid", []string{"PL"}, func(c *Campaign) {}, "", ""},
		{"valid without a segment", nil, func(c *Campaign) { c.Segment = Segment{} }, "", ""},
		{"valid with a photo and a caption-sized text", nil, func(c *Campaign) {
			c.PhotoURL, c.Texts["en"] = "https://example.org/a.jpg", strings.Repeat("a", MaxCaption)
		}, "", ""},
		{"valid at the text limit", nil, func(c *Campaign) { c.Texts["en"] = strings.Repeat("ą", MaxText) }, "", ""},
		{"valid without quiet hours", nil, func(c *Campaign) { c.QuietStart, c.QuietEnd = 0, 0 }, "", ""},
		{"no text", nil, func(c *Campaign) { c.Texts = nil }, "texts", "at least one language"},
		{"unsupported language", nil, func(c *Campaign) { c.Texts["de"] = "Hallo" }, "texts.de", "not a supported language"},
		{"empty text", nil, func(c *Campaign) { c.Texts["pl"] = " \n" }, "texts.pl", "empty"},
		{"invalid UTF-8", nil, func(c *Campaign) { c.Texts["pl"] = "a\xffb" }, "texts.pl", "UTF-8"},
		{"too long", nil, func(c *Campaign) { c.Texts["pl"] = strings.Repeat("a", MaxText+1) }, "texts.pl", "over the 4096"},
		{"too long counted as Telegram does", nil, func(c *Campaign) { c.Texts["en"] = strings.Repeat("🙂", MaxText/2+1) }, "texts.en", "over the 4096"},
		{"too long for a caption", nil, func(c *Campaign) {
			c.PhotoURL, c.Texts["pl"] = "https://example.org/a.jpg", strings.Repeat("a", MaxCaption+1)
		}, "texts.pl", "caption"},
		{"no default language", nil, func(c *Campaign) { c.DefaultLang = "" }, "default_lang", "say which"},
		{"default language without text", nil, func(c *Campaign) { c.DefaultLang = "uk" }, "default_lang", `"uk"`},
		{"too long for the caption of a photo sent to the bot", nil, func(c *Campaign) {
			c.PhotoFileID, c.Texts["pl"] = "AgACAgIAAxkBAAIB", strings.Repeat("a", MaxCaption+1)
		}, "texts.pl", "caption"},
		{"valid with a photo sent to the bot", nil, func(c *Campaign) { c.PhotoFileID = "AgACAgIAAxkBAAIB" }, "", ""},
		{"photo URL and photo sent to the bot", nil, func(c *Campaign) {
			c.PhotoURL, c.PhotoFileID = "https://example.org/a.jpg", "AgACAgIAAxkBAAIB"
		}, "photo_url", "not both"},
		{"photo over http", nil, func(c *Campaign) { c.PhotoURL = "http://example.org/a.jpg" }, "photo_url", "https"},
		{"photo not a URL", nil, func(c *Campaign) { c.PhotoURL = "javascript:alert(1)" }, "photo_url", "https"},
		{"too many buttons", nil, func(c *Campaign) { c.Buttons = append(c.Buttons, c.Buttons[0], c.Buttons[0], c.Buttons[0]) }, "buttons", "at most 3"},
		{"button over http", nil, func(c *Campaign) { c.Buttons[0].URL = "http://example.org" }, "buttons[0].url", "https"},
		{"button with credentials", nil, func(c *Campaign) { c.Buttons[0].URL = "https://u:p@example.org" }, "buttons[0].url", "no user name"},
		{"button without host", nil, func(c *Campaign) { c.Buttons[0].URL = "https:///path" }, "buttons[0].url", "host"},
		{"button without default label", nil, func(c *Campaign) { delete(c.Buttons[0].Text, "en") }, "buttons[0].text.en", "default language"},
		{"label in a language without text", nil, func(c *Campaign) { c.Buttons[0].Text["uk"] = "Де" }, "buttons[0].text.uk", "nobody would see"},
		{"label too long", nil, func(c *Campaign) { c.Buttons[0].Text["pl"] = strings.Repeat("ż", MaxLabelRunes+1) }, "buttons[0].text.pl", "over 64"},
		{"empty label", nil, func(c *Campaign) { c.Buttons[0].Text["pl"] = " " }, "buttons[0].text.pl", "empty"},
		{"unknown region", nil, func(c *Campaign) { c.Segment.Regions = []string{"PL-14", "XX-1"} }, "segment.regions[1]", "not a region"},
		{"region outside the organisation's", []string{"PT"}, func(c *Campaign) {}, "segment.regions[0]", "outside"},
		{"country wider than the organisation's region", []string{"PL-14"}, func(c *Campaign) { c.Segment.Regions = []string{"PL"} }, "segment.regions[0]", "outside"},
		{"region twice", nil, func(c *Campaign) { c.Segment.Regions = []string{"PL-14", "PL-14"} }, "segment.regions[1]", "twice"},
		{"unsupported segment language", nil, func(c *Campaign) { c.Segment.Langs = []string{"fr"} }, "segment.langs[0]", "not a supported"},
		{"unknown role", nil, func(c *Campaign) { c.Segment.Roles = []orgs.Role{"boss"} }, "segment.roles[0]", "not a role"},
		{"unknown group", nil, func(c *Campaign) { c.Segment.Groups = []string{"opioids", "alcohol"} }, "segment.groups[1]", "not a substance group"},
		{"quiet start out of range", nil, func(c *Campaign) { c.QuietStart = 24 }, "quiet_start", "0 to 23"},
		{"quiet end negative", nil, func(c *Campaign) { c.QuietEnd = -1 }, "quiet_end", "0 to 23"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			tt.edit(c)
			err := c.Validate(rs, tt.orgRegions)
			if tt.field == "" && tt.problem == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			wantProblem(t, err, tt.field, tt.problem)
		})
	}
}

func TestCovers(t *testing.T) {
	tests := []struct {
		org  []string
		code string
		want bool
	}{
		{nil, "PL-14", true}, {[]string{"PL"}, "PL-14", true}, {[]string{"PL"}, "PL", true},
		{[]string{"PL-14"}, "PL-14", true}, {[]string{"PL-14"}, "PL-MZ", false}, {[]string{"PL-14"}, "PL", false},
		{[]string{"PT"}, "PL-14", false},
	}
	for _, tt := range tests {
		if got := Covers(tt.org, tt.code); got != tt.want {
			t.Errorf("Covers(%v, %s) = %v, want %v", tt.org, tt.code, got, tt.want)
		}
	}
}

func TestTextFallsBackToTheDefaultLanguage(t *testing.T) {
	c := valid()
	tests := []struct{ lang, text, in, label string }{
		{"pl", "Bezpłatne testy w czwartek.", "pl", "Gdzie"},
		{"en", "Free testing on Thursday.", "en", "Where"},
		{"uk", "Free testing on Thursday.", "en", "Where"},
		{"", "Free testing on Thursday.", "en", "Where"},
	}
	for _, tt := range tests {
		text, in := c.Text(tt.lang)
		if text != tt.text || in != tt.in {
			t.Errorf("Text(%q) = %q, %q; want %q, %q", tt.lang, text, in, tt.text, tt.in)
		}
		if got := c.Label(c.Buttons[0], tt.lang); got != tt.label {
			t.Errorf("Label(%q) = %q, want %q", tt.lang, got, tt.label)
		}
	}
}
