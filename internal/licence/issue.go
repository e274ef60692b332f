package licence

import (
	"context"
	"database/sql"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/emmansun/gmsm/sm2"
)

// Case statuses (casework.Status) that earn a licence.
const (
	statusApproved           = 11 // 办结（通过）
	statusApprovedDeficiency = 12 // 办结（容缺通过）
)

// draft builds the unsigned, unnumbered licence of case caseID. The issue
// date is the day of the conclusion (Beijing time), so a licence issued
// late by the job still bears the decision's date.
func (s *Service) draft(ctx context.Context, caseID int64) (Licence, error) {
	src, err := selectSource(ctx, s.db, caseID)
	if err != nil {
		return Licence{}, err
	}
	if src.Status != statusApproved && src.Status != statusApprovedDeficiency {
		return Licence{}, errs.E(errs.Conflict, "办件尚未办结通过，不能出具证照。")
	}
	if src.LeadOrgID == 0 {
		return Licence{}, errs.E(errs.Conflict, "办件没有牵头部门，无法确定发证机关。")
	}
	var result string
	if it, err := s.cat.Item(ctx, src.ItemCode); err == nil {
		result = it.ResultName
	} else if !errs.Is(err, errs.NotFound) {
		return Licence{}, err
	}
	kind, title := KindOf(src.ItemName, result)
	concluded := src.ConcludedAt
	if concluded.IsZero() {
		concluded = s.now()
	}
	l := Licence{CaseID: src.CaseID, CaseNumber: src.CaseNumber, Kind: kind, Title: title, ItemCode: src.ItemCode,
		ItemName: src.ItemName, HolderName: src.OwnerName, HolderCreditCode: src.OwnerCredit,
		EnterpriseID: src.EnterpriseID, ProjectCode: src.ProjectCode, ProjectName: src.ProjectName,
		RegionCode: src.RegionCode, IssuerOrgID: src.LeadOrgID, IssuerName: src.LeadOrgName,
		IssueDate: calendar.DateOf(concluded), Content: contentLines(&src, result)}
	l.clean()
	return l, nil
}

// contentLines are the licence's free lines: what was approved, where,
// and the decision's opinion.
func contentLines(src *source, result string) []string {
	decision := "准予许可。"
	if src.Status == statusApprovedDeficiency {
		decision = "准予许可（容缺通过：容缺材料应在承诺期限内补齐）。"
	}
	lines := []string{"审批事项：" + src.ItemName, "审批结论：" + decision}
	if result != "" {
		lines = append(lines, "办理结果："+result)
	}
	if src.Address != "" {
		lines = append(lines, "建设地址："+src.Address)
	}
	if src.Conclusion != "" {
		lines = append(lines, "审批意见："+src.Conclusion)
	}
	return lines
}

// issueTx numbers, signs, renders and stores l in tx, recording the
// events. It returns errAlreadyIssued when the case got its licence
// meanwhile, so that the transaction (and the serial it took) rolls back.
func (s *Service) issueTx(ctx context.Context, tx *sql.Tx, l *Licence) error {
	var events []audit.Entry
	priv, created, err := s.signer(ctx, tx, l)
	if err != nil {
		return err
	}
	if created {
		events = append(events, audit.Entry{Action: "licence.key_create", ObjectType: "org_unit",
			ObjectID: itoa(l.IssuerOrgID), RegionCode: l.RegionCode, Detail: map[string]any{"algorithm": "SM2", "key_id": l.KeyID}})
	}
	serial, err := nextSerial(ctx, tx, l.RegionCode, l.Kind.Code, l.IssueDate.Year())
	if err != nil {
		return err
	}
	l.Number = Number(l.RegionCode, l.Kind.Code, l.IssueDate.Year(), serial)
	l.IssuedAt = s.now()
	data := Canonical(l)
	l.Digest = Digest(data)
	if l.Signature, err = sign(priv, data); err != nil {
		return err
	}
	pdf, err := s.render(l)
	if err != nil {
		return err
	}
	if ok, err := insertLicence(ctx, tx, l); err != nil || !ok {
		return orAlreadyIssued(err)
	}
	if err := insertPDF(ctx, tx, l.ID, pdf); err != nil {
		return err
	}
	events = append(events, audit.Entry{Action: "licence.issue", ObjectType: "licence", ObjectID: l.Number,
		RegionCode: l.RegionCode, Detail: map[string]any{"case_id": l.CaseID, "kind": l.Kind.Code,
			"issuer_org_id": l.IssuerOrgID, "digest_sm3": l.Digest, "pdf_sm3": Digest(pdf)}})
	return s.rec.RecordAll(ctx, tx, events)
}

func orAlreadyIssued(err error) error {
	if err != nil {
		return err
	}
	return errAlreadyIssued
}

// signer returns the issuing unit's private key, creating the pair when
// the unit has none, and sets l.KeyID and l.PublicKeyPEM; created reports
// whether this call created it. Two servers creating one unit's key at
// once both insert with ON CONFLICT DO NOTHING and then read the winner.
func (s *Service) signer(ctx context.Context, tx *sql.Tx, l *Licence) (*sm2.PrivateKey, bool, error) {
	k, err := selectKey(ctx, tx, l.IssuerOrgID)
	created := false
	if errs.Is(err, errs.NotFound) {
		sealed, pub, err := s.keys.newKeyPair(l.IssuerOrgID)
		if err != nil {
			return nil, false, err
		}
		if created, err = insertKey(ctx, tx, l.IssuerOrgID, pub, sealed, s.now()); err != nil {
			return nil, false, err
		}
		k, err = selectKey(ctx, tx, l.IssuerOrgID)
		if err != nil {
			return nil, false, err
		}
	} else if err != nil {
		return nil, false, err
	}
	priv, err := s.keys.privateKey(l.IssuerOrgID, k.Sealed, k.PEM)
	if err != nil {
		return nil, false, err
	}
	l.KeyID, l.PublicKeyPEM = k.ID, k.PEM
	return priv, created, nil
}
