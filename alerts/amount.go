package alerts

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// AmountProblem says why a typed amount was not understood.
type AmountProblem int

// The problems ParseAmount reports.
const (
	// AmountNotUnderstood: not a number followed by a unit.
	AmountNotUnderstood AmountProblem = iota + 1
	// AmountUnknownUnit: a number, but the unit is not one of Units.
	AmountUnknownUnit
	// AmountAmbiguous: "1,500 mg" is 1.5 mg in Polish and 1500 mg in
	// English; the person is asked to write it without the separator.
	AmountAmbiguous
	// AmountOutOfRange: zero, over MaxAmount, or a percentage over 100.
	AmountOutOfRange
)

// AmountError is ParseAmount's refusal.
type AmountError struct {
	Problem AmountProblem
	// Input is what was typed (clipped), for logs and tests.
	Input string
}

// Error says what was wrong in English; the bot says it in the person's
// language from Problem.
func (e *AmountError) Error() string {
	switch e.Problem {
	case AmountUnknownUnit:
		return fmt.Sprintf("%q: the unit is not one of %s", e.Input, strings.Join(Units, ", "))
	case AmountAmbiguous:
		return fmt.Sprintf("%q: write it without a thousands separator (1500 mg, or 1.5 mg)", e.Input)
	case AmountOutOfRange:
		return fmt.Sprintf("%q: the amount must be over 0 and at most %d (100 for %%)", e.Input, MaxAmount)
	}
	return fmt.Sprintf("%q: not an amount such as 12.5 mg", e.Input)
}

// amountPattern is a decimal number with a point or a comma, then the unit.
var amountPattern = regexp.MustCompile(`^(\d+(?:[.,]\d+)?|[.,]\d+)\s*(.*)$`)

// unitAliases maps the ways people write units (lower case, spaces
// removed) to the unit of Units: micrograms as µ (micro sign), μ (Greek
// mu), u or mc, and the Cyrillic abbreviations Ukrainian and Russian use.
var unitAliases = map[string]string{
	"mg": "mg", "g": "g", "%": "%",
	"µg": "µg", "μg": "µg", "ug": "µg", "mcg": "µg",
	"mg/ml": "mg/ml",
	"µg/ml": "µg/ml", "μg/ml": "µg/ml", "ug/ml": "µg/ml", "mcg/ml": "µg/ml",
	"мг": "mg", "г": "g", "мкг": "µg", "мг/мл": "mg/ml", "мкг/мл": "µg/ml",
}

// maxAmountInput bounds what ParseAmount reads: an amount is a few
// characters, so anything longer is not one.
const maxAmountInput = 40

// ParseAmount reads an amount as a person types it in a chat: a decimal
// number, with a point or a comma, then a unit of Units with or without a
// space ("12.5 mg", "12,5mg", "30 %", "150 ug", "2 mg/ml"). Units are read
// in any case, µg may be written ug, mcg or with a Greek mu, and the
// Cyrillic мг, мкг, г and мл are read as mg, µg, g and ml. The amount
// must be over 0 and at most MaxAmount, and at most 100 in %. Problems come
// back as an *AmountError.
func ParseAmount(s string) (amount float64, unit string, err error) {
	s = strings.TrimSpace(s)
	fail := func(p AmountProblem) (float64, string, error) {
		return 0, "", &AmountError{Problem: p, Input: clip(s)}
	}
	if len(s) > maxAmountInput {
		return fail(AmountNotUnderstood)
	}
	m := amountPattern.FindStringSubmatch(s)
	if m == nil || m[2] == "" {
		return fail(AmountNotUnderstood)
	}
	number, rawUnit := m[1], m[2]
	unit, ok := unitAliases[strings.ToLower(strings.Join(strings.Fields(rawUnit), ""))]
	if !ok {
		if strings.ContainsAny(rawUnit[:1], "0123456789.,") {
			// "1.2.3 mg", "12,5,0 mg": the number itself is wrong.
			return fail(AmountNotUnderstood)
		}
		return fail(AmountUnknownUnit)
	}
	if whole, frac, comma := strings.Cut(number, ","); comma && len(frac) == 3 && strings.TrimLeft(whole, "0") != "" {
		return fail(AmountAmbiguous)
	}
	amount, err = strconv.ParseFloat(strings.Replace(number, ",", ".", 1), 64)
	if err != nil || amount <= 0 || amount > MaxAmount || (unit == "%" && amount > 100) {
		return fail(AmountOutOfRange)
	}
	return amount, unit, nil
}
