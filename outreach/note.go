package outreach

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A shift's note is free text for what numbers do not say ("the new batch
// is strong, several people nodded off"). It must not identify anyone, so
// CheckNote refuses what looks like a phone number or a person's name.
//
// What it refuses, and why:
//   - a run of 7 or more digits joined by spaces, dashes, dots, slashes or
//     brackets ("912 345 678", "(22) 555-0199"), or 6 or more after a "+"
//     ("+351 912 34"): phone numbers. Dates ("2026-12-01", "1.12.2026") and
//     dotted time ranges ("10.30-12.45") are not phone numbers and pass;
//     a list of small numbers with only spaces between them ("20 30 40 50")
//     is refused, because that is how phone numbers are written too.
//   - "@" followed by 3 or more letters, digits or _: a Telegram or other
//     username, and e-mail addresses with it.
//   - "name:", "nome:", "imię:", "имя:" and the like in the eight
//     languages, and "called X", "chama-se X", "зовут X"...
//   - two capitalised words in a row where the second does not start a
//     sentence ("Maria Silva", "gave Олена Петренко", "Γιάννης Παπάς"): the
//     shape of a first name and a surname in every script with letter case.
//     Words in capitals (HIV, PrEP, OST) are not capitalised words, and
//     words naming a kind of place (rua, praça, ulica, street, вулиця...)
//     do not count, so "Rua Augusta" and "Praça do Comércio" pass. Phrases
//     the caller allows (the organisation's hotspots, the region names) pass
//     too: a hotspot is a place, not a person.
//
// What it cannot see: a single first name ("gave Ana a kit"), a name in
// lower case, or a name in a script without letter case. The bot warns not
// to write names before every note; the detector is a safety net, not a
// guarantee, and it is tuned to refuse little that is harmless.
var (
	// ErrNotePhone: the note seems to hold a phone number.
	ErrNotePhone = fmt.Errorf("%w: the note seems to hold a phone number", ErrInvalid)
	// ErrNoteName: the note seems to hold a person's name or username.
	ErrNoteName = fmt.Errorf("%w: the note seems to hold a name or username", ErrInvalid)
)

// CheckNote returns ErrNotePhone or ErrNoteName when note looks like it
// identifies someone, nil otherwise. allowed are phrases that are known
// not to be people (hotspot labels, region names), matched without regard
// to case.
func CheckNote(note string, allowed []string) error {
	if err := checkNoteShape(note); err != nil {
		return err
	}
	if findNamePair(blankAllowed(note, allowed)) {
		return ErrNoteName
	}
	return nil
}

// checkNoteShape is what CheckNote refuses whatever the places: phone
// numbers, usernames and "name:" patterns.
func checkNoteShape(note string) error {
	if findPhone(note) {
		return ErrNotePhone
	}
	if username.MatchString(note) || namePattern.MatchString(note) || calledPattern.MatchString(note) {
		return ErrNoteName
	}
	return nil
}

var (
	// digitRun is digits joined by at most two separator characters each.
	digitRun = regexp.MustCompile(`\+?\(?\d(?:[ \t\-./()]{0,2}\d)*`)
	// notPhone are runs of enough digits that are not phone numbers.
	notPhone = []*regexp.Regexp{
		regexp.MustCompile(`^\d{4}[-./]\d{1,2}[-./]\d{1,2}$`),             // 2026-12-01
		regexp.MustCompile(`^\d{1,2}[-./]\d{1,2}[-./](\d{2}|\d{4})$`),     // 1.12.2026, 01/12/26
		regexp.MustCompile(`^\d{1,2}[.:]\d{2} ?- ?\d{1,2}[.:]\d{2}$`),     // 10.30-12.45
		regexp.MustCompile(`^\d{1,2}[./]\d{1,2} ?- ?\d{1,2}[./]\d{1,2}$`), // 1.12-15.12
	}
	username = regexp.MustCompile(`@[\p{L}\p{N}_]{3,}`)
	// namePattern is "name:" in the eight languages, and nicknames.
	namePattern = regexp.MustCompile(`(?i)(^|[^\p{L}])(name|nickname|nick|nome|apelido|alcunha|naam|bijnaam|imię|imie|nazwisko|ksywa|pseudonim|vardas|pavardė|slapyvardis|όνομα|ονομα|επώνυμο|παρατσούκλι|ім['’]я|прізвище|прізвисько|имя|фамилия|кличка|прозвище)\s*[:=]`)
	// calledPattern is "called X" and its kin, followed by a capital.
	calledPattern = regexp.MustCompile(`(^|[^\p{L}])(?i:called|named|chama-se|chamado|chamada|heet|heette|nazywa się|nazywał się|nazywała się|vadinasi|vardu|λέγεται|τον λένε|την λένε|звати|звуть|зовут)\s+\p{Lu}`)
)

// findPhone reports whether s has a run of digits shaped like a phone
// number.
func findPhone(s string) bool {
	for _, run := range digitRun.FindAllString(s, -1) {
		run = strings.TrimRight(run, " \t-./(")
		digits := 0
		for _, r := range run {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		need := 7
		if strings.HasPrefix(run, "+") {
			need = 6
		}
		if digits < need {
			continue
		}
		plain := strings.TrimLeft(run, "+(")
		dated := false
		for _, re := range notPhone {
			if re.MatchString(plain) {
				dated = true
				break
			}
		}
		if !dated {
			return true
		}
	}
	return false
}

// placeWords name kinds of places; next to one, a capitalised word is part
// of a place's name.
var placeWords = func() map[string]bool {
	words := map[string]bool{}
	// Word lists per language rather than a literal map: easier to extend.
	for _, w := range strings.Fields(`
		street square road avenue park station bridge market lane place hill
		rua praça praca avenida largo travessa estação estacao parque bairro jardim ponte mercado cais
		straat plein laan park station brug markt kade weg
		ulica plac aleja park dworzec stacja most rynek osiedle
		gatvė gatve aikštė aikste prospektas parkas stotis tiltas turgus
		οδός οδος πλατεία πλατεια λεωφόρος λεωφορος πάρκο παρκο σταθμός σταθμος γέφυρα αγορά
		вулиця площа проспект парк вокзал станція міст ринок провулок
		улица площадь проспект парк вокзал станция мост рынок переулок`) {
		words[w] = true
	}
	return words
}()

// blankAllowed replaces every allowed phrase in s with a mark that is
// neither a letter nor a space, so its words pair with nothing.
func blankAllowed(s string, allowed []string) string {
	for _, a := range allowed {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		re, err := regexp.Compile(`(?i)` + regexp.QuoteMeta(a))
		if err != nil {
			continue
		}
		s = re.ReplaceAllString(s, "#")
	}
	return s
}

// findNamePair reports whether s has two capitalised words in a row, the
// second not starting a sentence, neither naming a kind of place.
func findNamePair(s string) bool {
	sentenceStart := true // the next word starts a sentence
	prevCapital := false  // the word just before, with only spaces between, is capitalised
	adjacent := false     // only spaces since the previous word
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			switch {
			case r == ' ' || r == '\t' || r == '\u00a0':
				// Words stay adjacent across spaces.
			case strings.ContainsRune(".!?…:;\n\r•", r):
				sentenceStart, adjacent = true, false
			default:
				adjacent = false
			}
			i += size
			continue
		}
		// A word: letters, with ' ’ - inside ("O'Neill", "Jean-Luc").
		j := i
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
				j += size
				continue
			}
			if strings.ContainsRune("'’-", r) && j+size < len(s) {
				if next, _ := utf8.DecodeRuneInString(s[j+size:]); unicode.IsLetter(next) {
					j += size
					continue
				}
			}
			break
		}
		word := s[i:j]
		capital := capitalised(word) && !placeWords[strings.ToLower(word)]
		if capital && prevCapital && adjacent && !sentenceStart {
			return true
		}
		prevCapital, adjacent, sentenceStart = capital, true, false
		i = j
	}
	return false
}

// capitalised reports whether word starts with a capital followed by at
// least one letter, with no other capitals but at the start of a part
// joined by - or an apostrophe: "Maria", "Jean-Luc", "O'Neill", not "HIV",
// "PrEP" or "I".
func capitalised(word string) bool {
	first, _ := utf8.DecodeRuneInString(word)
	if !unicode.IsUpper(first) && !unicode.IsTitle(first) {
		return false
	}
	letters := 0
	partStart := true
	for _, r := range word {
		switch {
		case strings.ContainsRune("'’-", r):
			partStart = true
			continue
		case unicode.IsUpper(r) && !partStart:
			return false
		case unicode.IsLetter(r):
			letters++
		}
		partStart = false
	}
	return letters > 1
}
