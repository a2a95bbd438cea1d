package feedback

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
	"time"
)

// withEXIF puts an APP1 (EXIF) segment holding note after the JPEG's SOI.
func withEXIF(jpg []byte, note string) []byte {
	payload := append([]byte("Exif\x00\x00"), note...)
	seg := append([]byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}, payload...)
	return append(append(append([]byte{}, jpg[:2]...), seg...), jpg[2:]...)
}

func sample(t testing.TB) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		for y := range 30 {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 200, 255})
		}
	}
	return img
}

func TestStripPhoto(t *testing.T) {
	var jpg, pngData bytes.Buffer
	if err := jpeg.Encode(&jpg, sample(t), nil); err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(&pngData, sample(t)); err != nil {
		t.Fatal(err)
	}
	const note = "GPS 52.37N 4.89E, Pixel 7, 2026:11:02 23:41"
	tests := []struct {
		name string
		in   []byte
		ok   bool
	}{
		{"jpeg with exif", withEXIF(jpg.Bytes(), note), true},
		{"png", pngData.Bytes(), true},
		{"not an image", []byte("hello, this is text"), false},
		{"truncated jpeg", jpg.Bytes()[:40], false},
		{"empty", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := StripPhoto(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("err %v, want ok=%v", err, tt.ok)
			}
			if !tt.ok {
				return
			}
			if bytes.Contains(out, []byte("Exif")) || bytes.Contains(out, []byte(note)) {
				t.Error("metadata survived")
			}
			img, err := jpeg.Decode(bytes.NewReader(out))
			if err != nil || img.Bounds().Dx() != 40 || img.Bounds().Dy() != 30 {
				t.Errorf("re-encoded photo: %v, %v", img, err)
			}
		})
	}
}

func FuzzStripPhoto(f *testing.F) {
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, sample(f), nil); err != nil {
		f.Fatal(err)
	}
	f.Add(jpg.Bytes())
	f.Add(withEXIF(jpg.Bytes(), "x"))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := StripPhoto(data)
		if err == nil && bytes.Contains(out, []byte("Exif")) {
			t.Fatal("EXIF in the output")
		}
	})
}

func TestEntryValidation(t *testing.T) {
	ok := Entry{Day: time.Now(), Subject: Subject{Kind: SubjectBot}, Rating: 5, Lang: "el"}
	tests := []struct {
		name  string
		edit  func(*Entry)
		field string
	}{
		{"valid", func(*Entry) {}, ""},
		{"rating 0", func(e *Entry) { e.Rating = 0 }, "rating"},
		{"rating 6", func(e *Entry) { e.Rating = 6 }, "rating"},
		{"unknown kind", func(e *Entry) { e.Subject.Kind = "shop" }, "subject_kind"},
		{"comment of 1000", func(e *Entry) { e.Comment = string(bytes.Repeat([]byte("ω"), 1000)) }, ""},
		{"comment of 1001", func(e *Entry) { e.Comment = string(bytes.Repeat([]byte("ω"), 1001)) }, "comment"},
	}
	for _, tt := range tests {
		e := ok
		tt.edit(&e)
		err := e.Validate()
		got := ""
		if v, isV := err.(*ValidationError); isV {
			got = v.Field
		}
		if got != tt.field {
			t.Errorf("%s: %v, want field %q", tt.name, err, tt.field)
		}
	}
}

func TestDayKeepsNoTime(t *testing.T) {
	at := time.Date(2026, 3, 5, 23, 59, 59, 0, time.FixedZone("EET", 2*3600))
	if got := Day(at); !got.Equal(time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Day = %v", got)
	}
	if got := EndOfDay(at); !got.Equal(time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("EndOfDay = %v", got)
	}
}
