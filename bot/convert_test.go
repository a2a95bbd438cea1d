package bot

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"
)

// updateConvertGolden rewrites testdata/updates/*.golden from the current
// output: go test ./bot -run TestFromUpdate -update-convert
var updateConvertGolden = flag.Bool("update-convert", false, "rewrite the FromUpdate golden files")

// convertResult is what a golden file holds: whether the update is handled
// and, if so, the Incoming with its kind spelled out.
type convertResult struct {
	Handled  bool      `json:"handled"`
	Kind     string    `json:"kind,omitempty"`
	Incoming *Incoming `json:"incoming,omitempty"`
}

func kindName(k Kind) string {
	return map[Kind]string{
		KindOther: "other", KindText: "text", KindCommand: "command",
		KindCallback: "callback", KindBlocked: "blocked", KindUnblocked: "unblocked", KindPhoto: "photo",
		KindLocation: "location",
	}[k]
}

func TestFromUpdate(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "updates", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 20 {
		t.Fatalf("found %d fixtures, want at least 20", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var u models.Update
			if err := json.Unmarshal(raw, &u); err != nil {
				t.Fatalf("decoding fixture: %v", err)
			}
			in, ok := FromUpdate(&u)
			res := convertResult{Handled: ok}
			if ok {
				res.Kind, res.Incoming = kindName(in.Kind), &in
			}
			got, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')

			// Whatever the update, nothing that names the person survives.
			for _, secret := range []string{"Alexandra", "Secretname", "alex_secret", "+33600000000", "lab_results"} {
				if bytes.Contains(got, []byte(secret)) {
					t.Errorf("output carries %q:\n%s", secret, got)
				}
			}

			golden := filepath.Join("testdata", "updates", name+".golden")
			if *updateConvertGolden {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("reading golden file (run with -update-convert to create it): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("FromUpdate(%s) =\n%s\nwant\n%s", name, got, want)
			}
		})
	}
}

// TestFromUpdateSpotChecks pins the cases the brief names, independently of
// the golden files, so a careless -update-convert cannot hide a regression.
func TestFromUpdateSpotChecks(t *testing.T) {
	tests := []struct {
		fixture string
		ok      bool
		want    Incoming
	}{
		{"command_start_payload", true, Incoming{UpdateID: 1001, Chat: 111222333, From: 111222333, Kind: KindCommand, Command: "start", Payload: "src_flyer12", MessageID: 11, LanguageCode: "fr", Private: true}},
		{"command_botname_uppercase", true, Incoming{UpdateID: 1002, Chat: 111222333, From: 111222333, Kind: KindCommand, Command: "settings", MessageID: 12, LanguageCode: "fr", Private: true}},
		{"command_newline_payload", true, Incoming{UpdateID: 1003, Chat: 111222333, From: 111222333, Kind: KindCommand, Command: "feedback", Payload: "the van was late", MessageID: 13, LanguageCode: "fr", Private: true}},
		{"slash_not_command", true, Incoming{UpdateID: 1004, Chat: 111222333, From: 111222333, Kind: KindText, Text: "/ not a command", MessageID: 14, LanguageCode: "fr", Private: true}},
		{"callback", true, Incoming{UpdateID: 1006, Chat: 111222333, From: 111222333, Kind: KindCallback, CallbackID: "4382bfdwdsb323b2d9", CallbackData: "v1:region:FR-75", MessageID: 20, LanguageCode: "fr", Private: true}},
		{"callback_inaccessible_message", true, Incoming{UpdateID: 1007, Chat: 111222333, From: 111222333, Kind: KindCallback, CallbackID: "5382bfdwdsb323b2d9", CallbackData: "v1:menu", MessageID: 21, LanguageCode: "fr", Private: true}},
		{"callback_inline_message", false, Incoming{}},
		{"photo_with_caption", true, Incoming{UpdateID: 1012, Chat: 111222333, From: 111222333, Kind: KindPhoto, Photo: "AgAC", MessageID: 25, LanguageCode: "fr", Private: true}},
		{"group_text", true, Incoming{UpdateID: 1015, Chat: -100987654321, From: 111222333, Kind: KindText, Text: "hello team", MessageID: 28, LanguageCode: "fr"}},
		{"my_chat_member_kicked", true, Incoming{UpdateID: 1016, Chat: 111222333, From: 111222333, Kind: KindBlocked, LanguageCode: "fr", Private: true}},
		{"my_chat_member_member", true, Incoming{UpdateID: 1017, Chat: 111222333, From: 111222333, Kind: KindUnblocked, LanguageCode: "fr", Private: true}},
		{"my_chat_member_left_group", false, Incoming{}},
		{"edited_message", false, Incoming{}},
		{"message_from_bot", false, Incoming{}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", "updates", tt.fixture+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var u models.Update
			if err := json.Unmarshal(raw, &u); err != nil {
				t.Fatal(err)
			}
			got, ok := FromUpdate(&u)
			if ok != tt.ok || got != tt.want {
				t.Errorf("FromUpdate = %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
	if _, ok := FromUpdate(nil); ok {
		t.Error("FromUpdate(nil) reported a handled update")
	}
}

func TestParseCommand(t *testing.T) {
	tests := []struct {
		text, cmd, payload string
		ok                 bool
	}{
		{"/start", "start", "", true},
		{"/start src_flyer12", "start", "src_flyer12", true},
		{"/START@PeerBot   a b  ", "start", "a b", true},
		{"/help@", "help", "", true},
		{"/", "", "", false},
		{"/@PeerBot", "", "", false},
		{"/ start", "", "", false},
		{"/stärt", "", "", false},
		{"start", "", "", false},
		{"/" + strings.Repeat("a", 33), "", "", false},
	}
	for _, tt := range tests {
		cmd, payload, ok := parseCommand(tt.text)
		if cmd != tt.cmd || payload != tt.payload || ok != tt.ok {
			t.Errorf("parseCommand(%q) = %q, %q, %v; want %q, %q, %v", tt.text, cmd, payload, ok, tt.cmd, tt.payload, tt.ok)
		}
	}
}
