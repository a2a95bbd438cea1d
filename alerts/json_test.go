package alerts

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/peerbot/peerbot/content"
)

func TestDecodeJSONExample(t *testing.T) {
	f, err := os.Open("testdata/alert.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := DecodeJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	if a.SoldAs != "heroin" || a.Severity != Warning || a.MsgType != MsgAlert || len(a.Contents) != 2 {
		t.Errorf("decoded %+v", a)
	}
	if want := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC); !a.Sent.Equal(want) || a.Sent.Location() != time.UTC {
		t.Errorf("sent = %v, want %v in UTC", a.Sent, want)
	}
	vocab, _ := content.LoadSubstances()
	regions, _ := content.LoadRegions("")
	if err := a.Validate(vocab, regions); err != nil {
		t.Errorf("the documented example does not validate: %v", err)
	}
}

func TestDecodeJSONErrorsNameTheField(t *testing.T) {
	tests := []struct {
		name, body, field, problem string
	}{
		{"unknown field", `{"identifier":"a","colour":"red"}`, "colour", "not a field"},
		{"wrong type", `{"identifier":"a","regions":"PL-14"}`, "regions", "must be"},
		{"nested wrong type", `{"identifier":"a","contents":[{"substance":"x","amount":"lots"}]}`, "contents.amount", "must be"},
		{"bad severity", `{"identifier":"a","severity":"panic"}`, "", "unknown severity"},
		{"bad time", `{"identifier":"a","sent":"yesterday"}`, "", "RFC 3339"},
		{"not JSON", `{"identifier":`, "", "cut short"},
		{"syntax", `{"identifier" "a"}`, "", "not valid JSON"},
		{"two values", `{"identifier":"a"} {}`, "", "more than one"},
		{"empty", ``, "", "empty"},
		{"telegram photo", `{"identifier":"a","photo_file_id":"AgAC"}`, "photo_file_id", "only for alerts composed in the bot"},
		{"too big", `{"identifier":"` + strings.Repeat("a", MaxBody) + `"}`, "", "over"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeJSON(strings.NewReader(tt.body))
			wantProblem(t, err, tt.field, tt.problem)
		})
	}
}

func FuzzDecodeJSON(f *testing.F) {
	example, err := os.ReadFile("testdata/alert.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	f.Add([]byte(`{"identifier":"a","msg_type":"update","references":[{"identifier":"b"}]}`))
	f.Add([]byte(`{"advice":{"pl":"\u0000"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		a, err := DecodeJSON(bytes.NewReader(body))
		if err != nil {
			return
		}
		// Whatever is accepted encodes and reads back the same.
		var buf bytes.Buffer
		if err := EncodeJSON(&buf, a); err != nil {
			return // e.g. an invalid severity cannot be encoded; Validate refuses it too
		}
		b, err := DecodeJSON(&buf)
		if err != nil {
			t.Fatalf("re-decoding %s: %v", buf.String(), err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("round trip changed the alert:\n%+v\n%+v", a, b)
		}
	})
}

// wantProblem checks that err is a *ValidationError naming field, with a
// problem that mentions problem.
func wantProblem(t *testing.T, err error, field, problem string) {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v, want a *ValidationError", err)
	}
	if ve.Field != field || !strings.Contains(ve.Problem, problem) {
		t.Errorf("got field %q problem %q; want field %q and %q", ve.Field, ve.Problem, field, problem)
	}
}
