package loadgen

import (
	"html"
	"math/rand/v2"
	"net/url"
	"regexp"
	"strings"
)

// The pages are server-rendered from templates, so a few patterns find
// what a person would look at: links, forms and their fields.
var (
	csrfRe     = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
	titleRe    = regexp.MustCompile(`(?s)<title>(.*?)</title>`)
	h1Re       = regexp.MustCompile(`(?s)<h1[^>]*>(.*?)</h1>`)
	tagRe      = regexp.MustCompile(`<[^>]+>`)
	inputRe    = regexp.MustCompile(`<input\s([^>]*)>`)
	attrRe     = regexp.MustCompile(`([a-zA-Z_:][-a-zA-Z0-9_:.]*)="([^"]*)"`)
	selectRe   = regexp.MustCompile(`(?s)<select\s([^>]*)>(.*?)</select>`)
	optionRe   = regexp.MustCompile(`<option value="([^"]+)"`)
	textareaRe = regexp.MustCompile(`<textarea\s([^>]*)>`)
)

// csrfToken is the CSRF token of the page's forms.
func csrfToken(body string) string {
	if m := csrfRe.FindStringSubmatch(body); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}

// titleOf is a short description of a page for error reports: its first
// heading (the error pages say what went wrong there) or its title, and
// the form's error summary when it came back with one.
func titleOf(body string) string {
	t := heading(body)
	if i := strings.Index(body, `class="error-summary"`); i >= 0 {
		sum := body[i:]
		if j := strings.Index(sum, "</div>"); j >= 0 {
			sum = sum[:j]
		}
		t += "：" + strings.Join(strings.Fields(html.UnescapeString(tagRe.ReplaceAllString(sum[strings.Index(sum, ">")+1:], " "))), " ")
	}
	return cut(t, 200)
}

func heading(body string) string {
	for _, re := range []*regexp.Regexp{h1Re, titleRe} {
		if m := re.FindStringSubmatch(body); m != nil {
			s := strings.TrimSpace(html.UnescapeString(tagRe.ReplaceAllString(m[1], "")))
			if s != "" {
				return cut(s, 120)
			}
		}
	}
	return cut(strings.TrimSpace(body), 120)
}

func cut(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// links returns the distinct first submatches of re in body, unescaped.
func links(body string, re *regexp.Regexp) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		v := html.UnescapeString(m[1])
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// pick returns a random element, or "" from an empty list.
func pick(rng *rand.Rand, xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[rng.IntN(len(xs))]
}

// formWith returns the HTML of the first form whose opening tag contains
// marker (an action attribute or an enctype), up to its closing tag.
func formWith(body, marker string) (string, bool) {
	for rest := body; ; {
		i := strings.Index(rest, "<form ")
		if i < 0 {
			return "", false
		}
		rest = rest[i:]
		end := strings.Index(rest, "</form>")
		if end < 0 {
			return "", false
		}
		open := rest[:strings.Index(rest, ">")+1]
		if strings.Contains(open, marker) {
			return rest[:end], true
		}
		rest = rest[end:]
	}
}

// attrs parses the attributes of a tag.
func attrs(tag string) map[string]string {
	a := map[string]string{}
	for _, m := range attrRe.FindAllStringSubmatch(tag, -1) {
		a[m[1]] = html.UnescapeString(m[2])
	}
	if strings.Contains(" "+tag+" ", " checked") {
		a["checked"] = "checked"
	}
	return a
}

// field is one control of a form as the user sees it.
type field struct {
	tag, typ, name, value string
	decimal               bool     // a number typed as text (inputmode="decimal")
	options               []string // of a select, without the empty prompt
}

// fields lists the named controls of a form, in page order by kind.
func fields(form string) []field {
	var out []field
	for _, m := range inputRe.FindAllStringSubmatch(form, -1) {
		a := attrs(m[1])
		if a["name"] == "" || ((a["type"] == "checkbox" || a["type"] == "radio") && a["checked"] == "") {
			continue
		}
		out = append(out, field{tag: "input", typ: a["type"], name: a["name"], value: a["value"],
			decimal: a["inputmode"] == "decimal"})
	}
	for _, m := range selectRe.FindAllStringSubmatch(form, -1) {
		f := field{tag: "select", name: attrs(m[1])["name"]}
		for _, o := range optionRe.FindAllStringSubmatch(m[2], -1) {
			f.options = append(f.options, html.UnescapeString(o[1]))
		}
		out = append(out, f)
	}
	for _, m := range textareaRe.FindAllStringSubmatch(form, -1) {
		out = append(out, field{tag: "textarea", name: attrs(m[1])["name"]})
	}
	return out
}

// hidden returns the hidden inputs of a form (CSRF token, version, keys).
func hidden(form string) url.Values {
	v := url.Values{}
	for _, f := range fields(form) {
		if f.typ == "hidden" {
			v.Add(f.name, f.value)
		}
	}
	return v
}
