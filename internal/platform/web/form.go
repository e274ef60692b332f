package web

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// FieldErrors extracts the per-field messages of an Invalid error so that a
// handler can re-render the form with everything the person typed. ok is
// false for any other error, which the handler returns to the responder.
// An Invalid error without fields is reported under the key "_form".
func FieldErrors(err error) (fields map[string]string, ok bool) {
	if errs.KindOf(err) != errs.Invalid && errs.KindOf(err) != errs.Conflict {
		return nil, false
	}
	if f := errs.FieldsOf(err); len(f) > 0 {
		return f, true
	}
	return map[string]string{"_form": errs.Message(err)}, true
}

// PathID parses the {name} path value as a positive int64, or returns a
// NotFound error (a malformed id names no object).
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "")
	}
	return id, nil
}

// FormValue returns the trimmed form value.
func FormValue(r *http.Request, name string) string {
	return strings.TrimSpace(r.PostFormValue(name))
}

// Redirect sends a 303 See Other, the right answer to a successful POST.
func Redirect(w http.ResponseWriter, r *http.Request, url string) error {
	http.Redirect(w, r, url, http.StatusSeeOther)
	return nil
}

// Flash cookie carries one message across a redirect.
const flashCookie = "gongai_flash"

// SetFlash stores a one-time message for the next page.
func SetFlash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString([]byte(msg)), Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: 60})
}

// TakeFlash returns and clears the one-time message.
func TakeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	msg, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return ""
	}
	return string(msg)
}
