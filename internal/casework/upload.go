package casework

import (
	"context"
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// MaxUpload is the largest material file accepted over HTTP.
const MaxUpload = 50 << 20

// Upload stores an application material and returns its reference; the
// hash is then named in Submit or SupplyFix. Anyone who may apply, accept
// or review may upload. Errors: Invalid for an empty, oversized or
// disallowed file (the store checks the bytes, not the claimed type).
func (s *Service) Upload(ctx context.Context, r *http.Request) (blob.Ref, error) {
	p, err := access.Require(ctx)
	if err != nil {
		return blob.Ref{}, err
	}
	if !p.Can(access.CaseApply) && !p.Can(access.CaseAccept) && !p.Can(access.CaseReview) {
		return blob.Ref{}, errs.E(errs.Forbidden, "")
	}
	r.Body = http.MaxBytesReader(nil, r.Body, MaxUpload+1<<20)
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return blob.Ref{}, errs.FieldErrors(map[string]string{"file": "请选择要上传的文件（表单字段 file）。"})
	}
	defer f.Close()
	return s.blobs.Put(ctx, f, hdr.Filename, hdr.Header.Get("Content-Type"))
}

func (h *HTTP) apiUpload(w http.ResponseWriter, r *http.Request) error {
	ref, err := h.svc.Upload(r.Context(), r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, ref)
	return nil
}
