package alerts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Partner is a drug-checking partner (a lab, a festival testing service)
// allowed to publish alerts for its regions.
type Partner struct {
	ID   PartnerID
	Name string
	// Regions are the ISO 3166-2 region or country codes the partner may
	// publish for; a country code covers all its regions.
	Regions []string
	// Review says the partner's alerts wait for a moderator before they
	// are sent.
	Review    bool
	CreatedAt time.Time
	// RevokedAt is when its token was revoked; zero while it is valid.
	RevokedAt time.Time
}

// MaxPartnerNameRunes bounds a partner's name.
const MaxPartnerNameRunes = 200

// Validate checks a new partner's name and regions against the
// deployment's regions. Problems come back as a *ValidationError naming
// "name" or "regions[i]".
func (p *Partner) Validate(regions RegionSet) error {
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		return invalid("name", "is required")
	}
	if err := checkText("name", p.Name, MaxPartnerNameRunes, false); err != nil {
		return err
	}
	if len(p.Regions) == 0 {
		return invalid("regions", "name at least one region the partner may publish for")
	}
	for i, code := range p.Regions {
		field := "regions[" + strconv.Itoa(i) + "]"
		if !regions.Valid(code) {
			return invalid(field, "%q is not a known region or country code", clip(code))
		}
		if slices.Index(p.Regions, code) < i {
			return invalid(field, "%s is listed twice", code)
		}
	}
	return nil
}

// Covers reports whether the partner may publish for code: it holds the
// code itself or the code's country. A partner for PL covers PL-14; one for
// PL-14 does not cover PL.
func (p *Partner) Covers(code string) bool {
	for _, r := range p.Regions {
		if r == code || strings.HasPrefix(code, r+"-") {
			return true
		}
	}
	return false
}

// Revoked reports whether the partner's token has been revoked.
func (p *Partner) Revoked() bool { return !p.RevokedAt.IsZero() }

// tokenPrefix marks Peerbot partner tokens, so a leaked one is easy to
// recognise (and to search for in repositories).
const tokenPrefix = "pb_"

// tokenBytes is the token's entropy.
const tokenBytes = 32

// NewPartnerToken returns a new bearer token ("pb_" and 32 random bytes in
// base64url) and the hash to store; the token itself is shown once and
// never stored.
func NewPartnerToken() (token string, hash []byte, err error) {
	var b [tokenBytes]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", nil, fmt.Errorf("creating a partner token: %w", err)
	}
	token = tokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	return token, HashPartnerToken(token), nil
}

// HashPartnerToken returns the SHA-256 of a token, as stored. A plain hash
// is enough: the token has 256 bits of entropy, so nothing can be guessed
// from it.
func HashPartnerToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// WellFormedToken reports whether s looks like a partner token, so that
// garbage is refused without a database lookup.
func WellFormedToken(s string) bool {
	rest, ok := strings.CutPrefix(s, tokenPrefix)
	if !ok || len(rest) != base64.RawURLEncoding.EncodedLen(tokenBytes) {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(rest)
	return err == nil
}
