package alerts

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on what a partner may send. Advice is capped so that an alert,
// rendered with its structured part and labels, fits one Telegram message
// (4,096 characters).
const (
	MaxAdviceRunes     = 1000 // advice text, per language
	MaxTextRunes       = 200  // sold_as, appearance fields, notes, sample reference
	MaxIdentifierRunes = 200  // identifier, sender, reference identifiers
	MaxURLBytes        = 2048 // photo_url, sample_link
	MaxContents        = 30
	MaxRegions         = 100
	MaxReferences      = 20
	MaxLanguages       = 30
	// MaxAmount bounds amounts to catch typos and keep them printable.
	MaxAmount = 1_000_000
)

// ValidationError says which field of an alert is wrong and why. Field is a
// JSON path into the alert ("contents[1].substance", "advice.pl",
// "regions[0]"), or into the CAP document when the CAP parser found the
// problem ("info[1].severity"); it is empty when the whole body is at fault
// (too large, not XML, a DOCTYPE).
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

// Vocabulary is the substance vocabulary as alerts need it;
// *content.Substances satisfies it.
type Vocabulary interface {
	// Group returns the substance group of a substance id, false when the
	// id is not in the vocabulary.
	Group(substance string) (group string, ok bool)
}

// RegionSet says which region and country codes the deployment knows;
// *content.Regions satisfies it.
type RegionSet interface {
	Valid(code string) bool
}

var language = regexp.MustCompile(`^[a-z]{2,3}$`)

// Validate checks the alert against the rules and the deployment's
// substance vocabulary and regions. It returns nil or a *ValidationError
// naming the first wrong field, in the order the fields are documented.
func (a *Alert) Validate(v Vocabulary, regions RegionSet) error {
	if err := a.validate(v, regions); err != nil {
		return err
	}
	return nil
}

func (a *Alert) validate(v Vocabulary, regions RegionSet) *ValidationError {
	if a.Identifier == "" {
		return invalid("identifier", "is required")
	}
	if err := checkIdentifier("identifier", a.Identifier); err != nil {
		return err
	}
	if a.Sender != "" {
		if err := checkIdentifier("sender", a.Sender); err != nil {
			return err
		}
	}
	if !a.MsgType.Valid() {
		return invalid("msg_type", "must be alert, update or cancel")
	}
	if err := a.validateReferences(); err != nil {
		return err
	}
	if err := checkText("sold_as", a.SoldAs, MaxTextRunes, false); err != nil {
		return err
	}
	if a.Form != "" && !slices.Contains(Forms, a.Form) {
		return invalid("form", "%q is not one of %s", a.Form, formList())
	}
	for _, f := range []struct{ name, value string }{
		{"colour", a.Appearance.Colour}, {"logo", a.Appearance.Logo}, {"shape", a.Appearance.Shape},
		{"size", a.Appearance.Size}, {"weight", a.Appearance.Weight},
	} {
		if err := checkText("appearance."+f.name, f.value, MaxTextRunes, false); err != nil {
			return err
		}
	}
	if err := a.validateContents(v); err != nil {
		return err
	}
	if !a.Severity.Valid() {
		return invalid("severity", "must be information, caution or warning")
	}
	if err := a.validateAdvice(); err != nil {
		return err
	}
	if a.PhotoURL != "" {
		if err := checkURL("photo_url", a.PhotoURL); err != nil {
			return err
		}
	}
	if a.PhotoFileID != "" {
		if err := checkFileID("photo_file_id", a.PhotoFileID); err != nil {
			return err
		}
		if a.PhotoURL != "" {
			return invalid("photo_file_id", "an alert has one photo: photo_url or photo_file_id")
		}
	}
	if err := a.validateRegions(regions); err != nil {
		return err
	}
	if !a.Expires.IsZero() {
		start, name := a.Effective, "effective"
		if start.IsZero() {
			start, name = a.Sent, "sent"
		}
		if !start.IsZero() && !a.Expires.After(start) {
			return invalid("expires", "must be after %s (%s)", name, start.Format(time.RFC3339))
		}
	}
	if err := checkText("sample_reference", a.SampleReference, MaxTextRunes, false); err != nil {
		return err
	}
	if a.SampleLink != "" {
		if err := checkURL("sample_link", a.SampleLink); err != nil {
			return err
		}
	}
	return nil
}

func (a *Alert) validateReferences() *ValidationError {
	switch {
	case a.MsgType == MsgAlert && len(a.References) > 0:
		return invalid("references", "only an update or a cancel refers to earlier alerts")
	case a.MsgType != MsgAlert && len(a.References) == 0:
		return invalid("references", "an %s must name the alert it replaces", a.MsgType)
	case len(a.References) > MaxReferences:
		return invalid("references", "more than %d", MaxReferences)
	}
	for i, r := range a.References {
		field := fmt.Sprintf("references[%d]", i)
		if r.Identifier == "" {
			return invalid(field+".identifier", "is required")
		}
		if err := checkIdentifier(field+".identifier", r.Identifier); err != nil {
			return err
		}
		if r.Identifier == a.Identifier {
			return invalid(field+".identifier", "is this alert's own identifier")
		}
		if r.Sender != "" {
			if err := checkIdentifier(field+".sender", r.Sender); err != nil {
				return err
			}
		}
	}
	return nil
}

func (a *Alert) validateContents(v Vocabulary) *ValidationError {
	if len(a.Contents) == 0 && a.MsgType != MsgCancel {
		return invalid("contents", "name at least one substance found")
	}
	if len(a.Contents) > MaxContents {
		return invalid("contents", "more than %d substances", MaxContents)
	}
	for i, c := range a.Contents {
		field := fmt.Sprintf("contents[%d]", i)
		if c.Substance == "" {
			return invalid(field+".substance", "is required")
		}
		if _, ok := v.Group(c.Substance); !ok {
			return invalid(field+".substance", "%q is not in the substance vocabulary", clip(c.Substance))
		}
		switch {
		case math.IsNaN(c.Amount) || math.IsInf(c.Amount, 0):
			return invalid(field+".amount", "is not a number")
		case c.Amount < 0:
			return invalid(field+".amount", "is negative")
		case c.Amount > MaxAmount:
			return invalid(field+".amount", "is over %d", MaxAmount)
		case c.Trace && (c.Amount != 0 || c.Unit != ""):
			return invalid(field+".trace", "a trace has no amount or unit")
		case c.Amount != 0 && c.Unit == "":
			return invalid(field+".unit", "is required with an amount (one of %s)", strings.Join(Units, ", "))
		case c.Unit != "" && !slices.Contains(Units, c.Unit):
			return invalid(field+".unit", "%q is not one of %s", clip(c.Unit), strings.Join(Units, ", "))
		case c.Unit != "" && c.Amount == 0:
			return invalid(field+".amount", "is required with a unit (for too little to measure, use trace)")
		case c.Unit == "%" && c.Amount > 100:
			return invalid(field+".amount", "is over 100 %%")
		}
		if err := checkText(field+".note", c.Note, MaxTextRunes, false); err != nil {
			return err
		}
	}
	return nil
}

func (a *Alert) validateAdvice() *ValidationError {
	if len(a.Advice) == 0 {
		return invalid("advice", "no language: give the advice in at least one language")
	}
	if len(a.Advice) > MaxLanguages {
		return invalid("advice", "more than %d languages", MaxLanguages)
	}
	for _, lang := range a.Languages() {
		field := "advice." + lang
		if !language.MatchString(lang) {
			return invalid("advice", "%q is not a language code (two or three lower-case letters, such as pl)", clip(lang))
		}
		text := a.Advice[lang]
		if strings.TrimSpace(text) == "" {
			return invalid(field, "is empty")
		}
		if err := checkText(field, text, MaxAdviceRunes, true); err != nil {
			return err
		}
	}
	return nil
}

func (a *Alert) validateRegions(regions RegionSet) *ValidationError {
	if len(a.Regions) == 0 {
		return invalid("regions", "name at least one region")
	}
	if len(a.Regions) > MaxRegions {
		return invalid("regions", "more than %d", MaxRegions)
	}
	for i, code := range a.Regions {
		field := "regions[" + strconv.Itoa(i) + "]"
		if !regions.Valid(code) {
			return invalid(field, "%q is not a known region or country code", clip(code))
		}
		if slices.Index(a.Regions, code) < i {
			return invalid(field, "%s is listed twice", code)
		}
	}
	return nil
}

// checkText checks the length of a partner's text and that it holds only
// characters that survive XML and Telegram: no control characters (other
// than new lines where text may have several lines) and no non-characters.
func checkText(field, s string, maxRunes int, multiline bool) *ValidationError {
	if !utf8.ValidString(s) {
		return invalid(field, "is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > maxRunes {
		return invalid(field, "is %d characters long; at most %d", n, maxRunes)
	}
	for _, r := range s {
		if r == '\n' && multiline {
			continue
		}
		if unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF || unicode.Is(unicode.Cs, r) {
			return invalid(field, "holds a control character (U+%04X)", r)
		}
	}
	return nil
}

// checkIdentifier applies CAP's rule for identifiers and senders: no
// spaces, commas, < or &.
func checkIdentifier(field, s string) *ValidationError {
	if err := checkText(field, s, MaxIdentifierRunes, false); err != nil {
		return err
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '<' || r == '&' }); i >= 0 {
		return invalid(field, "must not hold spaces, commas, < or &")
	}
	return nil
}

// telegramFileID is what Telegram's file ids look like: base64url, well
// under 200 characters.
var telegramFileID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,200}$`)

func checkFileID(field, s string) *ValidationError {
	if !telegramFileID.MatchString(s) {
		return invalid(field, "is not a Telegram file_id")
	}
	return nil
}

// CheckText reports whether s is acceptable as a partner's text of at most
// maxRunes characters, as Validate would: valid UTF-8, no control characters
// (but new lines when multiline). The composer in the bot checks each field
// as it is typed with it; the error is a *ValidationError without a field.
func CheckText(s string, maxRunes int, multiline bool) error {
	if err := checkText("", s, maxRunes, multiline); err != nil {
		return err
	}
	return nil
}

func checkURL(field, s string) *ValidationError {
	if len(s) > MaxURLBytes {
		return invalid(field, "is over %d bytes", MaxURLBytes)
	}
	if err := checkText(field, s, MaxURLBytes, false); err != nil {
		return err
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(s, " \t") {
		return invalid(field, "must be an http or https URL")
	}
	return nil
}

func formList() string {
	names := make([]string, len(Forms))
	for i, f := range Forms {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// clip shortens a partner's value quoted back in an error message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}
