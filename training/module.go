// Package training is the peer-training domain: modules of short lessons and
// a quiz, loaded from YAML folders (see docs in content/modules/README.md),
// validated so every message fits Telegram, the quiz rules (scoring, pass
// mark, retrying only the questions missed), a person's progress, and
// completion codes that staff can verify without learning who passed.
//
// Nothing here talks to a database or to Telegram: the postgres package
// stores progress and stats, the flows package offers modules in the chat.
package training

import (
	"cmp"
	"fmt"
	"slices"
)

// ModuleID names a module: [a-z0-9-]{2,24}, equal to its folder name.
type ModuleID string

// LessonID names a lesson within a module.
type LessonID string

// QuestionID names a quiz question within a module.
type QuestionID string

// OptionID names an answer option within a question: one letter a-z.
type OptionID string

// Audience says who may see a module.
type Audience string

// The audiences.
const (
	// Everyone: every onboarded person sees the module.
	Everyone Audience = "everyone"
	// Peers: only members of an organisation (peer workers and staff).
	Peers Audience = "peers"
)

// Kind is the kind of a quiz question.
type Kind string

// The question kinds.
const (
	// Single: exactly one option is right; one tap answers.
	Single Kind = "single"
	// Multiple: one or more options are right; the person toggles options
	// and then checks.
	Multiple Kind = "multiple"
)

// Fallback is the language every module has, and the one shown when a
// module is not in the person's language.
const Fallback = "en"

// Module is one training module: language-independent metadata and the
// texts in each language it is written in.
type Module struct {
	ID        ModuleID
	Version   int
	Order     int
	Audience  Audience
	Minutes   int
	PassMark  int // percent of questions right to pass, 1..100
	Topics    []string
	Lessons   []LessonID
	Questions []Question
	// Texts by language code; Fallback is always present.
	Texts map[string]*Texts
	// Images are the lesson images by file name, read from the folder.
	Images map[string][]byte
}

// Question is the language-independent part of a quiz question.
type Question struct {
	ID      QuestionID
	Kind    Kind
	Options []OptionID
	Correct []OptionID
}

// IsCorrect reports whether chosen is exactly the set of correct options.
func (q Question) IsCorrect(chosen []OptionID) bool {
	if len(chosen) != len(q.Correct) {
		return false
	}
	for _, c := range chosen {
		if !slices.Contains(q.Correct, c) {
			return false
		}
	}
	return true
}

// Texts are a module's texts in one language.
type Texts struct {
	Title     string
	Summary   string
	Lessons   []LessonText
	Questions []QuestionText
}

// LessonText is one lesson: Telegram HTML, and an optional image file.
type LessonText struct {
	ID    LessonID
	Text  string
	Image string

	imageLine int // where image is given, for problems
}

// QuestionText is a question and its options, in plain text.
type QuestionText struct {
	ID      QuestionID
	Text    string
	Options []OptionText
}

// OptionText is one answer option and why it is right or wrong.
type OptionText struct {
	ID      OptionID
	Text    string
	Explain string
}

// In returns the module's texts in lang, or in English with fallback set
// when the module is not written in lang.
func (m *Module) In(lang string) (t *Texts, fallback bool) {
	if t, ok := m.Texts[lang]; ok {
		return t, false
	}
	return m.Texts[Fallback], true
}

// Languages lists the languages the module is written in, sorted.
func (m *Module) Languages() []string {
	var out []string
	for l := range m.Texts {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// QuestionIndex returns the position of question id, or -1.
func (m *Module) QuestionIndex(id QuestionID) int {
	return slices.IndexFunc(m.Questions, func(q Question) bool { return q.ID == id })
}

// Catalog is the set of modules a deployment offers, in list order. It is
// read-only once built and safe for concurrent use.
type Catalog struct {
	modules []*Module
	byID    map[ModuleID]*Module
}

// NewCatalog orders modules by their order field, then id. A module whose
// id is taken already, or whose completion codes would be mistaken for
// another's, is left out with a problem: built-ins come first, so an
// organisation's folder cannot replace a built-in module.
func NewCatalog(modules ...*Module) (*Catalog, []Problem) {
	c := &Catalog{byID: make(map[ModuleID]*Module)}
	hashes := make(map[uint64]ModuleID)
	var probs []Problem
	for _, m := range modules {
		file := string(m.ID) + "/module.yaml"
		if _, dup := c.byID[m.ID]; dup {
			probs = append(probs, Problem{File: file, Msg: fmt.Sprintf("a module with id %q is loaded already", m.ID)})
			continue
		}
		if other, clash := hashes[moduleHash(m.ID)]; clash {
			probs = append(probs, Problem{File: file, Msg: fmt.Sprintf("id %q cannot be told apart from %q in completion codes; choose another id", m.ID, other)})
			continue
		}
		hashes[moduleHash(m.ID)] = m.ID
		c.byID[m.ID] = m
		c.modules = append(c.modules, m)
	}
	slices.SortStableFunc(c.modules, func(a, b *Module) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.ID, b.ID))
	})
	return c, probs
}

// Module returns the module with id, or nil.
func (c *Catalog) Module(id ModuleID) *Module {
	if c == nil {
		return nil
	}
	return c.byID[id]
}

// All returns every module in list order.
func (c *Catalog) All() []*Module {
	if c == nil {
		return nil
	}
	return c.modules
}

// Visible returns the modules a person sees: public ones, and peer-only
// ones when they are a member of an organisation.
func (c *Catalog) Visible(peer bool) []*Module {
	var out []*Module
	for _, m := range c.All() {
		if m.Audience == Everyone || peer {
			out = append(out, m)
		}
	}
	return out
}
