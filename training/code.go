package training

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Completion codes are 12 characters of Crockford base32 (60 bits), shown
// as XXXX-XXXX-XXXX. They hold, from the top bit:
//
//	14 bits  the module (the top bits of SHA-256 of its id)
//	 7 bits  the module version (1..127)
//	 3 bits  the language (index in CodeLanguages)
//	13 bits  the day of the pass, in days since 2025-01-01
//	23 bits  an HMAC-SHA256 of the 37 bits above, under a key derived from
//	         the deployment secret
//
// Nothing in a code says who passed. Without the secret a forger has one
// chance in 8 million per guess; the API is behind organisation tokens.
const (
	codeLen       = 12
	moduleBits    = 14
	versionBits   = 7
	langBits      = 3
	dayBits       = 13
	macBits       = 23
	payloadBits   = moduleBits + versionBits + langBits + dayBits
	codePurpose   = "peerbot/v1/training/completion-code"
	crockford     = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	codeGroupSize = 4
)

// CodeLanguages are the languages a code can name, in a fixed order (the
// order is part of the code format).
var CodeLanguages = []string{"en", "pt", "nl", "pl", "lt", "el", "uk", "ru"}

// codeEpoch is day 0 of the codes.
var codeEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// Errors of completion codes.
var (
	// ErrCodeInvalid: not a code, mistyped, or not made with this
	// deployment's secret.
	ErrCodeInvalid = errors.New("not a valid completion code")
	// ErrCodeModule: the code is genuine but its module is not offered
	// here any more.
	ErrCodeModule = errors.New("the code is genuine but its module is not offered any more")
)

// Signer makes keyed digests under the deployment secret
// (*privacy.Sealer).
type Signer interface {
	Keyed(purpose string, parts ...string) []byte
}

// Completion is what a code says: which module, version and language was
// passed, and on which day. Nothing about the person.
type Completion struct {
	Module  ModuleID
	Version int
	Lang    string
	Date    time.Time
}

// Codes makes and checks completion codes.
type Codes struct {
	Signer  Signer
	Catalog *Catalog
}

// moduleHash is the 14 bits naming a module in codes.
func moduleHash(id ModuleID) uint64 {
	sum := sha256.Sum256([]byte(id))
	return uint64(binary.BigEndian.Uint16(sum[:2])) >> (16 - moduleBits)
}

func (c Codes) mac(payload uint64) uint64 {
	b := binary.BigEndian.AppendUint64(nil, payload)
	sum := c.Signer.Keyed(codePurpose, string(b))
	return binary.BigEndian.Uint64(sum[:8]) >> (64 - macBits)
}

// Make returns the code for a completion.
func (c Codes) Make(done Completion) (string, error) {
	lang := slices.Index(CodeLanguages, done.Lang)
	days := int(Day(done.Date).Sub(codeEpoch).Hours() / 24)
	switch {
	case lang < 0:
		return "", fmt.Errorf("making a completion code: language %q has no code", done.Lang)
	case done.Version < 1 || done.Version >= 1<<versionBits:
		return "", fmt.Errorf("making a completion code: version %d out of range", done.Version)
	case days < 0 || days >= 1<<dayBits:
		return "", fmt.Errorf("making a completion code: date %s out of range", done.Date.Format(time.DateOnly))
	}
	payload := moduleHash(done.Module)<<(versionBits+langBits+dayBits) |
		uint64(done.Version)<<(langBits+dayBits) | uint64(lang)<<dayBits | uint64(days)
	v := payload<<macBits | c.mac(payload)
	var b strings.Builder
	for i := codeLen - 1; i >= 0; i-- {
		b.WriteByte(crockford[(v>>(5*i))&31])
		if i > 0 && i%codeGroupSize == 0 {
			b.WriteByte('-')
		}
	}
	return b.String(), nil
}

// normalize reads a code as typed: any case, with or without dashes and
// spaces, O for 0 and I or L for 1 (Crockford's rules).
func normalize(s string) (uint64, bool) {
	var v uint64
	n := 0
	for _, r := range strings.ToUpper(s) {
		switch r {
		case '-', ' ':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		i := strings.IndexRune(crockford, r)
		if i < 0 || n == codeLen {
			return 0, false
		}
		v = v<<5 | uint64(i)
		n++
	}
	return v, n == codeLen
}

// Verify checks a code and returns what it says. A code that is not
// genuine is ErrCodeInvalid; a genuine code of a module no longer offered
// is ErrCodeModule.
func (c Codes) Verify(code string) (Completion, error) {
	v, ok := normalize(code)
	if !ok {
		return Completion{}, ErrCodeInvalid
	}
	payload := v >> macBits
	if v&(1<<macBits-1) != c.mac(payload) {
		return Completion{}, ErrCodeInvalid
	}
	days := int(payload & (1<<dayBits - 1))
	lang := int(payload >> dayBits & (1<<langBits - 1))
	version := int(payload >> (langBits + dayBits) & (1<<versionBits - 1))
	hash := payload >> (versionBits + langBits + dayBits)
	done := Completion{Version: version, Lang: CodeLanguages[lang], Date: codeEpoch.AddDate(0, 0, days)}
	for _, m := range c.Catalog.All() {
		if moduleHash(m.ID) == hash {
			done.Module = m.ID
			return done, nil
		}
	}
	return done, ErrCodeModule
}
