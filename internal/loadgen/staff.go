package loadgen

import (
	"net/url"
	"regexp"
)

var supervisionLinkRe = regexp.MustCompile(`href="(/supervision/\d+)"`)

// windowActions: the clerk of the comprehensive window (综合窗口).
var windowActions = []action{
	{10, open("home", "/")},
	{40, handle("queue.window", "/cases?queue=window", "accept", "case.accept", 1,
		url.Values{"opinion": {"压力测试：材料齐全，予以受理。"}})},
	{10, open("window.desk", "/windows/desk")},
	{5, open("window.stats", "/windows/stats")},
	{15, browse("case.list", "/cases", "case.detail", caseLinkRe)},
	{5, open("case.progress", "/cases/progress")},
}

// reviewerActions: the department reviewer (本部门待办, 审查意见).
var reviewerActions = []action{
	{10, open("home", "/")},
	{40, handle("queue.department", "/cases?queue=department", "review", "case.review", 1,
		url.Values{"decision": {"approve"}, "opinion": {"压力测试：同意。"}})},
	{15, browse("case.list", "/cases", "case.detail", caseLinkRe)},
	{5, open("case.warnings", "/cases?level=yellow")},
	{5, open("notifications", "/notifications")},
}

// headActions: the head of the lead department, who concludes a case once
// every department has reviewed it. Few cases in the queue are ready, so
// the head looks at up to three.
var headActions = []action{
	{10, open("home", "/")},
	{40, handle("queue.department", "/cases?queue=department", "conclude", "case.conclude", 3,
		url.Values{"approve": {"true"}, "opinion": {"压力测试：准予许可。"}})},
	{10, browse("case.list", "/cases", "case.detail", caseLinkRe)},
	{5, open("case.warnings", "/cases?level=red")},
}

// supervisorActions: 工改办 supervision — 督办, warnings, overviews and search.
var supervisorActions = []action{
	{10, open("home", "/")},
	{15, browse("supervision", "/supervision", "supervision.detail", supervisionLinkRe)},
	{10, browse("case.warnings", "/cases?level=yellow", "case.detail", caseLinkRe)},
	{10, browse("case.overdue", "/cases?level=red", "case.detail", caseLinkRe)},
	{10, browse("case.list", "/cases", "case.detail", caseLinkRe)},
	{5, open("case.progress", "/cases/progress")},
	{5, open("indicators", "/indicators")},
	{10, func(u *user) error {
		return browse("project.search", "/projects?q="+url.QueryEscape(pick(u.rng, searchTerms)),
			"project.detail", projectLinkRe)(u)
	}},
	{5, func(u *user) error {
		return open("licence.search", "/licences?q="+url.QueryEscape(pick(u.rng, searchTerms)))(u)
	}},
}

// handle is a clerk working a queue: open the queue, open a case from it
// (up to tries cases until one offers the form), and when the case page
// offers the form for action, submit it with the page's hidden fields
// (CSRF token, case version) and answers, then open the case again. A case
// someone else handled meanwhile comes back as a conflict.
func handle(queueKind, queue, action, kind string, tries int, answers url.Values) func(u *user) error {
	return func(u *user) error {
		p, err := u.b.get(queueKind, queue)
		if err != nil || !p.ok {
			return err
		}
		cases := links(p.body, caseLinkRe)
		for range tries {
			c := pick(u.rng, cases)
			if c == "" {
				return nil
			}
			d, err := u.b.get("case.detail", c)
			if err != nil || !d.ok {
				return err
			}
			form, ok := formWith(d.body, `action="`+c+"/"+action+`"`)
			if !ok {
				continue
			}
			v := hidden(form)
			for k, a := range answers {
				v[k] = a
			}
			r, err := u.b.post(kind, c+"/"+action, v)
			if err != nil {
				return err
			}
			_, err = u.b.follow("case.detail", r)
			return err
		}
		return nil
	}
}
