package outreach

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

func TestCheckNote(t *testing.T) {
	allowed := []string{"Cais do Sodré", "Estação Oriente", "Lisboa", "Warszawa Centralna"}
	tests := []struct {
		name string
		note string
		want error
	}{
		// Harmless notes, in several languages and scripts.
		{"empty", "", nil},
		{"english", "Quiet night. Two people asked about the new batch, strong and fast.", nil},
		{"drugs in capitals", "Lots of questions about PrEP, HIV and HCV testing; OST waiting list is long.", nil},
		{"drug names", "People say the heroin is cut with xylazine. Nitazenes suspected.", nil},
		{"brand at sentence start", "Naloxone ran out at 11. Suboxone asked for twice.", nil},
		{"portuguese place with article", "Muita gente na Praça do Comércio, pedidos de pratas.", nil},
		{"portuguese street", "Na Rua Augusta havia polícia, fomos para outro sítio.", nil},
		{"hotspot", "Depois fomos ao Cais do Sodré e ao Estação Oriente.", nil},
		{"region", "Noite calma em Lisboa Centro.", nil},
		{"polish", "Dużo pytań o test paski. Policja przy dworcu.", nil},
		{"polish station allowed", "Potem Warszawa Centralna, spokojnie.", nil},
		{"dutch", "Rustige avond in het park, veel vragen over naloxon.", nil},
		{"lithuanian", "Daug klausimų apie naloksoną, ramu.", nil},
		{"greek", "Ήσυχη βραδιά. Πολλές ερωτήσεις για ναλοξόνη.", nil},
		{"ukrainian", "Тихий вечір. Багато питань про налоксон.", nil},
		{"russian", "Спокойно. Спрашивали про тест-полоски.", nil},
		{"date iso", "Batch seen since 2026-11-28, still around.", nil},
		{"date dotted", "Od 28.11.2026 nowa partia.", nil},
		{"time range dotted", "Shift 18.30-22.45, busy.", nil},
		{"counts", "Gave 20 syringes and 5 foils, 3 kits.", nil},
		{"six digits", "Stock number 123456 is low.", nil},
		{"bullet list", "Notes:\n- Police around.\n- New batch.", nil},

		// Phone numbers.
		{"pt mobile spaced", "liga para 912 345 678 se precisar", ErrNotePhone},
		{"pt mobile country code", "contacto +351 912345678", ErrNotePhone},
		{"plus short", "ligou do +48 600 70", ErrNotePhone},
		{"pl dashes", "numer 600-700-800", ErrNotePhone},
		{"brackets", "call (22) 555-0199", ErrNotePhone},
		{"plain run", "tel 6007008001", ErrNotePhone},
		{"ukrainian", "Телефон 067 123 45 67", ErrNotePhone},
		{"dotted", "tel. 06.12.34.56.78", ErrNotePhone},

		// Usernames and "name:" patterns.
		{"username", "talk to @streetpeer later", ErrNoteName},
		{"email", "wrote to anna.k@example.org", ErrNoteName},
		{"name colon", "name: unknown, about 30", ErrNoteName},
		{"nome", "Nome: Zé", ErrNoteName},
		{"imie", "imię: Kasia", ErrNoteName},
		{"ukrainian name", "Ім'я: Оля", ErrNoteName},
		{"russian called", "его зовут Саша", ErrNoteName},
		{"english called", "a guy called Mike asked for kits", ErrNoteName},
		{"portuguese chama-se", "ela chama-se Rita", ErrNoteName},

		// Two capitalised words.
		{"english name", "Gave kits to John Smith near the station.", ErrNoteName},
		{"name at start", "Maria Silva asked for a referral.", ErrNoteName},
		{"portuguese name", "Falei com a Ana Costa sobre o teste.", ErrNoteName},
		{"polish name", "Rozmowa z Tomasz Nowak o leczeniu.", ErrNoteName},
		{"greek name", "Μιλήσαμε με τον Γιάννη Παπαδόπουλο.", ErrNoteName},
		{"ukrainian name pair", "Бачили Олену Петренко біля вокзалу.", ErrNoteName},
		{"lithuanian name", "Kalbėjome su Jonas Kazlauskas.", ErrNoteName},
		{"hyphenated", "Met Jean-Luc Martin again.", ErrNoteName},
		{"place not allowed", "Then Rossio Square, then Bairro Alto.", ErrNoteName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckNote(tt.note, allowed)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("CheckNote(%q) = %v, want %v", tt.note, err, tt.want)
			}
			if err != nil && !errors.Is(err, ErrInvalid) {
				t.Errorf("CheckNote(%q) = %v, not ErrInvalid", tt.note, err)
			}
		})
	}
}

// FuzzCheckNote checks that the detector never panics, and that text in
// lower case without digits, "@", ":" or "=" is never refused: what it
// refuses always has the shape it looks for.
func FuzzCheckNote(f *testing.F) {
	for _, s := range []string{"", "Maria Silva", "912 345 678", "@user", "name: x", "Praça do Comércio",
		"Ім'я: Оля", "2026-11-28", "18.30-22.45", "Jean-Luc O'Neill", "+", "((((1", "a\u0301b", "\xff\xfe"} {
		f.Add(s, "Cais do Sodré")
	}
	f.Fuzz(func(t *testing.T, note, allowed string) {
		err := CheckNote(note, []string{allowed})
		if err != nil && !errors.Is(err, ErrNotePhone) && !errors.Is(err, ErrNoteName) {
			t.Fatalf("CheckNote(%q) = %v", note, err)
		}
		if errors.Is(err, ErrNotePhone) {
			digits := 0
			for _, r := range note {
				if r >= '0' && r <= '9' {
					digits++
				}
			}
			if digits < 6 {
				t.Fatalf("CheckNote(%q) found a phone number in %d digits", note, digits)
			}
		}
		plain := !strings.ContainsAny(note, "0123456789@:=")
		for _, r := range note {
			if unicode.IsUpper(r) || unicode.IsTitle(r) {
				plain = false
			}
		}
		if plain && err != nil {
			t.Fatalf("CheckNote(%q) = %v for lower-case text without digits", note, err)
		}
	})
}
