package charts

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestDraw(t *testing.T) {
	chart := Chart{
		Title:      "Оцінки сервісу · Αξιολογήσεις · Oceny usługi",
		Categories: []string{"1", "2", "3", "4", "5"},
		Series:     []Series{{Name: "2026-11", Values: []float64{0, 5, 12, 30, 41}}, {Name: "2026-12", Values: []float64{6, 0, 9, 22, 50}}},
		YLabel:     "answers",
		Caption:    "counts under 5 are not shown",
	}
	for name, draw := range map[string]func(Chart) ([]byte, error){"bars": Bars, "lines": Lines} {
		t.Run(name, func(t *testing.T) {
			b, err := draw(chart)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if r := img.Bounds(); r.Dx() < 300 || r.Dy() < 200 {
				t.Errorf("picture is %v, too small to read", r)
			}
			if os.Getenv("CHARTS_KEEP") != "" { // look at them: CHARTS_KEEP=1 go test ./charts
				os.WriteFile(filepath.Join(os.TempDir(), "chart-"+name+".png"), b, 0o644)
			}
		})
	}
}

func TestDrawRefuses(t *testing.T) {
	tests := map[string]Chart{
		"no categories": {Series: []Series{{Name: "a"}}},
		"no series":     {Categories: []string{"a"}},
		"short series":  {Categories: []string{"a", "b"}, Series: []Series{{Name: "a", Values: []float64{1}}}},
	}
	for name, c := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := Bars(c); err == nil {
				t.Error("Bars drew it")
			}
			if _, err := Lines(c); err == nil {
				t.Error("Lines drew it")
			}
		})
	}
	if _, err := Bars(Chart{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty chart: %v, want ErrEmpty", err)
	}
}
