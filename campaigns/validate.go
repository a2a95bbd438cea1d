package campaigns

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/people"
)

// Limits on what an organisation may send. Telegram counts text in UTF-16
// code units after the HTML is parsed, so that is what is counted here: the
// escaping added when sending does not count.
const (
	MaxText       = 4096 // a message's text
	MaxCaption    = 1024 // the text when it is a photo's caption
	MaxButtons    = 3
	MaxLabelRunes = 64 // a button's label
	MaxURLBytes   = 2048
	MaxRegions    = 100
)

// ValidationError says which field of a campaign is wrong and why. Field is
// a JSON path into the API's campaign document ("texts.pl",
// "buttons[1].url", "segment.regions[0]"); it is empty when the whole body is
// at fault.
type ValidationError struct {
	Field   string
	Problem string
}

// Error returns "field: problem", or the problem alone.
func (e *ValidationError) Error() string {
	if e.Field == "" {
		return e.Problem
	}
	return e.Field + ": " + e.Problem
}

func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

// RegionSet says which region and country codes the deployment knows;
// *content.Regions satisfies it.
type RegionSet interface {
	Valid(code string) bool
}

// Validate checks the campaign's content and segment against the rules, the
// deployment's regions and the sending organisation's regions (orgRegions;
// empty when it works everywhere). It returns nil or a *ValidationError
// naming the first wrong field.
func (c *Campaign) Validate(regions RegionSet, orgRegions []string) error {
	if err := c.validate(regions, orgRegions); err != nil {
		return err
	}
	return nil
}

func (c *Campaign) validate(regions RegionSet, orgRegions []string) *ValidationError {
	if len(c.Texts) == 0 {
		return invalid("texts", "the campaign needs a text in at least one language")
	}
	limit, limitName := MaxText, "a message"
	if c.Photo() != "" {
		limit, limitName = MaxCaption, "a photo's caption"
	}
	for _, lang := range sortedKeys(c.Texts) {
		field := "texts." + lang
		if !locales.Supported(lang) {
			return invalid(field, "%q is not a supported language (%s)", lang, strings.Join(locales.Languages, ", "))
		}
		text := c.Texts[lang]
		switch {
		case strings.TrimSpace(text) == "":
			return invalid(field, "the text is empty")
		case !utf8.ValidString(text):
			return invalid(field, "the text is not valid UTF-8")
		case utf16Len(text) > limit:
			return invalid(field, "the text is %d characters, over the %d Telegram allows in %s", utf16Len(text), limit, limitName)
		}
	}
	switch {
	case c.DefaultLang == "":
		return invalid("default_lang", "say which language people get when there is no text in theirs")
	case c.Texts[c.DefaultLang] == "":
		return invalid("default_lang", "there is no text in the default language %q", c.DefaultLang)
	}
	if c.PhotoURL != "" && c.PhotoFileID != "" {
		return invalid("photo_url", "give a photo URL or a photo sent to the bot, not both")
	}
	if c.PhotoURL != "" {
		if err := checkURL(c.PhotoURL); err != "" {
			return invalid("photo_url", "%s", err)
		}
	}
	if len(c.Buttons) > MaxButtons {
		return invalid("buttons", "at most %d buttons", MaxButtons)
	}
	for i, b := range c.Buttons {
		field := fmt.Sprintf("buttons[%d]", i)
		if err := checkURL(b.URL); err != "" {
			return invalid(field+".url", "%s", err)
		}
		if b.Text[c.DefaultLang] == "" {
			return invalid(field+".text."+c.DefaultLang, "the button needs a label in the default language")
		}
		for _, lang := range sortedKeys(b.Text) {
			label := b.Text[lang]
			switch {
			case c.Texts[lang] == "":
				return invalid(field+".text."+lang, "there is no campaign text in %q, so nobody would see this label", lang)
			case strings.TrimSpace(label) == "":
				return invalid(field+".text."+lang, "the label is empty")
			case !utf8.ValidString(label):
				return invalid(field+".text."+lang, "the label is not valid UTF-8")
			case utf8.RuneCountInString(label) > MaxLabelRunes:
				return invalid(field+".text."+lang, "the label is over %d characters", MaxLabelRunes)
			}
		}
	}
	if err := c.Segment.validate(regions, orgRegions); err != nil {
		return err
	}
	for _, q := range []struct {
		field string
		hour  int
	}{{"quiet_start", c.QuietStart}, {"quiet_end", c.QuietEnd}} {
		if q.hour < 0 || q.hour > 23 {
			return invalid(q.field, "an hour from 0 to 23")
		}
	}
	return nil
}

func (s *Segment) validate(regions RegionSet, orgRegions []string) *ValidationError {
	if len(s.Regions) > MaxRegions {
		return invalid("segment.regions", "more than %d regions", MaxRegions)
	}
	for i, code := range s.Regions {
		field := fmt.Sprintf("segment.regions[%d]", i)
		switch {
		case !regions.Valid(code):
			return invalid(field, "%q is not a region or country code this service knows", code)
		case !Covers(orgRegions, code):
			return invalid(field, "%q is outside the regions your organisation works in (%s)", code, strings.Join(orgRegions, ", "))
		case slices.Index(s.Regions, code) != i:
			return invalid(field, "%q is listed twice", code)
		}
	}
	for i, lang := range s.Langs {
		field := fmt.Sprintf("segment.langs[%d]", i)
		if !locales.Supported(lang) {
			return invalid(field, "%q is not a supported language (%s)", lang, strings.Join(locales.Languages, ", "))
		}
		if slices.Index(s.Langs, lang) != i {
			return invalid(field, "%q is listed twice", lang)
		}
	}
	for i, r := range s.Roles {
		field := fmt.Sprintf("segment.roles[%d]", i)
		if !r.Valid() {
			return invalid(field, "%q is not a role (peer, staff or admin)", r)
		}
		if slices.Index(s.Roles, r) != i {
			return invalid(field, "%q is listed twice", r)
		}
	}
	for i, g := range s.Groups {
		field := fmt.Sprintf("segment.groups[%d]", i)
		if !slices.Contains(people.SubstanceGroups, g) {
			return invalid(field, "%q is not a substance group (%s)", g, strings.Join(people.SubstanceGroups, ", "))
		}
		if slices.Index(s.Groups, g) != i {
			return invalid(field, "%q is listed twice", g)
		}
	}
	return nil
}

// Covers reports whether an organisation working in orgRegions may send to
// code: it works everywhere (no regions), in that region or country, or in
// the whole country of that region.
func Covers(orgRegions []string, code string) bool {
	if len(orgRegions) == 0 || slices.Contains(orgRegions, code) {
		return true
	}
	country, _, isRegion := strings.Cut(code, "-")
	return isRegion && slices.Contains(orgRegions, country)
}

// checkURL returns what is wrong with a link, or "".
func checkURL(raw string) string {
	if len(raw) > MaxURLBytes {
		return fmt.Sprintf("the URL is over %d bytes", MaxURLBytes)
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "not a URL"
	case u.Scheme != "https":
		return "only https URLs are allowed"
	case u.Host == "" || u.User != nil:
		return "an https URL needs a host and no user name or password"
	case strings.ContainsAny(raw, " \t\r\n"):
		return "the URL has spaces in it"
	}
	return ""
}

// Length is the length of s as Telegram counts it, in UTF-16 code units;
// compare it with MaxText and MaxCaption.
func Length(s string) int { return utf16Len(s) }

// utf16Len counts s as Telegram does, in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
