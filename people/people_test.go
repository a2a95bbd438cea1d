package people

import "testing"

func TestSilentAt(t *testing.T) {
	quiet := &Person{Discreet: Discreet{QuietNights: true}}
	loud := &Person{}
	tests := []struct {
		hour        int
		quiet, loud bool
	}{
		{21, false, false}, {22, true, false}, {23, true, false}, {0, true, false},
		{6, true, false}, {7, false, false}, {12, false, false},
	}
	for _, tt := range tests {
		if got := quiet.SilentAt(tt.hour); got != tt.quiet {
			t.Errorf("quiet nights at %d:00 = %v, want %v", tt.hour, got, tt.quiet)
		}
		if got := loud.SilentAt(tt.hour); got != tt.loud {
			t.Errorf("no quiet nights at %d:00 = %v, want %v", tt.hour, got, tt.loud)
		}
	}
}
