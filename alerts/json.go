package alerts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// MaxBody is the largest alert body accepted, JSON or CAP.
const MaxBody = 1 << 20

// DecodeJSON reads an alert in the JSON form documented in docs/alerts.md.
// It checks the shape only (unknown fields, wrong types, size) and trims
// text and keeps times in UTC to the second; run Validate next. Problems
// come back as a *ValidationError naming the field.
func DecodeJSON(r io.Reader) (*Alert, error) {
	body, err := io.ReadAll(io.LimitReader(r, MaxBody+1))
	if err != nil {
		return nil, fmt.Errorf("reading alert: %w", err)
	}
	if len(body) > MaxBody {
		return nil, invalid("", "the body is over %d bytes", MaxBody)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var a Alert
	if err := dec.Decode(&a); err != nil {
		return nil, jsonProblem(err)
	}
	if dec.More() {
		return nil, invalid("", "the body holds more than one JSON value")
	}
	if a.PhotoFileID != "" {
		return nil, invalid("photo_file_id", "is set only for alerts composed in the bot; send photo_url")
	}
	a.normalize()
	return &a, nil
}

// EncodeJSON writes an alert in the same form DecodeJSON reads.
func EncodeJSON(w io.Writer, a *Alert) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(a); err != nil {
		return fmt.Errorf("encoding alert: %w", err)
	}
	return nil
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
		return invalid(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "is not a field of an alert")
	}
	// Errors from the types' own UnmarshalText (severity, msg_type) or from
	// time parsing say what is wrong but not where.
	var timeErr *time.ParseError
	if errors.As(err, &timeErr) {
		return invalid("", "a time is not in RFC 3339 form (2026-11-20T10:00:00Z): %s", timeErr.Value)
	}
	return invalid("", "%s", strings.TrimPrefix(err.Error(), "json: "))
}

// normalize trims partner text and keeps times in UTC to the second, so
// that every codec reads the same alert from the same content.
func (a *Alert) normalize() {
	trim := strings.TrimSpace
	a.Identifier, a.Sender = trim(a.Identifier), trim(a.Sender)
	a.Sent = normalTime(a.Sent)
	for i := range a.References {
		r := &a.References[i]
		r.Identifier, r.Sender, r.Sent = trim(r.Identifier), trim(r.Sender), normalTime(r.Sent)
	}
	a.SoldAs = trim(a.SoldAs)
	a.Form = Form(trim(string(a.Form)))
	ap := &a.Appearance
	ap.Colour, ap.Logo, ap.Shape, ap.Size, ap.Weight = trim(ap.Colour), trim(ap.Logo), trim(ap.Shape), trim(ap.Size), trim(ap.Weight)
	for i := range a.Contents {
		c := &a.Contents[i]
		c.Substance, c.Unit, c.Note = trim(c.Substance), trim(c.Unit), trim(c.Note)
	}
	for lang, text := range a.Advice {
		a.Advice[lang] = trim(text)
	}
	a.PhotoURL, a.PhotoFileID = trim(a.PhotoURL), trim(a.PhotoFileID)
	for i := range a.Regions {
		a.Regions[i] = trim(a.Regions[i])
	}
	a.Effective, a.Expires = normalTime(a.Effective), normalTime(a.Expires)
	a.SampleReference, a.SampleLink = trim(a.SampleReference), trim(a.SampleLink)
}

func normalTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Second)
}
