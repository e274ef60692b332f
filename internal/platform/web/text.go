package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// checkText refuses a request whose query or form (already parsed by
// limitBody for unsafe methods) or uploaded file names hold text that is
// not UTF-8 or contains NUL. No page asks for such text; PostgreSQL refuses
// to store it (a 500 from deep inside a service) and SQLite would store
// garbage, so it is stopped at the door with a Chinese message.
func checkText(r *http.Request) error {
	if !cleanValues(r.URL.Query()) || (r.PostForm != nil && !cleanValues(r.PostForm)) {
		return badText
	}
	if r.MultipartForm != nil {
		if !cleanValues(r.MultipartForm.Value) {
			return badText
		}
		for _, files := range r.MultipartForm.File {
			for _, f := range files {
				if !cleanText(f.Filename) {
					return badText
				}
			}
		}
	}
	return nil
}

var badText = errs.E(errs.Invalid, "提交的内容含有无法识别的字符（非 UTF-8 编码或空字符），请检查后重新输入。")

func cleanValues(vs url.Values) bool {
	for k, list := range vs {
		if !cleanText(k) {
			return false
		}
		for _, v := range list {
			if !cleanText(v) {
				return false
			}
		}
	}
	return true
}

func cleanText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
