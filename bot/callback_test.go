package bot

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestEncodeCallback(t *testing.T) {
	tests := []struct {
		name    string
		in      Callback
		want    string
		wantErr string
	}{
		{"action only", Callback{Action: "menu"}, "v1:menu", ""},
		{"empty args", Callback{Action: "menu", Args: []string{}}, "v1:menu", ""},
		{"args", Callback{Action: "lang", Args: []string{"uk"}}, "v1:lang:uk", ""},
		{"empty arg", Callback{Action: "quiz", Args: []string{"3", ""}}, "v1:quiz:3:", ""},
		{"unicode arg", Callback{Action: "r", Args: []string{"ü"}}, "v1:r:ü", ""},
		{"exactly 64 bytes", Callback{Action: "a", Args: []string{strings.Repeat("x", 59)}}, "v1:a:" + strings.Repeat("x", 59), ""},
		{"65 bytes", Callback{Action: "a", Args: []string{strings.Repeat("x", 60)}}, "", "over Telegram's 64"},
		{"empty action", Callback{Args: []string{"x"}}, "", "empty action"},
		{"separator in action", Callback{Action: "a:b"}, "", "action: contains the separator"},
		{"separator in arg", Callback{Action: "a", Args: []string{"ok", "12:30"}}, "", "argument 1: contains the separator"},
		{"invalid utf-8", Callback{Action: "a", Args: []string{"\xff"}}, "", "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := EncodeCallback(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("EncodeCallback(%+v) = %q, %v; want error containing %q", tt.in, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("EncodeCallback(%+v) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestMustEncodeCallbackPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("MustEncodeCallback with a separator in an argument did not panic")
		}
	}()
	MustEncodeCallback(Callback{Action: "a", Args: []string{":"}})
}

func TestDecodeCallback(t *testing.T) {
	tests := []struct {
		in    string
		want  Callback
		stale bool
	}{
		{"v1:menu", Callback{Action: "menu"}, false},
		{"v1:lang:uk", Callback{Action: "lang", Args: []string{"uk"}}, false},
		{"v1:quiz:3:", Callback{Action: "quiz", Args: []string{"3", ""}}, false},
		{"v1:a::b", Callback{Action: "a", Args: []string{"", "b"}}, false},
		{"", Callback{}, true},
		{"v1", Callback{}, true},
		{"v1:", Callback{}, true},
		{"v1::x", Callback{}, true},
		{"v0:menu", Callback{}, true},
		{"v2:menu", Callback{}, true},
		{"V1:menu", Callback{}, true},
		{"menu", Callback{}, true},
		{"lang_uk", Callback{}, true}, // a button from before the codec
		{"v1:a:\xff", Callback{}, true},
		{"v1:" + strings.Repeat("x", 62), Callback{}, true},
	}
	for _, tt := range tests {
		got, err := DecodeCallback(tt.in)
		if tt.stale {
			if !errors.Is(err, ErrStaleCallback) {
				t.Errorf("DecodeCallback(%q) = %+v, %v; want ErrStaleCallback", tt.in, got, err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("DecodeCallback(%q) = %#v, %v; want %#v", tt.in, got, err, tt.want)
		}
	}
}
