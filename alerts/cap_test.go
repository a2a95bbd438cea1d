package alerts

import (
	"bytes"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/peerbot/peerbot/content"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

func areaNames(t testing.TB) func(string) string {
	regions, err := content.LoadRegions("")
	if err != nil {
		t.Fatal(err)
	}
	return func(code string) string { return regions.Name(code, "en") }
}

func exampleAlert(t testing.TB) *Alert {
	f, err := os.Open("testdata/alert.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := DecodeJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	a.PhotoURL = "https://lab.example.org/samples/0412.jpg"
	return a
}

func TestRenderCAPGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := RenderCAP(&buf, exampleAlert(t), areaNames(t)); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/alert.cap.xml"
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./alerts -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("CAP export differs from %s (run with -update if the change is intended):\n%s", golden, buf.String())
	}
}

func TestCAPRoundTrip(t *testing.T) {
	tests := map[string]func(*Alert){
		"alert": func(*Alert) {},
		"update": func(a *Alert) {
			a.MsgType, a.References = MsgUpdate, []Reference{{Identifier: "WAW-2026-0411", Sender: "lab@example.org", Sent: a.Sent}}
		},
		"cancel": func(a *Alert) {
			a.MsgType, a.Contents = MsgCancel, nil
			a.References = []Reference{{Identifier: "WAW-2026-0411", Sender: "lab@example.org", Sent: a.Sent}}
		},
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			a := exampleAlert(t)
			change(a)
			var buf bytes.Buffer
			if err := RenderCAP(&buf, a, areaNames(t)); err != nil {
				t.Fatal(err)
			}
			b, err := ParseCAP(&buf)
			if err != nil {
				t.Fatalf("parsing our own export: %v\n%s", err, buf.String())
			}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("round trip changed the alert:\n%+v\n%+v", a, b)
			}
		})
	}
}

func TestParseCAPRefuses(t *testing.T) {
	head := `<?xml version="1.0"?>`
	open := `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier><sent>2026-11-20T10:00:00+01:00</sent>`
	info := `<info><language>pl-PL</language><severity>Severe</severity><instruction>Uwaga</instruction></info>`
	tests := []struct {
		name, body, field, problem string
	}{
		{"entity tricks", head + `<!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + open + `<msgType>Alert</msgType>` + info + `</alert>`, "", "DOCTYPE"},
		{"not XML", `<alert`, "", "XML"},
		{"not CAP", head + `<feed/>`, "", "not a CAP 1.2 alert"},
		{"bad msgType", open + `<msgType>Ack</msgType>` + info + `</alert>`, "msgType", "Alert, Update or Cancel"},
		{"no info", open + `<msgType>Alert</msgType></alert>`, "info", "at least one language"},
		{"bad severity", open + `<msgType>Alert</msgType><info><language>pl</language><severity>Bad</severity></info></alert>`, "info[0].severity", "Minor"},
		{"bad time", `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><sent>yesterday</sent><msgType>Alert</msgType>` + info + `</alert>`, "sent", "not a CAP time"},
		{"same language twice", open + `<msgType>Alert</msgType>` + info + info + `</alert>`, "info[1].language", "two info blocks"},
		{"bad content", open + `<msgType>Alert</msgType><info><language>pl</language><severity>Severe</severity><parameter><valueName>peerbot:content</valueName><value>xylazine;lots</value></parameter></info></alert>`, "info[0].parameter[0]", "not a number"},
		{"too big", open + strings.Repeat(" ", MaxBody) + `</alert>`, "", "over"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCAP(strings.NewReader(tt.body))
			wantProblem(t, err, tt.field, tt.problem)
		})
	}
}

func TestParseCAPLanguagesAndRegions(t *testing.T) {
	body := `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>k1</identifier><sent>2026-11-20T10:00:00+01:00</sent><msgType>Alert</msgType>
<info><language>pl-PL</language><severity>Extreme</severity><description>Opis</description><instruction>Nie używaj w pojedynkę.</instruction>
<area><areaDesc>Mazowsze</areaDesc><geocode><valueName>ISO3166-2</valueName><value>PL-14</value></geocode><geocode><valueName>FIPS</valueName><value>PL78</value></geocode></area></info>
<info><language>en-GB</language><severity>Extreme</severity><description>Do not use alone.</description></info></alert>`
	a, err := ParseCAP(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"pl": "Nie używaj w pojedynkę.", "en": "Do not use alone."}
	if !reflect.DeepEqual(a.Advice, want) {
		t.Errorf("advice = %v, want %v", a.Advice, want)
	}
	if !reflect.DeepEqual(a.Regions, []string{"PL-14"}) || a.Severity != Warning {
		t.Errorf("regions %v severity %v", a.Regions, a.Severity)
	}
}

func FuzzParseCAP(f *testing.F) {
	var buf bytes.Buffer
	if err := RenderCAP(&buf, exampleAlert(f), areaNames(f)); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><msgType>Cancel</msgType><references>a,b,2026-11-20T10:00:00+01:00</references><info><severity>Minor</severity></info></alert>`))
	names := areaNames(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		a, err := ParseCAP(bytes.NewReader(body))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := RenderCAP(&out, a, names); err != nil {
			t.Fatalf("rendering an accepted alert: %v", err)
		}
		b, err := ParseCAP(&out)
		if err != nil {
			t.Fatalf("re-parsing %s: %v", out.String(), err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("round trip changed the alert:\n%+v\n%+v", a, b)
		}
	})
}
