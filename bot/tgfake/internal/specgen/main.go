// Command specgen turns the machine-readable Bot API reference
// (telegram-bot-api-spec's api.json) into the compact table the fake
// validates every call against: per method and per type, each field's name,
// types, whether it is required, and the length limits that only appear in
// the prose of the descriptions ("1-4096 characters after entities parsing").
//
// Run it from bot/tgfake with `go generate`; it writes spec.json there.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// source is the subset of api.json the generator reads.
type source struct {
	Version string                  `json:"version"`
	Methods map[string]sourceMethod `json:"methods"`
	Types   map[string]sourceType   `json:"types"`
}

type sourceMethod struct {
	Fields []sourceField `json:"fields"`
}

type sourceType struct {
	Description []string      `json:"description"`
	Fields      []sourceField `json:"fields"`
	Subtypes    []string      `json:"subtypes"`
}

type sourceField struct {
	Name        string   `json:"name"`
	Types       []string `json:"types"`
	Required    bool     `json:"required"`
	Description string   `json:"description"`
}

// Field and TypeSpec mirror the structs of the same name in the tgfake
// package; they are repeated here because the package embeds the output.
type Field struct {
	Name           string   `json:"name"`
	Types          []string `json:"types"`
	Required       bool     `json:"required,omitempty"`
	RequiredUnless []string `json:"required_unless,omitempty"`
	Unit           string   `json:"unit,omitempty"`
	Min            int      `json:"min,omitempty"`
	Max            int      `json:"max,omitempty"`
	Parsed         bool     `json:"parsed,omitempty"`
	Const          string   `json:"const,omitempty"`
}

type TypeSpec struct {
	Fields           []Field  `json:"fields,omitempty"`
	Subtypes         []string `json:"subtypes,omitempty"`
	ExactlyOneExcept []string `json:"exactly_one_except,omitempty"`
	AtMostOneExcept  []string `json:"at_most_one_except,omitempty"`
}

type Spec struct {
	Version string              `json:"version"`
	Methods map[string][]Field  `json:"methods"`
	Types   map[string]TypeSpec `json:"types"`
}

var (
	// "1-4096 characters", "0-64 bytes"; the first range in a description is
	// the field's own (later ones describe other things).
	lengthRe = regexp.MustCompile(`\b(\d+)-(\d+) (characters|bytes)\b`)
	// "A JSON-serialized list of 1-100 identifiers".
	itemsRe = regexp.MustCompile(`list of (\d+)-(\d+) `)
	// "At most 100 commands can be specified."
	atMostRe       = regexp.MustCompile(`At most (\d+) [a-z ]+ can be specified`)
	requiredUnless = regexp.MustCompile(`[Rr]equired if ([a-z_]+(?: and [a-z_]+)*) (?:is not|are not|isn't|aren't) specified`)
	// Subtype discriminators: "Scope type, must be chat".
	constRe = regexp.MustCompile(`(?:must be|always) "?([a-z0-9_]+)"?$`)
	// "Exactly one of the fields other than text, icon_custom_emoji_id, and style must be used".
	exceptRe = regexp.MustCompile(`(Exactly|At most) one of the fields other than ([a-z_, ]+?) must be used`)
)

func main() {
	in := flag.String("in", "../../../shared/telegram-bot-api-spec/api.json", "path to api.json")
	out := flag.String("out", "spec.json", "output file")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "specgen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	raw, err := os.ReadFile(in)
	if err != nil {
		return fmt.Errorf("reading spec: %w", err)
	}
	var src source
	if err := json.Unmarshal(raw, &src); err != nil {
		return fmt.Errorf("decoding spec: %w", err)
	}
	spec := Spec{Version: src.Version, Methods: map[string][]Field{}, Types: map[string]TypeSpec{}}
	for name, m := range src.Methods {
		spec.Methods[name] = convertFields(m.Fields)
	}
	for _, name := range reachable(src) {
		t := src.Types[name]
		ts := TypeSpec{Fields: convertFields(t.Fields), Subtypes: t.Subtypes}
		for _, line := range t.Description {
			if m := exceptRe.FindStringSubmatch(line); m != nil {
				names := splitNames(m[2])
				if m[1] == "Exactly" {
					ts.ExactlyOneExcept = names
				} else {
					ts.AtMostOneExcept = names
				}
			}
		}
		spec.Types[name] = ts
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(spec); err != nil {
		return fmt.Errorf("encoding table: %w", err)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing table: %w", err)
	}
	return nil
}

// reachable lists the types a method parameter can hold, directly or
// nested: only those are needed to validate requests.
func reachable(src source) []string {
	seen := map[string]bool{}
	var visit func(types []string)
	visit = func(types []string) {
		for _, t := range types {
			t = strings.TrimPrefix(strings.TrimPrefix(t, "Array of "), "Array of ")
			st, ok := src.Types[t]
			if !ok || seen[t] {
				continue
			}
			seen[t] = true
			for _, f := range st.Fields {
				visit(f.Types)
			}
			visit(st.Subtypes)
		}
	}
	for _, m := range src.Methods {
		for _, f := range m.Fields {
			visit(f.Types)
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func splitNames(s string) []string {
	s = strings.ReplaceAll(s, " and ", ",")
	var names []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			names = append(names, p)
		}
	}
	sort.Strings(names)
	return names
}

func convertFields(in []sourceField) []Field {
	out := make([]Field, 0, len(in))
	for _, f := range in {
		out = append(out, convertField(f))
	}
	return out
}

func convertField(f sourceField) Field {
	out := Field{Name: f.Name, Types: f.Types, Required: f.Required}
	d := f.Description
	if m := requiredUnless.FindStringSubmatch(d); m != nil && !f.Required {
		out.RequiredUnless = strings.Split(m[1], " and ")
	}
	if isString(f.Types) {
		if m := lengthRe.FindStringSubmatchIndex(d); m != nil {
			out.Min, _ = strconv.Atoi(d[m[2]:m[3]])
			out.Max, _ = strconv.Atoi(d[m[4]:m[5]])
			if d[m[6]:m[7]] == "bytes" {
				out.Unit = "bytes"
			} else {
				out.Unit = "chars"
			}
			rest := d[m[1]:]
			out.Parsed = strings.HasPrefix(rest, " after entities parsing") ||
				strings.HasPrefix(rest, " after entity parsing") ||
				strings.Contains(rest, "after entities parsing")
		}
		if f.Name == "type" && f.Required {
			if m := constRe.FindStringSubmatch(strings.TrimSuffix(d, ".")); m != nil {
				out.Const = m[1]
			}
		}
	}
	if isArray(f.Types) {
		if m := itemsRe.FindStringSubmatch(d); m != nil {
			out.Unit = "items"
			out.Min, _ = strconv.Atoi(m[1])
			out.Max, _ = strconv.Atoi(m[2])
		} else if m := atMostRe.FindStringSubmatch(d); m != nil {
			out.Unit = "items"
			out.Max, _ = strconv.Atoi(m[1])
		}
	}
	return out
}

func isString(types []string) bool {
	return len(types) == 1 && types[0] == "String"
}

func isArray(types []string) bool {
	return len(types) == 1 && strings.HasPrefix(types[0], "Array of ")
}
