package licence

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/history"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// source is what a licence is made of, read from the case engine's tables
// (cases, projects, org_units): the job issues without a principal, so it
// cannot go through casework.Service, whose reads are authorised.
type source struct {
	CaseID       int64
	CaseNumber   string
	Status       int
	ProjectCode  string
	ProjectName  string
	EnterpriseID int64
	RegionCode   string
	ItemCode     string
	ItemName     string
	LeadOrgID    int64
	LeadOrgName  string
	ConcludedAt  time.Time
	Conclusion   string
	OwnerName    string
	OwnerCredit  string
	Address      string
}

func selectSource(ctx context.Context, q sqldb.Querier, caseID int64) (source, error) {
	var s source
	var concluded sqldb.NullTime
	err := q.QueryRowContext(ctx, `SELECT c.id, c.number, c.status, c.project_code, c.project_name,
		COALESCE(c.enterprise_id, 0), c.region_code, c.item_code, c.item_name, COALESCE(c.lead_org_id, 0),
		COALESCE(u.name, ''), c.concluded_at, c.conclusion, p.owner_name, p.owner_credit_code, p.address
		FROM cases c JOIN projects p ON p.id = c.project_id LEFT JOIN org_units u ON u.id = c.lead_org_id
		WHERE c.id = $1`, caseID).Scan(&s.CaseID, &s.CaseNumber, &s.Status, &s.ProjectCode, &s.ProjectName,
		&s.EnterpriseID, &s.RegionCode, &s.ItemCode, &s.ItemName, &s.LeadOrgID, &s.LeadOrgName, &concluded,
		&s.Conclusion, &s.OwnerName, &s.OwnerCredit, &s.Address)
	if sqldb.NotFoundIf(err) {
		return s, errs.E(errs.NotFound, "办件不存在。")
	}
	s.ConcludedAt = concluded.Time
	return s, sqldb.Translate(err)
}

// pendingCases lists up to limit approved cases (11, 12) without a licence
// and with an id above after, in id order.
func pendingCases(ctx context.Context, q sqldb.Querier, after int64, limit int) ([]int64, error) {
	// generated demo history has no documents to sign: it is left out
	rows, err := q.QueryContext(ctx, `SELECT c.id FROM cases c WHERE c.status IN (11, 12) AND c.id > $1
		AND NOT EXISTS (SELECT 1 FROM licences l WHERE l.case_id = c.id) AND NOT `+history.GeneratedSQL("cases", "c.id")+`
		ORDER BY c.id LIMIT `+strconv.Itoa(limit), after)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, sqldb.Translate(err)
		}
		ids = append(ids, id)
	}
	return ids, sqldb.Translate(rows.Err())
}

// keyRow is a stored signing key.
type keyRow struct {
	ID     int64
	PEM    string
	Sealed []byte
}

func selectKey(ctx context.Context, q sqldb.Querier, orgID int64) (keyRow, error) {
	var k keyRow
	err := q.QueryRowContext(ctx, `SELECT id, public_key_pem, private_key_enc FROM licence_keys WHERE org_unit_id = $1`,
		orgID).Scan(&k.ID, &k.PEM, &k.Sealed)
	return k, sqldb.Translate(err)
}

// insertKey stores a key unless the org unit has one already (another
// server created it first); false means it had.
func insertKey(ctx context.Context, tx *sql.Tx, orgID int64, pubPEM string, sealed []byte, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO licence_keys (org_unit_id, algorithm, public_key_pem, private_key_enc, created_at)
		VALUES ($1, 'SM2', $2, $3, $4) ON CONFLICT (org_unit_id) DO NOTHING`, orgID, pubPEM, sealed, sqldb.T(now))
	if err != nil {
		return false, sqldb.Translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, sqldb.Translate(err)
}

// keyPEMByID is the public key of key id, "" when there is no such key.
func keyPEMByID(ctx context.Context, q sqldb.Querier, id int64) (string, error) {
	var pem string
	err := q.QueryRowContext(ctx, `SELECT public_key_pem FROM licence_keys WHERE id = $1`, id).Scan(&pem)
	if sqldb.NotFoundIf(err) {
		return "", nil
	}
	return pem, sqldb.Translate(err)
}

// nextSerial takes the next serial of the region, kind and year. The
// upsert locks the counter row until the transaction ends, so serials are
// gap-free unless a transaction fails after taking one.
func nextSerial(ctx context.Context, tx *sql.Tx, regionCode, kindCode string, year int) (int64, error) {
	var v int64
	err := tx.QueryRowContext(ctx, `INSERT INTO licence_serials (region_code, kind_code, year, value) VALUES ($1, $2, $3, 1)
		ON CONFLICT (region_code, kind_code, year) DO UPDATE SET value = licence_serials.value + 1
		RETURNING value`, regionCode, kindCode, year).Scan(&v)
	return v, sqldb.Translate(err)
}

// insertLicence stores l unless its case has a licence already; false
// means it had (another server issued it first).
func insertLicence(ctx context.Context, tx *sql.Tx, l *Licence) (bool, error) {
	content, err := json.Marshal(nonNil(l.Content))
	if err != nil {
		return false, err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO licences (number, case_id, case_number, kind_code, kind_name, title,
		item_code, item_name, holder_name, holder_credit_code, enterprise_id, project_code, project_name, region_code,
		issuer_org_id, issuer_name, issue_date, content, digest, signature, key_id, public_key_pem, issued_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
		ON CONFLICT (case_id) DO NOTHING RETURNING id`,
		l.Number, l.CaseID, l.CaseNumber, l.Kind.Code, l.Kind.Name, l.Title, l.ItemCode, l.ItemName, l.HolderName,
		l.HolderCreditCode, nullID(l.EnterpriseID), l.ProjectCode, l.ProjectName, l.RegionCode, l.IssuerOrgID,
		l.IssuerName, l.IssueDate.String(), string(content), l.Digest, l.Signature, l.KeyID, l.PublicKeyPEM,
		sqldb.T(l.IssuedAt)).Scan(&l.ID)
	if sqldb.NotFoundIf(err) {
		return false, nil
	}
	return err == nil, sqldb.Translate(err)
}

func insertPDF(ctx context.Context, tx *sql.Tx, id int64, pdf []byte) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO licence_pdfs (licence_id, pdf, sm3) VALUES ($1, $2, $3)`, id, pdf, Digest(pdf))
	return sqldb.Translate(err)
}

func selectPDF(ctx context.Context, q sqldb.Querier, id int64) ([]byte, string, error) {
	var pdf []byte
	var sum string
	err := q.QueryRowContext(ctx, `SELECT pdf, sm3 FROM licence_pdfs WHERE licence_id = $1`, id).Scan(&pdf, &sum)
	if sqldb.NotFoundIf(err) {
		return nil, "", errs.E(errs.NotFound, "证照文件不存在。")
	}
	return pdf, sum, sqldb.Translate(err)
}

// markRevoked revokes the licence unless it is revoked already; false
// means it was.
func markRevoked(ctx context.Context, tx *sql.Tx, l *Licence) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE licences SET revoked_at = $2, revoked_by = $3, revoker_name = $4,
		revoke_reason = $5 WHERE id = $1 AND revoked_at IS NULL`,
		l.ID, sqldb.T(l.RevokedAt), nullID(l.RevokedBy), l.RevokerName, l.RevokeReason)
	if err != nil {
		return false, sqldb.Translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, sqldb.Translate(err)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

const licenceColumns = `l.id, l.number, l.case_id, l.case_number, l.kind_code, l.kind_name, l.title, l.item_code,
	l.item_name, l.holder_name, l.holder_credit_code, COALESCE(l.enterprise_id, 0), l.project_code, l.project_name,
	l.region_code, l.issuer_org_id, l.issuer_name, l.issue_date, l.content, l.digest, l.signature, l.key_id,
	l.public_key_pem, l.issued_at, l.revoked_at, COALESCE(l.revoked_by, 0), l.revoker_name, l.revoke_reason`

type scanner interface{ Scan(dest ...any) error }

func scanLicence(sc scanner) (Licence, error) {
	var l Licence
	var date, content string
	var issued sqldb.Time
	var revoked sqldb.NullTime
	err := sc.Scan(&l.ID, &l.Number, &l.CaseID, &l.CaseNumber, &l.Kind.Code, &l.Kind.Name, &l.Title, &l.ItemCode,
		&l.ItemName, &l.HolderName, &l.HolderCreditCode, &l.EnterpriseID, &l.ProjectCode, &l.ProjectName,
		&l.RegionCode, &l.IssuerOrgID, &l.IssuerName, &date, &content, &l.Digest, &l.Signature, &l.KeyID,
		&l.PublicKeyPEM, &issued, &revoked, &l.RevokedBy, &l.RevokerName, &l.RevokeReason)
	if err != nil {
		return l, sqldb.Translate(err)
	}
	l.IssuedAt, l.RevokedAt = issued.Time, revoked.Time
	// A stored value that no longer parses is reported by Verify as a
	// digest mismatch, not as an error here: tampering must stay visible.
	l.IssueDate, _ = calendar.ParseDate(date)
	_ = json.Unmarshal([]byte(content), &l.Content)
	return l, nil
}

// selectLicence returns the licence where column = v (column is a
// constant of this package: number, case_id or id).
func selectLicence(ctx context.Context, q sqldb.Querier, column string, v any) (Licence, error) {
	l, err := scanLicence(q.QueryRowContext(ctx, `SELECT `+licenceColumns+` FROM licences l WHERE l.`+column+` = $1`, v))
	if errs.Is(err, errs.NotFound) {
		return l, errs.E(errs.NotFound, "证照不存在。")
	}
	return l, err
}

// listWhere returns one page of the licences matching where (conditions
// with $n placeholders over args), newest first, and their total.
func listWhere(ctx context.Context, q sqldb.Querier, where []string, args []any, limit, offset int) ([]Licence, int, error) {
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM licences l`+cond, args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+licenceColumns+` FROM licences l`+cond+
		fmt.Sprintf(` ORDER BY l.id DESC LIMIT %d OFFSET %d`, limit, offset), args...)
	if err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Licence
	for rows.Next() {
		l, err := scanLicence(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, l)
	}
	return out, total, sqldb.Translate(rows.Err())
}
