package identity

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"golang.org/x/crypto/argon2"
)

// HashParams are the argon2id cost parameters. DefaultHashParams follow the
// OWASP recommendation (19 MiB, 2 passes, 1 lane), about 30 ms on one core;
// tests use cheaper ones.
type HashParams struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultHashParams is used in production.
var DefaultHashParams = HashParams{Memory: 19 * 1024, Time: 2, Threads: 1}

// HashPassword returns a PHC-format argon2id hash with a random salt.
func HashPassword(pw string, p HashParams) string {
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// CheckPassword reports whether pw matches the PHC hash, in constant time.
// A malformed hash never matches.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var p HashParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// CheckPolicy enforces the 等保2.0 level-3 password rule: at least 8
// characters from at least three of upper case, lower case, digits and
// symbols, not containing the user name. field names the form field for the
// error message.
func CheckPolicy(pw, username, field string) error {
	if len([]rune(pw)) < 8 {
		return errs.FieldErrors(map[string]string{field: "密码至少 8 位。"})
	}
	if len(pw) > 128 {
		return errs.FieldErrors(map[string]string{field: "密码不能超过 128 个字符。"})
	}
	var upper, lower, digit, other bool
	for _, r := range pw {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{upper, lower, digit, other} {
		if b {
			classes++
		}
	}
	if classes < 3 {
		return errs.FieldErrors(map[string]string{field: "密码须包含大写字母、小写字母、数字、符号中的至少三类。"})
	}
	if username != "" && strings.Contains(strings.ToLower(pw), strings.ToLower(username)) {
		return errs.FieldErrors(map[string]string{field: "密码不能包含用户名。"})
	}
	return nil
}
