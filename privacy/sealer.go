// Package privacy turns the deployment secret (PEERBOT_SECRET) into the keys
// that keep people unidentifiable: chat ids are encrypted at rest, looked up by
// a keyed hash, and appear in logs and Redis keys only as short keyed digests.
//
// Every key is derived from the one secret with HKDF-SHA256 and a distinct
// label, so a digest made for one purpose (a log line) can never be matched
// against one made for another (the database lookup hash).
package privacy

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"log/slog"

	"github.com/peerbot/peerbot/people"
)

// MinSecretLen is the shortest deployment secret accepted, in bytes.
const MinSecretLen = 32

// HKDF info labels, one per purpose. Changing one changes every value derived
// for that purpose, so they are part of the stored data format.
const (
	labelSeal  = "peerbot/v1/chat-id/encryption"
	labelHash  = "peerbot/v1/chat-id/lookup-hash"
	labelRedis = "peerbot/v1/chat-id/redis-key"
	labelLog   = "peerbot/v1/chat-id/log-id"
	labelKeyed = "peerbot/v1/keyed"
)

// hkdfSalt is fixed: the secret is the only input keying material and the
// derived keys must be the same on every replica and after every restart.
var hkdfSalt = []byte("peerbot hkdf salt v1")

// sealVersion prefixes every sealed chat id so that a later key or format
// change can tell old ciphertexts from new ones.
const sealVersion byte = 1

// ErrOpen is returned when a sealed chat id cannot be decrypted: it was
// tampered with, truncated, or sealed under another secret.
var ErrOpen = errors.New("sealed chat id cannot be opened")

// Sealer encrypts and hashes chat ids with keys derived from the deployment
// secret. It is safe for concurrent use.
type Sealer struct {
	aead     cipher.AEAD
	hashKey  []byte
	redisKey []byte
	logKey   []byte
	keyedKey []byte
}

// NewSealer derives the keys from secret, the value of PEERBOT_SECRET. Secrets
// shorter than MinSecretLen bytes are rejected.
func NewSealer(secret string) (*Sealer, error) {
	if len(secret) < MinSecretLen {
		return nil, fmt.Errorf("PEERBOT_SECRET must be at least %d bytes long, got %d", MinSecretLen, len(secret))
	}
	derive := func(label string) ([]byte, error) {
		k, err := hkdf.Key(sha256.New, []byte(secret), hkdfSalt, label, 32)
		if err != nil {
			return nil, fmt.Errorf("deriving %s key: %w", label, err)
		}
		return k, nil
	}
	var s Sealer
	for _, d := range []struct {
		label string
		dst   *[]byte
	}{
		{labelHash, &s.hashKey},
		{labelRedis, &s.redisKey},
		{labelLog, &s.logKey},
		{labelKeyed, &s.keyedKey},
	} {
		k, err := derive(d.label)
		if err != nil {
			return nil, err
		}
		*d.dst = k
	}
	sealKey, err := derive(labelSeal)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(sealKey) // 32 bytes: AES-256
	if err != nil {
		return nil, fmt.Errorf("creating chat id cipher: %w", err)
	}
	s.aead, err = cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("creating chat id cipher: %w", err)
	}
	return &s, nil
}

// chatBytes is the fixed-size encoding of a chat id that every key sees.
func chatBytes(chat people.ChatID) []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(chat))
}

// Seal encrypts a chat id with AES-256-GCM and a random nonce: sealing the same
// id twice gives different bytes, so ciphertexts cannot be compared.
// The result is version byte, nonce, then ciphertext and tag.
func (s *Sealer) Seal(chat people.ChatID) ([]byte, error) {
	out := make([]byte, 1+s.aead.NonceSize(), 1+s.aead.NonceSize()+8+s.aead.Overhead())
	out[0] = sealVersion
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, fmt.Errorf("sealing chat id: %w", err)
	}
	// The version byte is authenticated too, so it cannot be swapped.
	return s.aead.Seal(out, out[1:], chatBytes(chat), out[:1]), nil
}

// Open decrypts what Seal produced. It returns an error wrapping ErrOpen for
// anything else, including bytes sealed under another secret.
func (s *Sealer) Open(sealed []byte) (people.ChatID, error) {
	n := s.aead.NonceSize()
	if len(sealed) != 1+n+8+s.aead.Overhead() {
		return 0, fmt.Errorf("%w: wrong length %d", ErrOpen, len(sealed))
	}
	if sealed[0] != sealVersion {
		return 0, fmt.Errorf("%w: unknown version %d", ErrOpen, sealed[0])
	}
	plain, err := s.aead.Open(nil, sealed[1:1+n], sealed[1+n:], sealed[:1])
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrOpen, err)
	}
	return people.ChatID(binary.BigEndian.Uint64(plain)), nil
}

// Hash returns the 32-byte HMAC-SHA256 of a chat id: the database lookup key.
// The same id always gives the same hash under the same secret.
func (s *Sealer) Hash(chat people.ChatID) []byte {
	return mac(s.hashKey, chatBytes(chat))
}

// Key returns a 16-character hex digest of a chat id for Redis keys (64 bits:
// collisions are negligible at any realistic number of people). It uses its
// own key, so it cannot be matched with the database hash or a log id.
func (s *Sealer) Key(chat people.ChatID) string {
	return hex.EncodeToString(mac(s.redisKey, chatBytes(chat))[:8])
}

// LogID returns an 8-character hex digest of a chat id, enough to follow one
// conversation through the logs and too short to be a reliable identifier.
func (s *Sealer) LogID(chat people.ChatID) string {
	return hex.EncodeToString(mac(s.logKey, chatBytes(chat))[:4])
}

// Keyed returns a 32-byte HMAC-SHA256 over parts, under a key specific to
// purpose. Different purposes, or different splits of the same text into parts,
// never give the same value: each string is length-prefixed.
func (s *Sealer) Keyed(purpose string, parts ...string) []byte {
	h := hmac.New(sha256.New, s.keyedKey)
	writeString(h, purpose)
	for _, p := range parts {
		writeString(h, p)
	}
	return h.Sum(nil)
}

// LogValue keeps the keys out of logs if a Sealer is ever logged by mistake.
func (s *Sealer) LogValue() slog.Value { return slog.StringValue("privacy.Sealer") }

// String keeps the keys out of fmt output.
func (s *Sealer) String() string { return "privacy.Sealer" }

// GoString keeps the keys out of %#v output.
func (s *Sealer) GoString() string { return "privacy.Sealer" }

func writeString(h hash.Hash, v string) {
	h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(v))))
	h.Write([]byte(v))
}

func mac(key, msg []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(msg)
	return h.Sum(nil)
}
