package alerts

import (
	"errors"
	"slices"
	"strconv"
	"testing"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in      string
		amount  float64
		unit    string
		problem AmountProblem
	}{
		{"12.5 mg", 12.5, "mg", 0},
		{"12,5mg", 12.5, "mg", 0},
		{"  40 MG ", 40, "mg", 0},
		{"0,125 mg", 0.125, "mg", 0},
		{".5 g", 0.5, "g", 0},
		{"30 %", 30, "%", 0},
		{"100%", 100, "%", 0},
		{"150 ug", 150, "µg", 0},
		{"150 mcg", 150, "µg", 0},
		{"150 μg", 150, "µg", 0}, // Greek mu
		{"150 µg", 150, "µg", 0}, // micro sign
		{"2 mg/ml", 2, "mg/ml", 0},
		{"2 mg / mL", 2, "mg/ml", 0},
		{"20 µg/ml", 20, "µg/ml", 0},
		{"1000000 mg", MaxAmount, "mg", 0},
		{"1500 mg", 1500, "mg", 0},
		{"1.500 mg", 1.5, "mg", 0}, // a point is always a decimal point
		{"12,5 мг", 12.5, "mg", 0},
		{"150 МКГ", 150, "µg", 0},
		{"2 мг/мл", 2, "mg/ml", 0},

		{"", 0, "", AmountNotUnderstood},
		{"mg", 0, "", AmountNotUnderstood},
		{"12.5", 0, "", AmountNotUnderstood},
		{"about 12 mg", 0, "", AmountNotUnderstood},
		{"-5 mg", 0, "", AmountNotUnderstood},
		{"1.2.3 mg", 0, "", AmountNotUnderstood},
		{"12, 5 mg", 0, "", AmountNotUnderstood},
		{"1e3 mg", 0, "", AmountUnknownUnit},
		{"12 pills", 0, "", AmountUnknownUnit},
		{"12 kg", 0, "", AmountUnknownUnit},
		{"1,500 mg", 0, "", AmountAmbiguous},
		{"12,000 mg", 0, "", AmountAmbiguous},
		{"0 mg", 0, "", AmountOutOfRange},
		{"0,000 mg", 0, "", AmountOutOfRange},
		{"1000001 mg", 0, "", AmountOutOfRange},
		{"101 %", 0, "", AmountOutOfRange},
		{"12 mg but maybe more than that, who knows", 0, "", AmountNotUnderstood},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			amount, unit, err := ParseAmount(tt.in)
			if tt.problem != 0 {
				var ae *AmountError
				if !errors.As(err, &ae) || ae.Problem != tt.problem {
					t.Fatalf("ParseAmount(%q) = %v, %q, %v; want problem %d", tt.in, amount, unit, err, tt.problem)
				}
				if ae.Error() == "" {
					t.Error("empty error text")
				}
				return
			}
			if err != nil || amount != tt.amount || unit != tt.unit {
				t.Fatalf("ParseAmount(%q) = %v, %q, %v; want %v %q", tt.in, amount, unit, err, tt.amount, tt.unit)
			}
		})
	}
}

// FuzzParseAmount checks that whatever a person types, an accepted amount
// is one Validate accepts in an alert, and that it reads back the same when
// written out again.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"12.5 mg", "12,5mg", "30 %", "150 ug", "2 mg / ml", "1,500 mg", "0 g", "1e9 mg", "µ", "12 μg/mL"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		amount, unit, err := ParseAmount(s)
		if err != nil {
			var ae *AmountError
			if !errors.As(err, &ae) || ae.Problem < AmountNotUnderstood || ae.Problem > AmountOutOfRange {
				t.Fatalf("ParseAmount(%q): error %v is not an AmountError", s, err)
			}
			return
		}
		if !slices.Contains(Units, unit) {
			t.Fatalf("ParseAmount(%q): unit %q is not one of Units", s, unit)
		}
		c := Content{Substance: "pmma", Amount: amount, Unit: unit}
		a := &Alert{Contents: []Content{c}}
		if err := a.validateContents(pmmaOnly{}); err != nil {
			t.Fatalf("ParseAmount(%q) = %v %s, which Validate refuses: %v", s, amount, unit, err)
		}
		again, unit2, err := ParseAmount(strconv.FormatFloat(amount, 'f', -1, 64) + " " + unit)
		if err != nil || again != amount || unit2 != unit {
			t.Fatalf("ParseAmount(%q) = %v %s, which reads back as %v %s, %v", s, amount, unit, again, unit2, err)
		}
	})
}

// pmmaOnly is a vocabulary of one substance.
type pmmaOnly struct{}

func (pmmaOnly) Group(s string) (string, bool) { return "mdma", s == "pmma" }
