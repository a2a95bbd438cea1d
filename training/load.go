package training

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/peerbot/peerbot/locales"
)

// Problem is one thing wrong with a module folder, with the file and line
// it is on (Line 0 when it is about the file or folder as a whole).
type Problem struct {
	File string
	Line int
	Msg  string
}

// String is "file:line: problem", the form editors and CI jump to.
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return p.File + ": " + p.Msg
}

// Problems is a list of problems; as an error it says how many and the
// first.
type Problems []Problem

func (ps Problems) Error() string {
	if len(ps) == 0 {
		return "no problems"
	}
	if len(ps) == 1 {
		return ps[0].String()
	}
	return fmt.Sprintf("%s (and %d more problems)", ps[0], len(ps)-1)
}

// Limits of the module format (see content/modules/README.md).
const (
	MaxTitle       = 60
	MaxSummary     = 200
	MaxLesson      = 900 // characters a person sees, after HTML
	MaxQuestion    = 300
	MaxOption      = 120
	MaxExplain     = 350
	MinQuestions   = 5
	MaxQuestions   = 10
	MinOptions     = 2
	MaxOptions     = 6
	MaxVersion     = 127 // completion codes hold 7 bits of version
	MaxImageBytes  = 10 << 20
	telegramText   = 4096
	telegramCaptio = 1024
	telegramData   = 64
	// headerRoom is kept free in every message for what the chat adds
	// around module text: "Lesson 3 of 6", the title, "Question 2 of 8".
	headerRoom = 160
)

var (
	moduleIDPattern = regexp.MustCompile(`^[a-z0-9-]{2,24}$`)
	itemIDPattern   = regexp.MustCompile(`^[a-z0-9-]{1,16}$`)
	optionPattern   = regexp.MustCompile(`^[a-z]$`)
	topicPattern    = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
)

// LoadOptions say what a folder must hold.
type LoadOptions struct {
	// Require are the languages every module must be complete in, besides
	// English (built-ins: pt, pl, uk).
	Require []string
}

// BuiltinLanguages are the languages built-in modules are complete in.
var BuiltinLanguages = []string{"en", "pt", "pl", "uk"}

// LoadAll loads every module folder directly under root in fsys. name is
// how problems name root ("content/modules", or the directory given on the
// command line). Broken modules are left out and their problems returned;
// files at the top (a README) are ignored.
func LoadAll(fsys fs.FS, root, name string, opts LoadOptions) ([]*Module, []Problem) {
	entries, err := fs.ReadDir(fsys, root)
	if err != nil {
		return nil, []Problem{{File: name, Msg: "cannot read the folder: " + unwrapPath(err)}}
	}
	var mods []*Module
	var probs []Problem
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		m, ps := LoadModule(fsys, path.Join(root, e.Name()), path.Join(name, e.Name()), opts)
		probs = append(probs, ps...)
		if m != nil {
			mods = append(mods, m)
		}
	}
	return mods, probs
}

// unwrapPath drops the path from a *fs.PathError: problems name the file
// already.
func unwrapPath(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// LoadModule loads and validates the module folder dir of fsys. name is how
// problems name the folder. It returns nil and the problems when there are
// any: a module with a problem is never half-offered.
func LoadModule(fsys fs.FS, dir, name string, opts LoadOptions) (*Module, []Problem) {
	var probs []Problem
	file := func(f string) string { return path.Join(name, f) }
	meta := &parser{file: file("module.yaml"), probs: &probs}
	m := &Module{Texts: map[string]*Texts{}, Images: map[string][]byte{}}
	if root := meta.document(fsys, path.Join(dir, "module.yaml")); root != nil {
		meta.module(root, m, path.Base(name))
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		probs = append(probs, Problem{File: name, Msg: "cannot read the folder: " + unwrapPath(err)})
		return nil, probs
	}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || n == "module.yaml" || !strings.HasSuffix(n, ".yaml") {
			continue
		}
		lang := strings.TrimSuffix(n, ".yaml")
		p := &parser{file: file(n), probs: &probs}
		if !slices.Contains(locales.Languages, lang) {
			p.errf(nil, "%q is not a language the bot speaks (one of %s)", lang, strings.Join(locales.Languages, ", "))
			continue
		}
		root := p.document(fsys, path.Join(dir, n))
		if root == nil {
			continue
		}
		t := p.texts(root, m)
		if t != nil {
			m.Texts[lang] = t
			p.images(fsys, dir, t, m)
		}
	}
	for _, lang := range append([]string{Fallback}, opts.Require...) {
		if _, ok := m.Texts[lang]; !ok && !hasProblemIn(probs, file(lang+".yaml")) {
			probs = append(probs, Problem{File: file(lang + ".yaml"), Msg: "missing: every module needs this language"})
		}
	}
	if len(probs) > 0 {
		slices.SortStableFunc(probs, func(a, b Problem) int {
			return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
		})
		return nil, probs
	}
	return m, nil
}

func hasProblemIn(probs []Problem, file string) bool {
	return slices.ContainsFunc(probs, func(p Problem) bool { return p.File == file })
}

// parser reads one YAML file through yaml.Node, so that every problem has
// its line.
type parser struct {
	file  string
	probs *[]Problem
}

func (p *parser) errf(n *yaml.Node, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	*p.probs = append(*p.probs, Problem{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// document reads and parses the file, returning its top node.
func (p *parser) document(fsys fs.FS, name string) *yaml.Node {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			p.errf(nil, "missing")
		} else {
			p.errf(nil, "cannot read: %s", unwrapPath(err))
		}
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := yamlErrorLine(err)
		*p.probs = append(*p.probs, Problem{File: p.file, Line: line, Msg: msg})
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		p.errf(nil, "the file is empty")
		return nil
	}
	return doc.Content[0]
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlErrorLine pulls the line out of the YAML library's syntax error.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, "YAML: " + m[2]
	}
	return 0, "YAML: " + strings.TrimPrefix(msg, "yaml: ")
}

// fields checks that n is a mapping with only the known keys, each once, and
// the required ones present, and returns the values by key.
func (p *parser) fields(n *yaml.Node, what string, required []string, optional ...string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		p.errf(n, "%s must be a mapping of keys to values", what)
		return nil
	}
	out := make(map[string]*yaml.Node)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !slices.Contains(required, k.Value) && !slices.Contains(optional, k.Value):
			p.errf(k, "unknown key %q in %s", k.Value, what)
		case out[k.Value] != nil:
			p.errf(k, "key %q given twice", k.Value)
		default:
			out[k.Value] = v
		}
	}
	for _, r := range required {
		if out[r] == nil {
			p.errf(n, "%s: missing key %q", what, r)
		}
	}
	return out
}

// str returns a scalar's text, trimmed; ok is false (and a problem noted)
// when n is not a scalar.
func (p *parser) str(n *yaml.Node, key string) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		p.errf(n, "%s must be a single value", key)
		return "", false
	}
	return strings.TrimSpace(n.Value), true
}

// text is a required, non-empty string of at most max characters.
func (p *parser) text(n *yaml.Node, key string, max int) string {
	s, ok := p.str(n, key)
	if !ok {
		return ""
	}
	if s == "" {
		p.errf(n, "%s is empty", key)
	} else if l := len([]rune(s)); l > max {
		p.errf(n, "%s is %d characters, more than %d", key, l, max)
	}
	return s
}

func (p *parser) integer(n *yaml.Node, key string, lo, hi int) int {
	s, ok := p.str(n, key)
	if !ok {
		return 0
	}
	v, err := strconv.Atoi(s)
	if err != nil || n.Tag != "!!int" {
		p.errf(n, "%s must be a whole number, got %q", key, s)
		return 0
	}
	if v < lo || v > hi {
		p.errf(n, "%s must be from %d to %d, got %d", key, lo, hi, v)
	}
	return v
}

func (p *parser) list(n *yaml.Node, key string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errf(n, "%s must be a list", key)
		return nil
	}
	return n.Content
}

// ids reads a list of ids matching pattern, each once.
func (p *parser) ids(n *yaml.Node, key string, pattern *regexp.Regexp, shape string) []string {
	var out []string
	for _, item := range p.list(n, key) {
		s, ok := p.str(item, key)
		if !ok {
			continue
		}
		switch {
		case !pattern.MatchString(s):
			p.errf(item, "%s: %q must be %s", key, s, shape)
		case slices.Contains(out, s):
			p.errf(item, "%s: %q is listed twice", key, s)
		default:
			out = append(out, s)
		}
	}
	return out
}

// module reads module.yaml into m. folder is the folder's name, which the
// id must equal.
func (p *parser) module(n *yaml.Node, m *Module, folder string) {
	f := p.fields(n, "module.yaml", []string{"id", "version", "order", "audience", "minutes", "pass_mark", "lessons", "questions"}, "topics")
	if f == nil {
		return
	}
	if id, ok := p.str(f["id"], "id"); ok {
		switch {
		case !moduleIDPattern.MatchString(id):
			p.errf(f["id"], "id %q must be 2 to 24 of a-z, 0-9 and -", id)
		case id != folder:
			p.errf(f["id"], "id %q must equal the folder name %q", id, folder)
		}
		m.ID = ModuleID(id)
	}
	if f["version"] != nil {
		m.Version = p.integer(f["version"], "version", 1, MaxVersion)
	}
	if f["order"] != nil {
		m.Order = p.integer(f["order"], "order", 0, 10000)
	}
	if f["minutes"] != nil {
		m.Minutes = p.integer(f["minutes"], "minutes", 1, 600)
	}
	if f["pass_mark"] != nil {
		m.PassMark = p.integer(f["pass_mark"], "pass_mark", 1, 100)
	}
	if a, ok := p.str(f["audience"], "audience"); ok {
		m.Audience = Audience(a)
		if m.Audience != Everyone && m.Audience != Peers {
			p.errf(f["audience"], "audience %q must be everyone or peers", a)
		}
	}
	m.Topics = p.ids(f["topics"], "topics", topicPattern, "a lowercase word")
	for _, id := range p.ids(f["lessons"], "lessons", itemIDPattern, "1 to 16 of a-z, 0-9 and -") {
		m.Lessons = append(m.Lessons, LessonID(id))
	}
	if f["lessons"] != nil && len(m.Lessons) == 0 {
		p.errf(f["lessons"], "lessons: a module needs at least one lesson")
	}
	qs := p.list(f["questions"], "questions")
	if f["questions"] != nil && (len(qs) < MinQuestions || len(qs) > MaxQuestions) {
		p.errf(f["questions"], "questions: %d given, a module needs %d to %d", len(qs), MinQuestions, MaxQuestions)
	}
	for _, qn := range qs {
		q, ok := p.question(qn)
		if !ok {
			continue
		}
		if m.QuestionIndex(q.ID) >= 0 {
			p.errf(qn, "question %q is listed twice", q.ID)
			continue
		}
		m.Questions = append(m.Questions, q)
	}
	// The longest button this module makes must fit Telegram's 64 bytes.
	if worst := len(CallbackPrefix) + len(m.ID) + len(":127:x:99:z"); worst > telegramData {
		p.errf(f["id"], "id %q makes buttons longer than Telegram's %d bytes", m.ID, telegramData)
	}
}

// CallbackPrefix is the start of every training button's data (bot's
// version and the flows' action), for the length check above.
const CallbackPrefix = "v1:tr:"

func (p *parser) question(n *yaml.Node) (Question, bool) {
	f := p.fields(n, "a question", []string{"id", "kind", "options", "correct"})
	if f == nil {
		return Question{}, false
	}
	var q Question
	ok := true
	if id, good := p.str(f["id"], "id"); good {
		if !itemIDPattern.MatchString(id) {
			p.errf(f["id"], "question id %q must be 1 to 16 of a-z, 0-9 and -", id)
			ok = false
		}
		q.ID = QuestionID(id)
	} else {
		ok = false
	}
	if k, good := p.str(f["kind"], "kind"); good {
		q.Kind = Kind(k)
		if q.Kind != Single && q.Kind != Multiple {
			p.errf(f["kind"], "kind %q must be single or multiple", k)
		}
	}
	for _, o := range p.ids(f["options"], "options", optionPattern, "one letter a-z") {
		q.Options = append(q.Options, OptionID(o))
	}
	if f["options"] != nil && (len(q.Options) < MinOptions || len(q.Options) > MaxOptions) {
		p.errf(f["options"], "options: %d given, a question needs %d to %d", len(q.Options), MinOptions, MaxOptions)
	}
	for _, c := range p.ids(f["correct"], "correct", optionPattern, "one letter a-z") {
		if !slices.Contains(q.Options, OptionID(c)) {
			p.errf(f["correct"], "correct: %q is not one of the options", c)
			continue
		}
		q.Correct = append(q.Correct, OptionID(c))
	}
	switch {
	case f["correct"] == nil:
	case q.Kind == Single && len(q.Correct) != 1:
		p.errf(f["correct"], "correct: a single-choice question has exactly one correct option, got %d", len(q.Correct))
	case q.Kind == Multiple && len(q.Correct) < 1:
		p.errf(f["correct"], "correct: a multiple-choice question needs at least one correct option")
	}
	return q, ok
}

// texts reads a language file and checks it against module.yaml.
func (p *parser) texts(n *yaml.Node, m *Module) *Texts {
	f := p.fields(n, "the language file", []string{"title", "summary", "lessons", "questions"})
	if f == nil {
		return nil
	}
	t := &Texts{
		Title:   p.text(f["title"], "title", MaxTitle),
		Summary: p.text(f["summary"], "summary", MaxSummary),
	}
	lessons := p.list(f["lessons"], "lessons")
	for i, ln := range lessons {
		lf := p.fields(ln, "a lesson", []string{"id", "text"}, "image")
		if lf == nil {
			continue
		}
		id, _ := p.str(lf["id"], "id")
		l := LessonText{ID: LessonID(id), Text: p.lessonHTML(lf["text"])}
		if lf["image"] != nil {
			l.Image, _ = p.str(lf["image"], "image")
			l.imageLine = lf["image"].Line
		}
		if i >= len(m.Lessons) {
			p.errf(ln, "lesson %q is not in module.yaml's lessons", id)
		} else if l.ID != m.Lessons[i] {
			p.errf(lf["id"], "lesson %d is %q, module.yaml has %q there (same ids, same order)", i+1, id, m.Lessons[i])
		}
		t.Lessons = append(t.Lessons, l)
	}
	if f["lessons"] != nil && len(lessons) < len(m.Lessons) {
		p.errf(f["lessons"], "lessons: %d given, module.yaml has %d (missing %q)", len(lessons), len(m.Lessons), m.Lessons[len(lessons)])
	}
	questions := p.list(f["questions"], "questions")
	for i, qn := range questions {
		qf := p.fields(qn, "a question", []string{"id", "text", "options"})
		if qf == nil {
			continue
		}
		id, _ := p.str(qf["id"], "id")
		qt := QuestionText{ID: QuestionID(id), Text: p.text(qf["text"], "question text", MaxQuestion)}
		var spec *Question
		if i >= len(m.Questions) {
			p.errf(qn, "question %q is not in module.yaml's questions", id)
		} else if qt.ID != m.Questions[i].ID {
			p.errf(qf["id"], "question %d is %q, module.yaml has %q there (same ids, same order)", i+1, id, m.Questions[i].ID)
		} else {
			spec = &m.Questions[i]
		}
		opts := p.list(qf["options"], "options")
		for j, on := range opts {
			of := p.fields(on, "an option", []string{"id", "text", "explain"})
			if of == nil {
				continue
			}
			oid, _ := p.str(of["id"], "id")
			o := OptionText{ID: OptionID(oid), Text: p.text(of["text"], "option text", MaxOption), Explain: p.text(of["explain"], "explain", MaxExplain)}
			if spec != nil {
				if j >= len(spec.Options) {
					p.errf(on, "option %q is not in module.yaml's options for %q", oid, spec.ID)
				} else if o.ID != spec.Options[j] {
					p.errf(of["id"], "option %d of %q is %q, module.yaml has %q there", j+1, spec.ID, oid, spec.Options[j])
				}
			}
			qt.Options = append(qt.Options, o)
		}
		if spec != nil && qf["options"] != nil && len(opts) < len(spec.Options) {
			p.errf(qf["options"], "options of %q: %d given, module.yaml has %d", spec.ID, len(opts), len(spec.Options))
		}
		if spec != nil {
			if l := len([]rune(plain(RenderQuestion(qt)))) + headerRoom; l > telegramText {
				p.errf(qf["text"], "the question message would be %d characters, over Telegram's %d", l, telegramText)
			}
			if l := len([]rune(plain(RenderFeedback(*spec, qt, spec.Options)))) + headerRoom; l > telegramText {
				p.errf(qf["text"], "the answer message would be %d characters, over Telegram's %d", l, telegramText)
			}
		}
		t.Questions = append(t.Questions, qt)
	}
	if f["questions"] != nil && len(questions) < len(m.Questions) {
		p.errf(f["questions"], "questions: %d given, module.yaml has %d (missing %q)", len(questions), len(m.Questions), m.Questions[len(questions)].ID)
	}
	return t
}

// lessonHTML checks a lesson's Telegram HTML: it parses as Telegram would,
// uses only bold and italic, and fits a phone screen.
func (p *parser) lessonHTML(n *yaml.Node) string {
	s, ok := p.str(n, "text")
	if !ok {
		return ""
	}
	if s == "" {
		p.errf(n, "text is empty")
		return ""
	}
	text, err := checkHTML(s)
	if err != nil {
		p.errf(n, "text: %v", err)
		return s
	}
	if l := len([]rune(text)); l > MaxLesson {
		p.errf(n, "text is %d characters, more than %d (it must fit a phone screen)", l, MaxLesson)
	}
	return s
}

// images checks each lesson's image: a PNG or JPEG file in the folder, and
// the lesson short enough to be its caption.
func (p *parser) images(fsys fs.FS, dir string, t *Texts, m *Module) {
	for _, l := range t.Lessons {
		if l.Image == "" {
			continue
		}
		at := &yaml.Node{Line: l.imageLine}
		ext := strings.ToLower(path.Ext(l.Image))
		if path.Base(l.Image) != l.Image || (ext != ".png" && ext != ".jpg" && ext != ".jpeg") {
			p.errf(at, "lesson %q: image %q must be a .png or .jpg file in the module folder", l.ID, l.Image)
			continue
		}
		if _, ok := m.Images[l.Image]; !ok {
			data, err := fs.ReadFile(fsys, path.Join(dir, l.Image))
			if err != nil {
				p.errf(at, "lesson %q: image %q: %s", l.ID, l.Image, unwrapPath(err))
				continue
			}
			if len(data) > MaxImageBytes {
				p.errf(at, "lesson %q: image %q is over 10 MB", l.ID, l.Image)
				continue
			}
			m.Images[l.Image] = data
		}
		if c := len([]rune(plain(l.Text))) + len([]rune(t.Title)) + headerRoom; c > telegramCaptio {
			p.errf(at, "lesson %q has an image, so its text must fit a %d-character caption (it would be %d)", l.ID, telegramCaptio, c)
		}
	}
}
