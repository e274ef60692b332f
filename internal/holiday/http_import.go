package holiday

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// maxImportBytes bounds an uploaded or pasted import: a year is ~40 lines.
const maxImportBytes = 1 << 20

// importForm is the import form as typed (a chosen file cannot be kept; the
// page asks to choose it again).
type importForm struct{ Year, Source, Content, FileName string }

func (h *HTTP) importYear(w http.ResponseWriter, r *http.Request) error {
	f, data, err := readImport(r)
	if err != nil {
		return h.renderIndex(w, r, f, err)
	}
	year, _ := strconv.Atoi(f.Year) // a bad year is 0, which the calendar reports
	info, err := h.cal.ImportData(r.Context(), year, data, f.Source)
	if err != nil {
		return h.renderIndex(w, r, f, err)
	}
	web.SetFlash(w, strconv.Itoa(year)+"年节假日安排已导入：放假 "+strconv.Itoa(info.Holidays)+
		" 天，调休上班 "+strconv.Itoa(info.Workdays)+" 天。请对照通知核对下表。")
	return web.Redirect(w, r, yearURL(year))
}

// readImport reads the form fields and the content: the uploaded file, or
// else the pasted text. Errors are Invalid with the field at fault.
func readImport(r *http.Request) (importForm, []byte, error) {
	perr := r.ParseMultipartForm(maxImportBytes)
	f := importForm{Year: web.FormValue(r, "year"), Source: web.FormValue(r, "source"),
		Content: r.PostFormValue("content")}
	if perr != nil && !errors.Is(perr, http.ErrNotMultipart) {
		return f, nil, fieldError("file", "上传的内容无法读取，请重新选择文件后再导入。")
	}
	file, hdr, err := r.FormFile("file")
	if err != nil { // no file chosen (or not a multipart form): use the text
		if strings.TrimSpace(f.Content) == "" {
			return f, nil, fieldError("file", "请选择要导入的 CSV 或 JSON 文件，或把内容粘贴到下面的文本框。")
		}
		if len(f.Content) > maxImportBytes {
			return f, nil, fieldError("content", "粘贴的内容超过 1 MB，不像一个年度的安排，请检查。")
		}
		return f, []byte(f.Content), textError(f, "content", []byte(f.Content))
	}
	defer file.Close()
	f.FileName = hdr.Filename
	if strings.TrimSpace(f.Content) != "" {
		return f, nil, fieldError("content", "已选择文件，又粘贴了内容；请只用其中一种方式，清空文本框或不选文件。")
	}
	data, err := io.ReadAll(io.LimitReader(file, maxImportBytes+1))
	if err != nil || len(data) > maxImportBytes {
		return f, nil, fieldError("file", "文件超过 1 MB 或无法读取；一个年度的安排通常只有几十行，请检查所选文件。")
	}
	return f, data, textError(f, "file", data)
}

// textError refuses content and a source that are not storable text: bytes
// that are not UTF-8 (a GBK or UTF-16 file, as Excel saves by default) would
// be stored as garbage on SQLite, and a NUL character — a zero byte or
// JSON's \u0000 — fails the INSERT on PostgreSQL.
func textError(f importForm, field string, data []byte) error {
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return fieldError(field, "内容不是 UTF-8 编码的文本（可能是 GBK 或 UTF-16）。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或用记事本另存为 UTF-8 编码后再导入。")
	}
	if bytes.Contains(data, []byte(`\u0000`)) {
		return fieldError(field, "内容中含有 NUL 字符（\\u0000），请删除后再导入。")
	}
	if !utf8.ValidString(f.Source) || strings.ContainsRune(f.Source, 0) {
		return fieldError("source", "来源中含有无法保存的字符，请重新填写。")
	}
	return nil
}

func fieldError(field, msg string) error { return errs.FieldErrors(map[string]string{field: msg}) }
