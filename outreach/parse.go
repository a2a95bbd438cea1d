package outreach

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// ParseCount reads a number typed in the chat ("12", " 12 ").
func ParseCount(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > MaxCount {
		return 0, fmt.Errorf("%w: %q is not a number from 0 to %d", ErrInvalid, s, MaxCount)
	}
	return n, nil
}

// ParseMaterial reads "syringes 20", "20 seringas" or "folia: 5": a
// material and how many were given. names are the words each material may
// be called by, in the person's language and in English; a word matches a
// name it starts (at least 3 letters: "syr", "ser"), without regard to
// case.
func ParseMaterial(s string, names map[Material][]string) (Material, int, error) {
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || r == ':' || r == '=' || r == ','
	})
	var words []string
	n, numbers := 0, 0
	for _, f := range fields {
		if v, err := strconv.Atoi(f); err == nil {
			n, numbers = v, numbers+1
			continue
		}
		words = append(words, f)
	}
	if numbers != 1 || len(words) == 0 {
		return "", 0, fmt.Errorf("%w: %q is not a material and a number", ErrInvalid, s)
	}
	if n < 0 || n > MaxCount {
		return "", 0, fmt.Errorf("%w: %d is not a number from 0 to %d", ErrInvalid, n, MaxCount)
	}
	word := strings.Join(words, " ")
	if len([]rune(word)) < 3 {
		return "", 0, fmt.Errorf("%w: %q is too short to name a material", ErrInvalid, word)
	}
	var found []Material
	for _, m := range Materials {
		for _, name := range append(names[m], string(m)) {
			if len([]rune(name)) < 3 {
				continue
			}
			if strings.HasPrefix(strings.ToLower(name), word) || strings.HasPrefix(word, strings.ToLower(name)) {
				found = append(found, m)
				break
			}
		}
	}
	if len(found) != 1 {
		return "", 0, fmt.Errorf("%w: %q names no material, or more than one", ErrInvalid, word)
	}
	return found[0], n, nil
}
