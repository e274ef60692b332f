package licence

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// MaxReason is the longest revocation reason, in characters.
const MaxReason = 500

// CanRevoke reports whether p may revoke l: a user holding
// access.LicenceRevoke either in the issuing org unit (its department
// head) or as a system administrator whose scope covers the licence's
// region. API keys may not.
func CanRevoke(p *access.Principal, l *Licence) bool {
	if p == nil || p.UserID == 0 {
		return false
	}
	for _, a := range p.Assignments {
		if !a.Role.Grants(access.LicenceRevoke) {
			continue
		}
		if a.OrgUnitID != 0 && a.OrgUnitID == l.IssuerOrgID {
			return true
		}
		if a.Role == access.SysAdmin && p.ScopeOf(access.LicenceRevoke).Contains(l.RegionCode) {
			return true
		}
	}
	return false
}

// Revoke revokes licence number with reason and records
// "licence.revoke" in the same transaction. The licence stays on record
// and its verification page then says 已撤销 with the reason and date.
//
// Who: see CanRevoke. Errors: Unauthenticated; NotFound when the caller
// may not see the licence; Forbidden when they may see but not revoke it;
// Invalid (field "reason") for an empty or too long reason; Conflict when
// it is already revoked (also when a concurrent revocation won).
func (s *Service) Revoke(ctx context.Context, number, reason string) (Licence, error) {
	l, err := s.Get(ctx, number)
	if err != nil {
		return Licence{}, err
	}
	p := access.From(ctx)
	if !CanRevoke(p, &l) {
		return Licence{}, errs.E(errs.Forbidden, "只有发证部门的负责人或系统管理员可以撤销证照。")
	}
	reason = Clean(reason)
	switch {
	case reason == "":
		return Licence{}, errs.FieldErrors(map[string]string{"reason": "请填写撤销理由。"})
	case utf8.RuneCountInString(reason) > MaxReason:
		return Licence{}, errs.FieldErrors(map[string]string{"reason": "撤销理由不能超过 500 字。"})
	}
	if l.Revoked() {
		return Licence{}, alreadyRevoked(&l)
	}
	l.RevokedAt, l.RevokedBy, l.RevokerName, l.RevokeReason = s.now(), p.UserID, p.Name, reason
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		ok, err := markRevoked(ctx, tx, &l)
		if err != nil {
			return err
		}
		if !ok {
			cur, err := selectLicence(ctx, tx, "id", l.ID)
			if err != nil {
				return err
			}
			return alreadyRevoked(&cur)
		}
		return s.rec.Record(ctx, tx, audit.Entry{Action: "licence.revoke", ObjectType: "licence", ObjectID: l.Number,
			RegionCode: l.RegionCode, Detail: map[string]any{"case_id": l.CaseID, "reason": reason}})
	})
	if err != nil {
		return Licence{}, err
	}
	return l, nil
}

func alreadyRevoked(l *Licence) error {
	return errs.Ef(errs.Conflict, "该证照已于%s撤销（%s），不能重复撤销。", dateLabel(l.RevokedAt),
		strings.TrimSuffix(l.RevokeReason, "。"))
}

// dateLabel is t's date in Beijing time, as 2026年3月9日.
func dateLabel(t time.Time) string { return calendar.DateOf(t).Label() }
