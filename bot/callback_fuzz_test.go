package bot

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func FuzzDecodeCallback(f *testing.F) {
	for _, s := range []string{"v1:menu", "v1:lang:uk", "v1:quiz:3:", "v2:x", "", ":", "v1::", "v1:a:\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := DecodeCallback(s)
		if err != nil {
			if !errors.Is(err, ErrStaleCallback) {
				t.Fatalf("DecodeCallback(%q) error %v does not wrap ErrStaleCallback", s, err)
			}
			return
		}
		// Whatever decodes encodes back to the same data.
		again, err := EncodeCallback(c)
		if err != nil || again != s {
			t.Fatalf("DecodeCallback(%q) = %#v, which encodes to %q, %v", s, c, again, err)
		}
	})
}

func FuzzCallbackRoundTrip(f *testing.F) {
	f.Add("menu", "", "", 0)
	f.Add("lang", "uk", "", 1)
	f.Add("quiz", "3", "", 2)
	f.Add("a", "x:y", "z", 2)
	f.Fuzz(func(t *testing.T, action, a1, a2 string, n int) {
		c := Callback{Action: action}
		switch n % 3 {
		case 1:
			c.Args = []string{a1}
		case 2, -2:
			c.Args = []string{a1, a2}
		}
		s, err := EncodeCallback(c)
		if err != nil {
			return
		}
		if len(s) > MaxCallbackData || !strings.HasPrefix(s, CallbackVersion+CallbackSeparator) {
			t.Fatalf("EncodeCallback(%#v) = %q: too long or unversioned", c, s)
		}
		got, err := DecodeCallback(s)
		if err != nil {
			t.Fatalf("DecodeCallback(EncodeCallback(%#v) = %q): %v", c, s, err)
		}
		if len(c.Args) == 0 {
			c.Args = nil
		}
		if !reflect.DeepEqual(got, c) {
			t.Fatalf("round trip of %#v gave %#v", c, got)
		}
	})
}
