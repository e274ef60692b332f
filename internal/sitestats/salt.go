package sitestats

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"sync"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// visitorBytes is how much of the HMAC is kept: 96 bits, far more than
// enough to tell a day's visitors apart, too little to be worth anything
// without the salt.
const visitorBytes = 12

// saltCache holds the salt of one day (today), so that a request needs the
// database only for the first visit of the day on this server.
type saltCache struct {
	mu   sync.Mutex
	day  calendar.Date
	salt []byte
}

// VisitorKey is the visitor of ip and userAgent under salt: base64url of
// the first 12 bytes of HMAC-SHA256(salt, ip "\n" userAgent).
func VisitorKey(salt []byte, ip, userAgent string) string {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(ip))
	m.Write([]byte{'\n'})
	m.Write([]byte(userAgent))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:visitorBytes])
}

// saltOf returns the salt of day, creating it on first use. Every server
// shares it through sitestats_salts: the first to insert wins and the
// others read the winner's.
func (s *Service) saltOf(ctx context.Context, day calendar.Date) ([]byte, error) {
	c := &s.salts
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.day == day && c.salt != nil {
		return c.salt, nil
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO sitestats_salts (day, salt, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (day) DO NOTHING`, day, hex.EncodeToString(fresh), sqldb.T(s.now())); err != nil {
		return nil, sqldb.Translate(err)
	}
	var h string
	if err := s.db.QueryRowContext(ctx, `SELECT salt FROM sitestats_salts WHERE day = $1`, day).Scan(&h); err != nil {
		return nil, sqldb.Translate(err)
	}
	salt, err := hex.DecodeString(h)
	if err != nil {
		return nil, err
	}
	c.day, c.salt = day, salt
	return salt, nil
}
