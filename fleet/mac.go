package fleet

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"time"
)

// MinKeyBytes is the shortest key that signs values: 128 bits.
const MinKeyBytes = 16

// With a key, every value maitre writes to Redis is sealed:
//
//	m1.<mac>.<expiry>.<JSON>
//
// mac is the unpadded base64url HMAC-SHA256, under the key, of the Redis
// key (its length first) followed by "<expiry>.<JSON>"; expiry is the Unix
// second after which the value is void, 0 for none. The Redis key is under
// the MAC so that a sealed value copied to another key (another tenant's,
// another day's) fails; the expiry, so that a value written back after it
// expired or was deleted is void once its first life would have ended.
const sealTag = "m1."

var macLen = base64.RawURLEncoding.EncodedLen(sha256.Size)

// Why a value read is not used: errForged is counted, errExpired is a
// value past its time, as if Redis had expired it.
var (
	errForged  = errors.New("fleet: the value's MAC does not verify")
	errExpired = errors.New("fleet: the value has expired")
)

// keyring seals values with its first key and opens those sealed with
// any; empty, it writes and reads values as bare JSON.
type keyring [][]byte

func newKeyring(key, previous []byte) (keyring, error) {
	switch {
	case len(key) == 0 && len(previous) > 0:
		return nil, errors.New("fleet: a previous key without a key: the key signs, the previous one is only accepted")
	case len(key) == 0:
		return nil, nil
	case len(key) < MinKeyBytes || len(previous) > 0 && len(previous) < MinKeyBytes:
		return nil, fmt.Errorf("fleet: a key of %d bytes and a previous key of %d: each needs %d at least", len(key), len(previous), MinKeyBytes)
	case len(previous) > 0:
		return keyring{key, previous}, nil
	}
	return keyring{key}, nil
}

// seal is value as written under key: sealed to expire after ttl (0:
// never), or bare without keys.
func (k keyring) seal(key string, value []byte, ttl time.Duration, now time.Time) []byte {
	if len(k) == 0 {
		return value
	}
	var expiry int64
	if ttl > 0 {
		expiry = now.Add(ttl + time.Second - 1).Unix() // rounded up
	}
	rest := append(strconv.AppendInt(nil, expiry, 10), '.')
	rest = append(rest, value...)
	out := make([]byte, 0, len(sealTag)+macLen+1+len(rest))
	out = append(out, sealTag...)
	out = base64.RawURLEncoding.AppendEncode(out, mac(hmac.New(sha256.New, k[0]), key, rest))
	return append(append(out, '.'), rest...)
}

// open is the JSON that raw, read from key, seals under one of the keys
// and before its expiry; without keys, raw itself.
func (k keyring) open(key string, raw []byte, now time.Time) ([]byte, error) {
	if len(k) == 0 {
		return raw, nil
	}
	head := len(sealTag) + macLen + 1
	if len(raw) < head || !bytes.HasPrefix(raw, []byte(sealTag)) || raw[head-1] != '.' {
		return nil, errForged
	}
	got, err := base64.RawURLEncoding.DecodeString(string(raw[len(sealTag) : head-1]))
	rest := raw[head:]
	if err != nil || !k.verifies(key, rest, got) {
		return nil, errForged
	}
	digits, value, ok := bytes.Cut(rest, []byte("."))
	expiry, err := strconv.ParseInt(string(digits), 10, 64)
	switch {
	case !ok || err != nil:
		return nil, errForged
	case expiry != 0 && now.Unix() > expiry:
		return nil, errExpired
	}
	return value, nil
}

func (k keyring) verifies(key string, rest, got []byte) bool {
	for _, secret := range k {
		if hmac.Equal(mac(hmac.New(sha256.New, secret), key, rest), got) {
			return true
		}
	}
	return false
}

func mac(h hash.Hash, key string, rest []byte) []byte {
	h.Write(binary.AppendUvarint(nil, uint64(len(key))))
	h.Write([]byte(key))
	h.Write(rest)
	return h.Sum(nil)
}
