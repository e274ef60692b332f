package licence

import (
	"context"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Verification states.
const (
	StateValid    = "valid"
	StateRevoked  = "revoked"
	StateTampered = "tampered"
	StateNotFound = "not_found"
)

var stateLabels = map[string]string{StateValid: "有效", StateRevoked: "已撤销", StateTampered: "已被篡改",
	StateNotFound: "不存在"}

// StateLabel is the Chinese name of a verification state.
func StateLabel(state string) string { return stateLabels[state] }

// Verification is the public answer about a licence number. Licence is
// nil when the number does not exist. A tampered licence is reported as
// such even when it was also revoked: its stored data cannot be trusted.
type Verification struct {
	Number      string    `json:"licence_no"`
	State       string    `json:"state" doc:"valid（有效）| revoked（已撤销）| tampered（已被篡改）| not_found（不存在）"`
	StateLabel  string    `json:"state_label"`
	DigestOK    bool      `json:"digest_ok" doc:"按存储数据重新计算的 SM3 摘要与签发时一致"`
	SignatureOK bool      `json:"signature_ok" doc:"SM2 签名验证通过"`
	KeyOK       bool      `json:"key_ok" doc:"签名公钥与发证机关登记的公钥一致"`
	Problems    []string  `json:"problems,omitempty"`
	Licence     *Public   `json:"licence,omitempty"`
	CheckedAt   time.Time `json:"checked_at"`
}

// Public is what the verification page shows of a licence: its
// particulars, proof and revocation, but no internal ids.
type Public struct {
	Number           string `json:"number"`
	Title            string `json:"title"`
	KindName         string `json:"kind_name"`
	HolderName       string `json:"holder_name"`
	HolderCreditCode string `json:"holder_credit_code"`
	ProjectName      string `json:"project_name"`
	ProjectCode      string `json:"project_code"`
	IssuerName       string `json:"issuer_name"`
	IssueDate        string `json:"issue_date"`
	IssueDateLabel   string `json:"-"`
	Digest           string `json:"digest_sm3"`
	PublicKeyPEM     string `json:"public_key_pem"`
	PDFDigest        string `json:"pdf_sm3" doc:"签发时 PDF 文件的 SM3 摘要，可与手中文件比对"`
	RevokedAt        string `json:"revoked_at,omitempty"`
	RevokedAtLabel   string `json:"-"`
	RevokeReason     string `json:"revoke_reason,omitempty"`
}

// Verify checks licence number for anyone, signed in or not: it
// recomputes the canonical form from the stored fields and compares its
// SM3 with the stored digest, verifies the stored SM2 signature over it
// with the stored public key, and checks that key is the issuing unit's
// registered key. An unknown number is a Verification in state not_found,
// not an error; errors are only failures to read.
func (s *Service) Verify(ctx context.Context, number string) (Verification, error) {
	v := Verification{Number: number, CheckedAt: s.now()}
	if !ValidNumber(number) {
		return v.with(StateNotFound), nil
	}
	l, err := selectLicence(ctx, s.db, "number", number)
	if errs.Is(err, errs.NotFound) {
		return v.with(StateNotFound), nil
	} else if err != nil {
		return v, err
	}
	registered, err := keyPEMByID(ctx, s.db, l.KeyID)
	if err != nil {
		return v, err
	}
	_, pdfSM3, err := selectPDF(ctx, s.db, l.ID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return v, err
	}
	data := Canonical(&l)
	v.DigestOK = Digest(data) == l.Digest
	v.SignatureOK = VerifySignature(l.PublicKeyPEM, data, l.Signature)
	v.KeyOK = registered != "" && registered == l.PublicKeyPEM
	v.Licence = publicOf(&l, pdfSM3)
	switch {
	case !v.DigestOK || !v.SignatureOK || !v.KeyOK:
		v.Problems = problems(v)
		return v.with(StateTampered), nil
	case l.Revoked():
		return v.with(StateRevoked), nil
	}
	return v.with(StateValid), nil
}

func (v Verification) with(state string) Verification {
	v.State, v.StateLabel = state, StateLabel(state)
	return v
}

func problems(v Verification) []string {
	var out []string
	if !v.DigestOK {
		out = append(out, "证照数据与签发时的摘要不一致：数据在签发后被修改。")
	}
	if !v.SignatureOK {
		out = append(out, "数字签名验证未通过：签名不是发证机关对这份数据作出的。")
	}
	if !v.KeyOK {
		out = append(out, "签名公钥不是发证机关登记的公钥。")
	}
	return out
}

func publicOf(l *Licence, pdfSM3 string) *Public {
	p := &Public{Number: l.Number, Title: l.Title, KindName: l.Kind.Name, HolderName: l.HolderName,
		HolderCreditCode: l.HolderCreditCode, ProjectName: l.ProjectName, ProjectCode: l.ProjectCode,
		IssuerName: l.IssuerName, IssueDate: l.IssueDate.String(), IssueDateLabel: l.IssueDate.Label(),
		Digest: l.Digest, PublicKeyPEM: l.PublicKeyPEM, PDFDigest: pdfSM3, RevokeReason: l.RevokeReason}
	if l.Revoked() {
		p.RevokedAt = l.RevokedAt.Format(time.RFC3339)
		p.RevokedAtLabel = dateLabel(l.RevokedAt)
	}
	return p
}

// SignedData is the exact input of a licence's signature, for checking it
// outside gongai (docs/licence-verify.md). Data is what was signed, as
// recomputed now from the stored fields: if it no longer verifies, the
// data changed.
type SignedData struct {
	Number       string `json:"licence_no"`
	Algorithm    string `json:"algorithm" doc:"SM2 签名，SM3 杂凑（GB/T 32918.2、GB/T 35276）"`
	DistID       string `json:"distid" doc:"SM2 签名者标识（默认 1234567812345678）"`
	Data         []byte `json:"signed_data" doc:"被签名的字节（规范 JSON，RFC 8785），base64"`
	DigestSM3    string `json:"digest_sm3" doc:"签发时记录的 signed_data 的 SM3 摘要（十六进制）"`
	Signature    []byte `json:"signature" doc:"SM2 签名，DER 编码，base64"`
	PublicKeyPEM string `json:"public_key_pem" doc:"发证机关 SM2 公钥，PEM（SubjectPublicKeyInfo）"`
}

// SignedDataOf returns the signed bytes, signature and key of licence
// number, for anyone. Errors: NotFound when there is no such licence.
func (s *Service) SignedDataOf(ctx context.Context, number string) (SignedData, error) {
	l, err := selectLicence(ctx, s.db, "number", number)
	if err != nil {
		return SignedData{}, err
	}
	return SignedData{Number: l.Number, Algorithm: "SM2-with-SM3", DistID: DefaultID, Data: Canonical(&l),
		DigestSM3: l.Digest, Signature: l.Signature, PublicKeyPEM: l.PublicKeyPEM}, nil
}
