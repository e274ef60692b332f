package identity

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// APIKey is a machine client's key, acting for one org unit. The secret is
// shown once at creation; only its SHA-256 is stored.
type APIKey struct {
	ID         int64     `json:"id"`
	OrgUnitID  int64     `json:"org_unit_id"`
	OrgName    string    `json:"org_name"`
	RegionCode string    `json:"region_code"`
	Name       string    `json:"name"`
	Prefix     string    `json:"prefix"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
}

// Revoked reports whether the key has been revoked.
func (k APIKey) Revoked() bool { return !k.RevokedAt.IsZero() }

const apiKeyPrefix = "gk_"

// CreateAPIKey issues a key for the org unit. It returns the secret, which
// the caller must show once and never store. Requires APIKeyAdmin in the
// unit's region; audited as apikey.create (without the secret).
func (s *Service) CreateAPIKey(ctx context.Context, orgUnitID int64, name string) (string, APIKey, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 60 {
		return "", APIKey{}, errs.FieldErrors(map[string]string{"name": "请填写密钥用途（60 字以内），例如“省工改系统数据交换”。"})
	}
	unit, err := s.org.Unit(ctx, orgUnitID)
	if err != nil {
		return "", APIKey{}, errs.FieldErrors(map[string]string{"org_unit_id": "请选择有效的机构。"})
	}
	if _, err := access.Authorize(ctx, access.APIKeyAdmin, unit.RegionCode); err != nil {
		return "", APIKey{}, err
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	prefix := hex.EncodeToString(b)
	secret := make([]byte, 24)
	_, _ = rand.Read(secret)
	token := apiKeyPrefix + prefix + "_" + base64.RawURLEncoding.EncodeToString(secret)
	k := APIKey{OrgUnitID: unit.ID, OrgName: unit.Name, RegionCode: unit.RegionCode, Name: name,
		Prefix: apiKeyPrefix + prefix, CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO api_keys (org_unit_id, name, prefix, key_hash, created_by, created_at)
			VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`, k.OrgUnitID, k.Name, k.Prefix, hashToken(token),
			nullInt(access.From(ctx).UserID), sqldb.T(k.CreatedAt)).Scan(&k.ID)
		if err != nil {
			return sqldb.Translate(err)
		}
		return s.rec.Record(ctx, tx, audit.Entry{Action: "apikey.create", ObjectType: "api_key",
			ObjectID: strconv.FormatInt(k.ID, 10), RegionCode: k.RegionCode,
			Detail: map[string]any{"org_unit_id": k.OrgUnitID, "name": k.Name, "prefix": k.Prefix}})
	})
	return token, k, err
}

// RevokeAPIKey revokes a key at once. Revoking twice is a Conflict.
func (s *Service) RevokeAPIKey(ctx context.Context, id int64) error {
	k, err := s.apiKey(ctx, s.db, id)
	if err != nil {
		return err
	}
	p, err := access.Authorize(ctx, access.APIKeyAdmin, k.RegionCode)
	if err != nil {
		return err
	}
	if k.Revoked() {
		return errs.E(errs.Conflict, "该密钥已被吊销。")
	}
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE api_keys SET revoked_at = $2, revoked_by = $3
			WHERE id = $1 AND revoked_at IS NULL`, id, sqldb.T(s.now()), nullInt(p.UserID))
		if err != nil {
			return sqldb.Translate(err)
		}
		return s.rec.Record(ctx, tx, audit.Entry{Action: "apikey.revoke", ObjectType: "api_key",
			ObjectID: strconv.FormatInt(id, 10), RegionCode: k.RegionCode, Detail: map[string]any{"prefix": k.Prefix}})
	})
}

// ListAPIKeys lists the keys in the caller's APIKeyAdmin scope, newest first.
func (s *Service) ListAPIKeys(ctx context.Context) ([]APIKey, error) {
	p, err := access.Authorize(ctx, access.APIKeyAdmin, "")
	if err != nil {
		return nil, err
	}
	scope := p.ScopeOf(access.APIKeyAdmin)
	keys, err := s.apiKeys(ctx, s.db, `ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	out := keys[:0]
	for _, k := range keys {
		if scope.Contains(k.RegionCode) {
			out = append(out, k)
		}
	}
	return out, nil
}

// APIKeyPrincipal authenticates a bearer token. Unknown or revoked keys are
// Unauthenticated. Use is stamped at most once a minute.
func (s *Service) APIKeyPrincipal(ctx context.Context, token string) (*access.Principal, error) {
	if !strings.HasPrefix(token, apiKeyPrefix) {
		return nil, errs.E(errs.Unauthenticated, "API 密钥无效。")
	}
	var id int64
	var last sqldb.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT id, last_used_at FROM api_keys
		WHERE key_hash = $1 AND revoked_at IS NULL`, hashToken(token)).Scan(&id, &last)
	if sqldb.NotFoundIf(err) {
		return nil, errs.E(errs.Unauthenticated, "API 密钥无效或已被吊销。")
	}
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	k, err := s.apiKey(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if now := s.now(); now.Sub(last.Time) > touchEvery {
		if _, err := s.db.ExecContext(ctx, `UPDATE api_keys SET last_used_at = $2 WHERE id = $1`, id, sqldb.T(now)); err != nil {
			return nil, sqldb.Translate(err)
		}
	}
	unit, err := s.org.Unit(ctx, k.OrgUnitID)
	if err != nil {
		return nil, err
	}
	return &access.Principal{APIKeyID: k.ID, Username: k.Prefix, Name: k.Name + "（" + k.OrgName + "）",
		Assignments: []access.Assignment{{Role: access.Machine, RegionID: unit.RegionID,
			RegionCode: unit.RegionCode, RegionName: unit.RegionName, OrgUnitID: unit.ID, OrgName: unit.Name}}}, nil
}

func (s *Service) apiKey(ctx context.Context, q sqldb.Querier, id int64) (APIKey, error) {
	keys, err := s.apiKeys(ctx, q, `WHERE id = $1`, id)
	if err != nil {
		return APIKey{}, err
	}
	if len(keys) == 0 {
		return APIKey{}, errs.E(errs.NotFound, "API 密钥不存在。")
	}
	return keys[0], nil
}

func (s *Service) apiKeys(ctx context.Context, q sqldb.Querier, tail string, args ...any) ([]APIKey, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, org_unit_id, name, prefix, created_at, last_used_at, revoked_at
		FROM api_keys `+tail, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []APIKey
	var unitIDs []int64
	for rows.Next() {
		var k APIKey
		var created sqldb.Time
		var used, revoked sqldb.NullTime
		if err := rows.Scan(&k.ID, &k.OrgUnitID, &k.Name, &k.Prefix, &created, &used, &revoked); err != nil {
			return nil, sqldb.Translate(err)
		}
		k.CreatedAt, k.LastUsedAt, k.RevokedAt = created.Time, used.Time, revoked.Time
		out = append(out, k)
		unitIDs = append(unitIDs, k.OrgUnitID)
	}
	if err := rows.Err(); err != nil {
		return nil, sqldb.Translate(err)
	}
	units, err := s.org.UnitsByIDs(ctx, unitIDs)
	if err != nil {
		return nil, err
	}
	for i := range out {
		u := units[out[i].OrgUnitID]
		out[i].OrgName, out[i].RegionCode = u.Name, u.RegionCode
	}
	return out, nil
}
