package demo

import (
	"strings"
	"testing"

	"github.com/peerbot/peerbot/bot/tgfake"
)

// A chart the bot uploaded reaches the page as a data: URL; bytes that are
// not a PNG or JPEG do not.
func TestConvertUploadedImage(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	tests := []struct {
		name string
		m    tgfake.Message
		want string
	}{
		{"png chart", tgfake.Message{FromBot: true, Kind: tgfake.KindPhoto, Photo: "f1", Image: png}, "data:image/png;base64,"},
		{"not an image", tgfake.Message{FromBot: true, Kind: tgfake.KindPhoto, Photo: "f2", Image: []byte("<script>")}, ""},
		{"photo by id", tgfake.Message{FromBot: true, Kind: tgfake.KindPhoto, Photo: "f3"}, ""},
		{"text with bytes", tgfake.Message{FromBot: true, Kind: tgfake.KindText, Text: "x", Image: png}, ""},
	}
	for _, tt := range tests {
		got, ok := convertMessage(tt.m)
		if !ok {
			t.Fatalf("%s: not converted", tt.name)
		}
		if (tt.want == "") != (got.Image == "") || !strings.HasPrefix(got.Image, tt.want) {
			t.Errorf("%s: image %.40q, want prefix %q", tt.name, got.Image, tt.want)
		}
	}
}
