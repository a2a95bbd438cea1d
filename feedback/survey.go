package feedback

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// SurveyID identifies a survey.
type SurveyID int64

// QuestionKind is how a question is answered.
type QuestionKind string

// The kinds of question.
const (
	Single   QuestionKind = "single"   // one of the choices
	Multiple QuestionKind = "multiple" // any of the choices
	Scale    QuestionKind = "scale"    // a number from 1 to Max
	Text     QuestionKind = "text"     // typed text, may be skipped
)

// SurveyStatus is where a survey stands.
type SurveyStatus string

// The statuses.
const (
	SurveyDraft   SurveyStatus = "draft"
	SurveySending SurveyStatus = "sending" // sent, taking answers
	SurveyClosed  SurveyStatus = "closed"
)

// Limits of a survey: it must stay short, and fit Telegram's messages and
// buttons.
const (
	MaxQuestions   = 10
	MaxChoices     = 8
	MaxTitle       = 200
	MaxQuestion    = 500
	MaxChoice      = 40
	MaxScale       = 10
	DefaultOpenFor = 30 * 24 * time.Hour
	MaxOpenFor     = 180 * 24 * time.Hour
)

// Question is one question, in every language the survey is written in.
type Question struct {
	Kind    QuestionKind        `json:"kind" yaml:"kind"`
	Text    map[string]string   `json:"text" yaml:"text"`
	Choices []map[string]string `json:"choices,omitempty" yaml:"choices,omitempty"`
	// Max is the top of a scale (1 to Max); 5 when zero.
	Max int `json:"max,omitempty" yaml:"max,omitempty"`
}

// ScaleMax is the top of a scale question.
func (q *Question) ScaleMax() int {
	if q.Max == 0 {
		return 5
	}
	return q.Max
}

// Survey is a short survey an organisation sends to a segment.
type Survey struct {
	ID        SurveyID          `json:"id" yaml:"-"`
	Org       int64             `json:"-" yaml:"-"`
	Title     map[string]string `json:"title" yaml:"title"`
	Questions []Question        `json:"questions" yaml:"questions"`
	Regions   []string          `json:"regions,omitempty" yaml:"regions,omitempty"`
	Langs     []string          `json:"langs,omitempty" yaml:"langs,omitempty"`
	Status    SurveyStatus      `json:"status" yaml:"-"`
	OpenDays  int               `json:"open_days,omitempty" yaml:"open_days,omitempty"`
	ClosesAt  time.Time         `json:"closes_at,omitzero" yaml:"-"`
	CreatedBy string            `json:"-" yaml:"-"`
}

// OpenFor is how long the survey takes answers once sent.
func (s *Survey) OpenFor() time.Duration {
	if s.OpenDays <= 0 {
		return DefaultOpenFor
	}
	return time.Duration(s.OpenDays) * 24 * time.Hour
}

// Open reports whether the survey takes answers at now.
func (s *Survey) Open(now time.Time) bool {
	return s.Status == SurveySending && (s.ClosesAt.IsZero() || now.Before(s.ClosesAt))
}

// ParseSurveyYAML reads a survey file (`peerbot surveys add FILE`).
// Unknown fields are refused, so a typo is not silently ignored.
func ParseSurveyYAML(data []byte) (*Survey, error) {
	var s Survey
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return nil, invalid("survey", "not a survey file: %v", err)
	}
	return &s, nil
}

// ParseSurveyJSON reads a survey from the API. Unknown fields are refused.
func ParseSurveyJSON(data []byte) (*Survey, error) {
	var s Survey
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, invalid("survey", "not a survey: %v", err)
	}
	return &s, nil
}

// Validate checks a survey: every text in every language it goes to
// (langs when the survey lists none), within the limits. validRegion
// reports whether a region code is known.
func (s *Survey) Validate(langs []string, validRegion func(string) bool) error {
	for _, l := range s.Langs {
		if !slices.Contains(langs, l) {
			return invalid("langs", "unsupported language %q", l)
		}
	}
	if len(s.Langs) > 0 {
		langs = s.Langs
	}
	for _, r := range s.Regions {
		if !validRegion(r) {
			return invalid("regions", "unknown region %q", r)
		}
	}
	if s.OpenDays < 0 || time.Duration(s.OpenDays)*24*time.Hour > MaxOpenFor {
		return invalid("open_days", "must be from 1 to %d", int(MaxOpenFor.Hours()/24))
	}
	if err := texts("title", s.Title, langs, MaxTitle); err != nil {
		return err
	}
	if len(s.Questions) == 0 || len(s.Questions) > MaxQuestions {
		return invalid("questions", "from 1 to %d questions", MaxQuestions)
	}
	for i, q := range s.Questions {
		field := fmt.Sprintf("questions[%d]", i)
		if err := texts(field+".text", q.Text, langs, MaxQuestion); err != nil {
			return err
		}
		switch q.Kind {
		case Single, Multiple:
			if len(q.Choices) < 2 || len(q.Choices) > MaxChoices {
				return invalid(field+".choices", "from 2 to %d choices", MaxChoices)
			}
			for j, c := range q.Choices {
				if err := texts(fmt.Sprintf("%s.choices[%d]", field, j), c, langs, MaxChoice); err != nil {
					return err
				}
			}
		case Scale:
			if q.Max != 0 && (q.Max < 2 || q.Max > MaxScale) {
				return invalid(field+".max", "from 2 to %d", MaxScale)
			}
			if len(q.Choices) > 0 {
				return invalid(field+".choices", "a scale has no choices")
			}
		case Text:
			if len(q.Choices) > 0 {
				return invalid(field+".choices", "a text question has no choices")
			}
		default:
			return invalid(field+".kind", "must be single, multiple, scale or text")
		}
	}
	return nil
}

// texts checks that a text is given in every language, within max
// characters.
func texts(field string, m map[string]string, langs []string, max int) error {
	for _, l := range langs {
		v := m[l]
		if v == "" {
			return invalid(field+"."+l, "missing: write it in every language the survey goes to")
		}
		if utf8.RuneCountInString(v) > max {
			return invalid(field+"."+l, "at most %d characters", max)
		}
	}
	for l := range m {
		if !slices.Contains(langs, l) {
			return invalid(field+"."+l, "language not among the survey's languages")
		}
	}
	return nil
}

// Localized picks a text in lang, else English, else any.
func Localized(m map[string]string, lang string) string {
	if v, ok := m[lang]; ok && v != "" {
		return v
	}
	if v, ok := m["en"]; ok && v != "" {
		return v
	}
	for _, l := range []string{"pt", "nl", "pl", "lt", "el", "uk", "ru"} {
		if v := m[l]; v != "" {
			return v
		}
	}
	return ""
}

// Answer is the answer to one question: the choices (single: one;
// multiple: any), the scale value, or typed text. A text question skipped
// has no Answer.
type Answer struct {
	Question int    `json:"q"`
	Choices  []int  `json:"c,omitempty"`
	Value    int    `json:"v,omitempty"`
	Text     string `json:"t,omitempty"`
}

// Response is one person's answers to a survey, without the person.
type Response struct {
	Survey  SurveyID
	Day     time.Time
	Lang    string
	Region  string
	Answers []Answer
}

// Validate checks answers against the survey's questions.
func (r *Response) Validate(s *Survey) error {
	for i, a := range r.Answers {
		field := fmt.Sprintf("answers[%d]", i)
		if a.Question < 0 || a.Question >= len(s.Questions) {
			return invalid(field, "no such question")
		}
		q := s.Questions[a.Question]
		switch q.Kind {
		case Single, Multiple:
			if len(a.Choices) == 0 || (q.Kind == Single && len(a.Choices) > 1) {
				return invalid(field, "wrong number of choices")
			}
			for _, c := range a.Choices {
				if c < 0 || c >= len(q.Choices) {
					return invalid(field, "no such choice")
				}
			}
		case Scale:
			if a.Value < 1 || a.Value > q.ScaleMax() {
				return invalid(field, "out of the scale")
			}
		case Text:
			if a.Text == "" || CommentTooLong(a.Text) {
				return invalid(field, "empty or over %d characters", MaxComment)
			}
		}
	}
	return nil
}
