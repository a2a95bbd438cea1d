package tgfake

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

//go:generate go run ./internal/specgen

// specJSON is the compact Bot API table written by internal/specgen from
// telegram-bot-api-spec's api.json (see SPEC-LICENSE).
//
//go:embed spec.json
var specJSON []byte

// Field is one parameter of a method or one field of a type in the table.
type Field struct {
	Name     string   `json:"name"`
	Types    []string `json:"types"`
	Required bool     `json:"required,omitempty"`
	// RequiredUnless lists parameters that, when all present, make this one
	// optional ("Required if inline_message_id is not specified").
	RequiredUnless []string `json:"required_unless,omitempty"`
	// Unit is "chars", "bytes" or "items" when Min and Max are a limit.
	Unit string `json:"unit,omitempty"`
	Min  int    `json:"min,omitempty"`
	Max  int    `json:"max,omitempty"`
	// Parsed says the limit applies to the text after entities parsing.
	Parsed bool `json:"parsed,omitempty"`
	// Const is the value a subtype's "type" field must have.
	Const string `json:"const,omitempty"`
}

// TypeSpec is one object type of the table.
type TypeSpec struct {
	Fields   []Field  `json:"fields,omitempty"`
	Subtypes []string `json:"subtypes,omitempty"`
	// ExactlyOneExcept and AtMostOneExcept name the fields outside the
	// "exactly one (at most one) of the other fields" rule of a button.
	ExactlyOneExcept []string `json:"exactly_one_except,omitempty"`
	AtMostOneExcept  []string `json:"at_most_one_except,omitempty"`
}

// Spec is the whole table: Bot API methods and the types their parameters use.
type Spec struct {
	Version string              `json:"version"`
	Methods map[string][]Field  `json:"methods"`
	Types   map[string]TypeSpec `json:"types"`
	// lower maps lower-cased method names to their spelling: Telegram
	// matches method names case-insensitively.
	lower map[string]string
}

// loadSpec decodes the embedded table.
func loadSpec() (*Spec, error) {
	var sp Spec
	if err := json.Unmarshal(specJSON, &sp); err != nil {
		return nil, fmt.Errorf("decoding embedded spec: %w", err)
	}
	sp.lower = make(map[string]string, len(sp.Methods))
	for name := range sp.Methods {
		sp.lower[strings.ToLower(name)] = name
	}
	return &sp, nil
}

// BotAPISpec returns the table the fake validates against, so other
// packages can check their own limits against the same source.
func BotAPISpec() (*Spec, error) { return loadSpec() }

// method finds a method by name, case-insensitively.
func (sp *Spec) method(name string) (string, []Field, bool) {
	canon, ok := sp.lower[strings.ToLower(name)]
	if !ok {
		return "", nil, false
	}
	return canon, sp.Methods[canon], true
}

// field finds a parameter of a method.
func (sp *Spec) field(method, name string) (Field, bool) {
	for _, f := range sp.Methods[method] {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}
