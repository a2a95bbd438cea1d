package privacy

import (
	"encoding/json"
	"testing"
)

func TestCountHidesSmallNumbers(t *testing.T) {
	tests := []struct {
		n     Count
		small bool
		text  string
		json  string
	}{
		{0, true, "fewer than 5", `"fewer than 5"`},
		{1, true, "fewer than 5", `"fewer than 5"`},
		{4, true, "fewer than 5", `"fewer than 5"`},
		{5, false, "5", `5`},
		{1234, false, "1234", `1234`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.n)
		if tt.n.Small() != tt.small || tt.n.String() != tt.text || err != nil || string(b) != tt.json {
			t.Errorf("%d: small %v, %q, %s, %v", int(tt.n), tt.n.Small(), tt.n.String(), b, err)
		}
	}
}
