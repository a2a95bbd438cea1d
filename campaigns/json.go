package campaigns

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxBody is the largest campaign document read, in bytes: eight texts of
// 4,096 characters fit with room to spare.
const MaxBody = 256 << 10

// draftDoc is what an organisation sends to create a campaign; the other
// fields (status, times, author) are the service's.
type draftDoc struct {
	Texts       map[string]string `json:"texts"`
	DefaultLang string            `json:"default_lang"`
	PhotoURL    string            `json:"photo_url"`
	Buttons     []Button          `json:"buttons"`
	Segment     Segment           `json:"segment"`
	QuietStart  *int              `json:"quiet_start"`
	QuietEnd    *int              `json:"quiet_end"`
}

// DecodeJSON reads a new campaign from its JSON document (see
// docs/campaigns.md) as a draft. It does not validate it (Validate does);
// problems reading it come back as a *ValidationError naming the field.
// default_lang may be left out when there is a text in one language only;
// quiet hours left out are the defaults.
func DecodeJSON(r io.Reader) (*Campaign, error) {
	body, err := io.ReadAll(io.LimitReader(r, MaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("reading campaign: %w", err)
	}
	if len(body) > MaxBody {
		return nil, invalid("", "the body is over %d bytes", MaxBody)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var d draftDoc
	if err := dec.Decode(&d); err != nil {
		return nil, jsonProblem(err)
	}
	if dec.More() {
		return nil, invalid("", "the body holds more than one JSON value")
	}
	c := &Campaign{
		Status: Draft, Texts: map[string]string{}, DefaultLang: strings.TrimSpace(d.DefaultLang),
		PhotoURL: strings.TrimSpace(d.PhotoURL), Buttons: d.Buttons, Segment: d.Segment,
		QuietStart: DefaultQuietStart, QuietEnd: DefaultQuietEnd,
	}
	for lang, text := range d.Texts {
		c.Texts[lang] = strings.TrimSpace(text)
	}
	if c.DefaultLang == "" && len(c.Texts) == 1 {
		for lang := range c.Texts {
			c.DefaultLang = lang
		}
	}
	for i := range c.Buttons {
		c.Buttons[i].URL = strings.TrimSpace(c.Buttons[i].URL)
		for lang, label := range c.Buttons[i].Text {
			c.Buttons[i].Text[lang] = strings.TrimSpace(label)
		}
	}
	if d.QuietStart != nil {
		c.QuietStart = *d.QuietStart
	}
	if d.QuietEnd != nil {
		c.QuietEnd = *d.QuietEnd
	}
	return c, nil
}

// jsonProblem turns a decoding error into a ValidationError naming the field
// where the standard library says which one it was.
func jsonProblem(err error) *ValidationError {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return invalid(typeErr.Field, "must be %s", typeErr.Type)
	case errors.As(err, &syntaxErr):
		return invalid("", "not valid JSON at byte %d", syntaxErr.Offset)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("", "the body is empty or cut short")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return invalid(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "is not a field of a campaign")
	}
	return invalid("", "%s", strings.TrimPrefix(err.Error(), "json: "))
}
