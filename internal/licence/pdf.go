package licence

import (
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/platform/pdfdoc"
	"github.com/skip2/go-qrcode"
)

// qrSize is the printed size of the QR code in mm.
const qrSize = 32.0

// render draws the licence as an A4 PDF: title, number, the QR code of
// its verification URL, the holder and project, the content lines, the
// issuer and date, and the digest. The PDF's dates are l.IssuedAt, so the
// same licence always renders to the same bytes.
func (s *Service) render(l *Licence) ([]byte, error) {
	verify := s.VerifyURL(l.Number)
	qr, err := qrcode.Encode(verify, qrcode.Medium, 256)
	if err != nil {
		return nil, fmt.Errorf("licence QR: %w", err)
	}
	d, err := pdfdoc.New(pdfdoc.Meta{Title: l.Title + " " + l.Number, Subject: "电子证照", Author: l.IssuerName,
		Creator: "gongai", Footer: "达州市工程建设项目审批管理系统 · 电子证照", Created: l.IssuedAt})
	if err != nil {
		return nil, err
	}
	d.Title(l.Title)
	d.Centered("证照编号：" + l.Number)
	d.Space(4)
	d.Image(qr, pdfdoc.PageWidth-pdfdoc.Margin-qrSize, d.Y(), qrSize)
	w := pdfdoc.ContentWidth - qrSize - 4
	d.Row("持证主体", l.HolderName, w)
	d.Row("统一社会信用代码", l.HolderCreditCode, w)
	d.Row("项目名称", l.ProjectName, w)
	d.Row("项目代码", l.ProjectCode, w)
	d.Row("办件编号", l.CaseNumber, w)
	d.Space(4)
	d.Heading("证照内容")
	for _, line := range l.Content {
		d.Paragraph(line)
	}
	d.Space(6)
	d.Row("发证机关", l.IssuerName, 0)
	d.Row("发证日期", l.IssueDate.Label(), 0)
	d.Space(8)
	d.Small("核验：扫描二维码或访问 " + verify)
	d.Small("数据摘要（SM3）：" + l.Digest)
	d.Small("本证照数据经发证机关以 SM2 数字签名（SM3 杂凑，签名者标识 " + DefaultID + "），可在线核验真伪与有效状态。")
	return d.Bytes()
}
