package loadgen

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"time"
)

var (
	hubItemRe   = regexp.MustCompile(`href="(/apply/items/[a-z0-9_]+)"`)
	applyLinkRe = regexp.MustCompile(`href="(/projects/\d+/apply\?stage=\d+)"`)
	codeRe      = regexp.MustCompile(`<code>(\d{4}-\d{6}-\d{2}-\d{2}-\d{6})</code>`)
	factNameRe  = regexp.MustCompile(`<dt>项目</dt><dd>([^（<]+)（`)
)

// enterpriseActions: the applicant in the 网上大厅.
var enterpriseActions = []action{
	{10, open("home", "/")},
	{10, browse("hall", "/apply", "hall.item", hubItemRe)},
	{10, browse("project.list", "/projects", "project.detail", projectLinkRe)},
	{20, browse("case.list", "/cases", "case.detail", caseLinkRe)},
	{5, open("notifications", "/notifications")},
	{5, open("licence.list", "/licences")},
	{10, apply},
}

// apply goes from the hall to the application form of a stage of one of
// the enterprise's projects in the user's region, fills in the one form
// and a file for every material, submits, and opens the page it lands on.
func apply(u *user) error {
	p, err := u.b.get("hall", "/apply")
	if err != nil || !p.ok {
		return err
	}
	link := pick(u.rng, applyLinksIn(p.body, u.region))
	if link == "" {
		return nil
	}
	p, err = u.b.get("apply.form", link)
	if err != nil || !p.ok {
		return err
	}
	form, ok := formWith(p.body, `enctype="multipart/form-data"`)
	if !ok {
		return nil
	}
	values, files := fillApplication(form, p.body)
	p, err = u.b.postMultipart("apply.submit", link, values, files)
	if err != nil {
		return err
	}
	kind := "case.detail"
	if strings.HasPrefix(p.loc, "/cases?") {
		kind = "case.list"
	}
	_, err = u.b.follow(kind, p)
	return err
}

// applyLinksIn returns the hall's application links of projects in region
// (a row of the by-project table shows the project code), or every
// application link when none is there.
func applyLinksIn(hall, region string) []string {
	var mine []string
	for _, row := range strings.Split(hall, "<tr>") {
		if strings.Contains(row, "-"+region+"-") {
			mine = append(mine, links(row, applyLinkRe)...)
		}
	}
	if len(mine) == 0 {
		return links(hall, applyLinkRe)
	}
	return mine
}

// fillApplication answers every control of the application form as an
// applicant would (names, codes, dates, amounts, a file per material);
// the free texts say 压力测试 so that nobody mistakes them for real.
func fillApplication(form, page string) (url.Values, []upload) {
	v := url.Values{}
	var files []upload
	code := ""
	if m := codeRe.FindStringSubmatch(page); m != nil {
		code = m[1]
	}
	name := "压力测试项目"
	if m := factNameRe.FindStringSubmatch(page); m != nil {
		name = html.UnescapeString(m[1])
	}
	for _, f := range fields(form) {
		switch {
		case f.typ == "hidden" || f.typ == "checkbox" || f.typ == "radio":
			v.Add(f.name, f.value)
		case f.typ == "file":
			files = append(files, upload{field: f.name, name: "压力测试材料.pdf", data: samplePDF})
		case f.tag == "select":
			if len(f.options) > 0 {
				v.Set(f.name, f.options[0])
			}
		default:
			v.Set(f.name, answer(f, code, name))
		}
	}
	return v, files
}

// answer is the applicant's answer to one text-like control.
func answer(f field, code, name string) string {
	n := strings.ToLower(f.name)
	switch {
	case f.typ == "date":
		days := 30
		if strings.Contains(n, "complet") || strings.Contains(n, "end") || strings.Contains(n, "finish") {
			days = 400
		}
		return time.Now().AddDate(0, 0, days).Format(time.DateOnly)
	case f.decimal:
		return amount(n)
	case strings.Contains(n, "project_code") && code != "":
		return code
	case strings.Contains(n, "project_name"):
		return name
	case strings.Contains(n, "phone"):
		return "13800138000"
	case strings.Contains(n, "credit") || strings.Contains(n, "uscc"):
		return "91511700MA62A1B2XU"
	case f.tag == "textarea":
		return "压力测试（loadgen）填写的说明，非真实申报。"
	}
	return "压力测试填写"
}

// amount is a plausible number for a numeric field, by its name, within
// the bounds the forms set (a low-risk project has at most 10 floors).
func amount(name string) string {
	for _, a := range []struct{ part, v string }{{"floor", "3"}, {"ratio", "1.5"}, {"density", "30"},
		{"green", "30"}, {"area", "1200"}, {"investment", "500"}, {"price", "500"}, {"amount", "500"},
		{"parking", "20"}, {"height", "12"}} {
		if strings.Contains(name, a.part) {
			return a.v
		}
	}
	return "3"
}

// samplePDF is a minimal, well-formed one-page PDF: the upload check reads
// the bytes, not the claimed type.
var samplePDF = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
	"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n" +
	"trailer<</Root 1 0 R>>\n%%EOF\n")
