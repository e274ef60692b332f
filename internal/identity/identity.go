// Package identity owns accounts, enterprises, role assignments, sessions and
// API keys: who may sign in, how, and as whom they act. It turns a session
// cookie or an API key into an access.Principal for every request, enforces
// the 等保2.0 level-3 login policy (password rule, lockout after five
// failures, 30-minute idle timeout) and audits every login, logout and
// failure.
package identity

import (
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/idcode"
)

// Account kinds.
const (
	KindStaff      = "staff"
	KindEnterprise = "enterprise"
)

// User is an account with its role assignments.
type User struct {
	ID                 int64
	Username           string
	DisplayName        string
	Kind               string
	EnterpriseID       int64
	EnterpriseName     string
	CreditCode         string
	IDNumber           idcode.IDNumber
	Phone              string
	MustChangePassword bool
	FailedLogins       int
	LockedUntil        time.Time
	LastLoginAt        time.Time
	Active             bool
	CreatedAt          time.Time
	Assignments        []Assignment
}

// Locked reports whether the account is locked at now.
func (u User) Locked(now time.Time) bool { return u.LockedUntil.After(now) }

// Assignment is a stored role assignment with its id.
type Assignment struct {
	ID int64
	access.Assignment
}

// Policy is the login policy. DefaultPolicy is 等保2.0 level 3.
type Policy struct {
	LockThreshold int           // failures before lock
	LockDuration  time.Duration // how long a lock lasts
	IdleTimeout   time.Duration // session ends after this long without a request
	MaxLifetime   time.Duration // session ends after this long regardless
	Hash          HashParams
}

// DefaultPolicy: 5 failures lock for 15 minutes; 30 minutes idle; 12 hours at most.
var DefaultPolicy = Policy{LockThreshold: 5, LockDuration: 15 * time.Minute,
	IdleTimeout: 30 * time.Minute, MaxLifetime: 12 * time.Hour, Hash: DefaultHashParams}
