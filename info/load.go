package info

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/peerbot/peerbot/content"
	"github.com/peerbot/peerbot/locales"
	"github.com/peerbot/peerbot/people"
)

// Problem is something wrong with a card's files, worded for the person
// who wrote them: "cards/naloxone/pl.yaml:12: title is longer than 60
// characters". A card with a problem is left out; the others load.
type Problem struct {
	File string
	Line int // 0 when the problem is not on a line (a missing file)
	Msg  string
}

func (p Problem) Error() string {
	if p.Line == 0 {
		return p.File + ": " + p.Msg
	}
	return p.File + ":" + strconv.Itoa(p.Line) + ": " + p.Msg
}

var (
	cardIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,23}$`)
	topicPattern  = regexp.MustCompile(`^[\p{Ll}0-9][\p{Ll}0-9-]*$`)
	yamlLine      = regexp.MustCompile(`line (\d+)`)
)

// ReadCards reads every card folder in fsys (a folder holding one folder
// per card). Files are named in problems as prefix/<id>/<file>. Cards come
// back in list order; broken cards are left out and reported.
func ReadCards(fsys fs.FS, prefix string, subs *content.Substances) ([]*Card, []Problem) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, []Problem{{File: prefix, Msg: "cannot read the folder: " + err.Error()}}
	}
	var cards []*Card
	var problems []Problem
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		sub, err := fs.Sub(fsys, e.Name())
		if err != nil {
			problems = append(problems, Problem{File: path.Join(prefix, e.Name()), Msg: err.Error()})
			continue
		}
		c, ps := readCard(sub, e.Name(), path.Join(prefix, e.Name()), subs)
		problems = append(problems, ps...)
		if len(ps) == 0 {
			cards = append(cards, c)
		}
	}
	sortCards(cards)
	return cards, problems
}

func sortCards(cards []*Card) {
	sort.SliceStable(cards, func(i, j int) bool {
		if cards[i].Order != cards[j].Order {
			return cards[i].Order < cards[j].Order
		}
		return cards[i].ID < cards[j].ID
	})
}

// Load reads the built-in cards from builtin, then an organisation's from
// dir/cards when dir is set (CONTENT_DIR): a card there replaces the
// built-in card of the same id, or adds a new one. A broken card is
// reported and left out (a broken replacement keeps the built-in card).
// The error is for a dir that cannot be read at all.
func Load(builtin fs.FS, dir string, subs *content.Substances) (*Library, []Problem, error) {
	cards, problems := ReadCards(builtin, "content/cards", subs)
	if dir != "" {
		folder := filepath.Join(dir, "cards")
		info, err := os.Stat(folder)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			// An organisation without cards of its own.
		case err != nil:
			return nil, nil, fmt.Errorf("reading cards: %w", err)
		case !info.IsDir():
			return nil, nil, fmt.Errorf("reading cards: %s is not a folder", folder)
		default:
			extra, ps := ReadCards(os.DirFS(folder), folder, subs)
			problems = append(problems, ps...)
			cards = merge(cards, extra)
		}
	}
	return NewLibrary(cards, subs), problems, nil
}

// merge returns base with the cards of extra added, replacing those of the
// same id.
func merge(base, extra []*Card) []*Card {
	out := slices.Clone(base)
	for _, c := range extra {
		if i := slices.IndexFunc(out, func(b *Card) bool { return b.ID == c.ID }); i >= 0 {
			out[i] = c
		} else {
			out = append(out, c)
		}
	}
	sortCards(out)
	return out
}

// cardFile is the language-independent card.yaml.
type cardFile struct {
	ID         string   `yaml:"id"`
	Version    int      `yaml:"version"`
	Order      int      `yaml:"order"`
	Topics     []string `yaml:"topics"`
	Substances []string `yaml:"substances"`
	Groups     []string `yaml:"groups"`
}

// textFile is one <lang>.yaml.
type textFile struct {
	Title    string   `yaml:"title"`
	Keywords []string `yaml:"keywords"`
	Text     string   `yaml:"text"`
	Pages    []string `yaml:"pages"`
}

// reporter collects the problems of one file.
type reporter struct {
	file     string
	problems []Problem
}

func (r *reporter) add(line int, format string, args ...any) {
	r.problems = append(r.problems, Problem{File: r.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// readCard reads one card folder; folder is its name, where its name in
// problems.
func readCard(fsys fs.FS, folder, where string, subs *content.Substances) (*Card, []Problem) {
	r := &reporter{file: path.Join(where, "card.yaml")}
	var cf cardFile
	lines, ok := parseYAML(fsys, "card.yaml", r, &cf, []string{"id", "version", "order", "topics", "substances", "groups"})
	if !ok {
		return nil, r.problems
	}
	if !cardIDPattern.MatchString(cf.ID) {
		r.add(lines.of("id"), "id %q must be 2 to 24 lower-case letters, digits and dashes", cf.ID)
	} else if cf.ID != folder {
		r.add(lines.of("id"), "id %q must equal the folder name %q", cf.ID, folder)
	}
	if cf.Version < 1 {
		r.add(lines.of("version"), "version must be a whole number from 1")
	}
	if cf.Order < 0 {
		r.add(lines.of("order"), "order must not be negative")
	}
	for i, t := range cf.Topics {
		if !topicPattern.MatchString(t) {
			r.add(lines.item("topics", i), "topic %q must be a lower-case word", t)
		}
	}
	for i, s := range cf.Substances {
		if _, ok := subs.Substance(s); !ok {
			r.add(lines.item("substances", i), "substance %q is not in the substance vocabulary (content/substances.yaml)", s)
		}
	}
	for i, g := range cf.Groups {
		if !slices.Contains(people.SubstanceGroups, g) {
			r.add(lines.item("groups", i), "group %q is not one of %s", g, strings.Join(people.SubstanceGroups, ", "))
		}
	}
	card := &Card{ID: CardID(cf.ID), Version: cf.Version, Order: cf.Order, Topics: cf.Topics,
		Substances: cf.Substances, Groups: cf.Groups, Texts: map[string]*Text{}, Source: where}

	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		r.add(0, "cannot read the folder: %v", err)
		return nil, r.problems
	}
	problems := r.problems
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || name == "card.yaml" || !strings.HasSuffix(name, ".yaml") {
			continue
		}
		lang := strings.TrimSuffix(name, ".yaml")
		tr := &reporter{file: path.Join(where, name)}
		if !locales.Supported(lang) {
			tr.add(0, "%q is not a supported language (%s)", lang, strings.Join(locales.Languages, ", "))
		} else if t := readText(fsys, name, tr); t != nil {
			card.Texts[lang] = t
		}
		problems = append(problems, tr.problems...)
	}
	if _, ok := card.Texts[FallbackLanguage]; !ok && !hasFile(problems, path.Join(where, FallbackLanguage+".yaml")) {
		problems = append(problems, Problem{File: path.Join(where, FallbackLanguage+".yaml"), Msg: "missing: every card needs English, shown when the person's language is missing"})
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return card, nil
}

func hasFile(ps []Problem, file string) bool {
	return slices.ContainsFunc(ps, func(p Problem) bool { return p.File == file })
}

// readText reads and checks one <lang>.yaml; nil when it has problems.
func readText(fsys fs.FS, name string, r *reporter) *Text {
	var tf textFile
	lines, ok := parseYAML(fsys, name, r, &tf, []string{"title", "keywords", "text", "pages"})
	if !ok {
		return nil
	}
	before := len(r.problems)
	title := strings.TrimSpace(tf.Title)
	switch {
	case title == "":
		r.add(lines.of("title"), "title is missing")
	case utf8.RuneCountInString(title) > MaxTitle:
		r.add(lines.of("title"), "title is %d characters, more than %d", utf8.RuneCountInString(title), MaxTitle)
	case strings.ContainsAny(title, "<>\n"):
		r.add(lines.of("title"), "title is plain text: no tags or line breaks")
	}
	if len(tf.Keywords) > MaxKeywords {
		r.add(lines.of("keywords"), "%d keywords, more than %d", len(tf.Keywords), MaxKeywords)
	}
	for i, k := range tf.Keywords {
		if strings.TrimSpace(k) == "" || utf8.RuneCountInString(k) > MaxKeyword || len(Tokens(k)) == 0 {
			r.add(lines.item("keywords", i), "keyword %q must be a word or phrase of at most %d characters", k, MaxKeyword)
		}
	}
	pages := tf.Pages
	switch {
	case tf.Text != "" && len(tf.Pages) > 0:
		r.add(lines.of("pages"), "give either text or pages, not both")
	case tf.Text != "":
		pages = []string{tf.Text}
	case len(pages) == 0:
		r.add(lines.of("title"), "text is missing")
	case len(pages) > MaxPages:
		r.add(lines.of("pages"), "%d pages, more than %d", len(pages), MaxPages)
	}
	for i, p := range pages {
		line := lines.item("pages", i)
		if tf.Text != "" {
			line = lines.of("text")
		}
		p = strings.TrimSpace(p)
		pages[i] = p
		plain, err := plainText(p)
		switch {
		case p == "":
			r.add(line, "page %d is empty", i+1)
		case err != nil:
			r.add(line, "page %d: %v", i+1, err)
		case utf8.RuneCountInString(plain) > MaxPage:
			r.add(line, "page %d is %d characters, more than %d (one phone screen): split it into pages", i+1, utf8.RuneCountInString(plain), MaxPage)
		}
	}
	if len(r.problems) > before {
		return nil
	}
	return &Text{Title: title, Keywords: tf.Keywords, Pages: pages}
}

// keyLines are the lines of a YAML mapping's keys and of their values'
// items, for problems to point at.
type keyLines map[string]*yaml.Node

func (k keyLines) of(key string) int {
	if n := k[key]; n != nil {
		return n.Line
	}
	return 1
}

func (k keyLines) item(key string, i int) int {
	if n := k[key]; n != nil && n.Kind == yaml.SequenceNode && i < len(n.Content) {
		return n.Content[i].Line
	}
	return k.of(key)
}

// parseYAML reads name into v, reporting syntax errors, keys that are not
// in known and values of the wrong kind, with their lines. ok is false
// when v could not be read.
func parseYAML(fsys fs.FS, name string, r *reporter, v any, known []string) (keyLines, bool) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		r.add(0, "cannot read: %v", errors.Unwrap(err))
		if errors.Is(err, fs.ErrNotExist) {
			r.problems[len(r.problems)-1].Msg = "missing"
		}
		return nil, false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		r.add(yamlErrorLine(err), "not valid YAML: %s", yamlMessage(err))
		return nil, false
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		r.add(1, "must be a mapping of keys to values")
		return nil, false
	}
	m := doc.Content[0]
	lines := keyLines{}
	ok := true
	for i := 0; i+1 < len(m.Content); i += 2 {
		key, val := m.Content[i], m.Content[i+1]
		switch {
		case !slices.Contains(known, key.Value):
			r.add(key.Line, "unknown key %q (known: %s)", key.Value, strings.Join(known, ", "))
			ok = false
		}
		lines[key.Value] = val
	}
	if err := m.Decode(v); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, e := range te.Errors {
				r.add(yamlErrorLine(errors.New(e)), "%s", yamlMessage(errors.New(e)))
			}
		} else {
			r.add(1, "%s", yamlMessage(err))
		}
		ok = false
	}
	return lines, ok
}

func yamlErrorLine(err error) int {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 1
}

// yamlMessage is a YAML error without its "yaml: line N:" prefix.
func yamlMessage(err error) string {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	if loc := yamlLine.FindStringIndex(s); loc != nil && loc[0] == 0 {
		s = strings.TrimLeft(s[loc[1]:], ": ")
	}
	return s
}
