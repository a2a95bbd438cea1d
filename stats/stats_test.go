package stats

import (
	"encoding/json"
	"testing"
)

func TestCount(t *testing.T) {
	tests := []struct {
		n      Count
		hidden bool
		str    string
		json   string
		plot   float64
	}{
		{0, false, "0", "0", 0},
		{1, true, "<5", `"<5"`, 0},
		{4, true, "<5", `"<5"`, 0},
		{5, false, "5", "5", 5},
		{1234, false, "1234", "1234", 1234},
	}
	for _, tt := range tests {
		if got := tt.n.Hidden(); got != tt.hidden {
			t.Errorf("Count(%d).Hidden() = %v", tt.n, got)
		}
		if got := tt.n.String(); got != tt.str {
			t.Errorf("Count(%d).String() = %q, want %q", tt.n, got, tt.str)
		}
		if got := tt.n.Text("fewer than 5"); tt.hidden && got != "fewer than 5" || !tt.hidden && got != tt.str {
			t.Errorf("Count(%d).Text() = %q", tt.n, got)
		}
		b, err := json.Marshal(tt.n)
		var got, want any
		if err == nil {
			err = json.Unmarshal(b, &got)
		}
		json.Unmarshal([]byte(tt.json), &want)
		if err != nil || got != want {
			t.Errorf("json(%d) = %s, %v; want %s", tt.n, b, err, tt.json)
		}
		if got := tt.n.Plot(); got != tt.plot {
			t.Errorf("Count(%d).Plot() = %v", tt.n, got)
		}
	}
}

func TestRate(t *testing.T) {
	tests := []struct {
		n, of Count
		want  float64
		ok    bool
	}{
		{0, 0, 0, false},
		{2, 4, 0, false}, // a rate over 4 people is not shown
		{3, 5, 0.6, true},
		{10, 10, 1, true},
	}
	for _, tt := range tests {
		got, ok := Rate(tt.n, tt.of)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Rate(%d, %d) = %v, %v; want %v, %v", tt.n, tt.of, got, ok, tt.want, tt.ok)
		}
	}
}
