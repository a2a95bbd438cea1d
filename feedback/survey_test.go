package feedback

import (
	"crypto/sha256"
	"os"
	"strings"
	"testing"

	"github.com/peerbot/peerbot/locales"
)

func validRegion(code string) bool { return code == "NL-NH" || code == "PL-14" }

func loadTestSurvey(t *testing.T) *Survey {
	t.Helper()
	raw, err := os.ReadFile("testdata/survey.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sv, err := ParseSurveyYAML(raw)
	if err != nil {
		t.Fatal(err)
	}
	return sv
}

func TestSurveyFileIsValid(t *testing.T) {
	sv := loadTestSurvey(t)
	if err := sv.Validate(locales.Languages, validRegion); err != nil {
		t.Fatal(err)
	}
	if len(sv.Questions) != 3 || sv.OpenFor().Hours() != 14*24 {
		t.Errorf("parsed %+v", sv)
	}
}

// TestSurveyValidation: each mistake is refused naming its field.
func TestSurveyValidation(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Survey)
		field string
	}{
		{"title missing a language", func(s *Survey) { delete(s.Title, "pl") }, "title.pl"},
		{"question missing a language", func(s *Survey) { delete(s.Questions[1].Text, "el") }, "questions[1].text.el"},
		{"choice missing a language", func(s *Survey) { delete(s.Questions[0].Choices[1], "uk") }, "questions[0].choices[1].uk"},
		{"unknown language", func(s *Survey) { s.Title["de"] = "Umfrage" }, "title.de"},
		{"too long a choice", func(s *Survey) { s.Questions[0].Choices[0]["en"] = strings.Repeat("y", 41) }, "questions[0].choices[0].en"},
		{"one choice", func(s *Survey) { s.Questions[0].Choices = s.Questions[0].Choices[:1] }, "questions[0].choices"},
		{"unknown kind", func(s *Survey) { s.Questions[2].Kind = "essay" }, "questions[2].kind"},
		{"scale too long", func(s *Survey) { s.Questions[1].Max = 11 }, "questions[1].max"},
		{"no questions", func(s *Survey) { s.Questions = nil }, "questions"},
		{"unknown region", func(s *Survey) { s.Regions = []string{"XX-1"} }, "regions"},
		{"open too long", func(s *Survey) { s.OpenDays = 181 }, "open_days"},
		{"unsupported segment language", func(s *Survey) { s.Langs = []string{"fr"} }, "langs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sv := loadTestSurvey(t)
			tt.edit(sv)
			err := sv.Validate(locales.Languages, validRegion)
			v, ok := err.(*ValidationError)
			if !ok || v.Field != tt.field {
				t.Errorf("error %v, want one naming %s", err, tt.field)
			}
		})
	}
}

// TestSurveyForFewerLanguages: a survey to Dutch speakers only needs Dutch.
func TestSurveyForFewerLanguages(t *testing.T) {
	sv, err := ParseSurveyJSON([]byte(`{"title": {"nl": "Kort"}, "langs": ["nl"],
		"questions": [{"kind": "text", "text": {"nl": "Iets te zeggen?"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := sv.Validate(locales.Languages, validRegion); err != nil {
		t.Error(err)
	}
	if _, err := ParseSurveyJSON([]byte(`{"title": {"nl": "Kort"}, "colour": "red"}`)); err == nil {
		t.Error("an unknown field was accepted")
	}
}

func TestResponseValidation(t *testing.T) {
	sv := loadTestSurvey(t)
	tests := []struct {
		name    string
		answers []Answer
		ok      bool
	}{
		{"all answered", []Answer{{Question: 0, Choices: []int{1}}, {Question: 1, Value: 5}, {Question: 2, Text: "x"}}, true},
		{"text skipped", []Answer{{Question: 0, Choices: []int{0}}, {Question: 1, Value: 1}}, true},
		{"two choices for single", []Answer{{Question: 0, Choices: []int{0, 1}}}, false},
		{"no such choice", []Answer{{Question: 0, Choices: []int{2}}}, false},
		{"off the scale", []Answer{{Question: 1, Value: 6}}, false},
		{"zero on the scale", []Answer{{Question: 1, Value: 0}}, false},
		{"text too long", []Answer{{Question: 2, Text: strings.Repeat("z", MaxComment+1)}}, false},
		{"no such question", []Answer{{Question: 3, Value: 1}}, false},
	}
	for _, tt := range tests {
		r := &Response{Survey: 1, Answers: tt.answers}
		if err := r.Validate(sv); (err == nil) != tt.ok {
			t.Errorf("%s: %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func FuzzParseSurveyYAML(f *testing.F) {
	raw, err := os.ReadFile("testdata/survey.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte("title: {en: x}\nquestions: [{kind: scale, text: {en: q}, max: 3}]"))
	f.Add([]byte("questions: [{kind: single, choices: [{}]}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sv, err := ParseSurveyYAML(data)
		if err != nil {
			return
		}
		if sv.Validate(locales.Languages, validRegion) == nil {
			// A valid survey renders every text in every language.
			for _, l := range locales.Languages {
				if Localized(sv.Title, l) == "" {
					t.Fatalf("valid survey without a title in %s", l)
				}
			}
		}
	})
}

func TestKeysAreKeyedAndDistinct(t *testing.T) {
	keyed := func(purpose string, parts ...string) []byte {
		sum := sha256.Sum256([]byte(purpose + "|" + strings.Join(parts, "|")))
		return sum[:]
	}
	k := Keys{Keyed: keyed}
	if k.Answered(7, "abc") == k.Answered(8, "abc") || k.Answered(7, "abc") == k.Answered(7, "abd") {
		t.Error("answer keys collide")
	}
	if !strings.HasPrefix(k.Answered(7, "abc"), SurveyPrefix(7)) || strings.HasPrefix(k.Answered(17, "abc"), SurveyPrefix(1)) {
		t.Error("answer keys do not start with their survey's prefix alone")
	}
}
