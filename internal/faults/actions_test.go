package faults

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// caseView is the part of GET /api/v1/cases/{id} the workers read.
type caseView struct {
	ID      int64  `json:"id"`
	Item    string `json:"item_code"`
	Status  int    `json:"status"`
	Version int64  `json:"version"`
	Tasks   []struct {
		Status string `json:"status"`
	} `json:"tasks"`
}

// action is one step a worker takes on a case: who, which verb (the path
// segment of the API and of the case page's forms), the processing step
// it writes, and the two bodies.
type action struct {
	kind, user, verb, step string
	api                    map[string]any
	form                   url.Values
	next                   int // status afterwards
}

// advance moves c one step along 收件 → 受理 → 审查 → 办结, with
// occasional 补正 before acceptance and withdrawals, through the JSON API
// or the case page's forms (a coin decides) as the person concerned.
func (w *worker) advance(ctx context.Context, c *tracked) error {
	if c.stale {
		if err := w.refresh(ctx, c); err != nil {
			return err
		}
	}
	a, ok := w.nextAction(c)
	if !ok {
		w.drop(c)
		return nil
	}
	if !w.d.take() {
		return errBudget
	}
	if w.rng.IntN(2) == 0 && a.form != nil {
		return w.viaForm(ctx, c, a)
	}
	return w.viaAPI(ctx, c, a)
}

func (w *worker) nextAction(c *tracked) (action, bool) {
	people, known := w.d.plan.people[c.item]
	v := strconv.FormatInt(c.version, 10)
	r := w.rng.IntN(100)
	switch {
	case !known:
		return action{}, false
	case c.status == 1 && r < 8:
		return action{kind: "fix", user: "chuangkou", verb: "corrections", step: "request_fix", next: 6,
			api: map[string]any{"version": c.version, "items": []map[string]string{{"material": w.d.plan.materials[0],
				"problem": "故障测试：请补正"}}},
			form: url.Values{"version": {v}, "material_0": {w.d.plan.materials[0]}, "problem_0": {"故障测试：请补正"}}}, true
	case c.status == 1 && r < 12 && w.d.withdrawals:
		return action{kind: "withdraw", user: "qiye", verb: "withdraw", step: "withdraw", next: 2,
			api:  map[string]any{"version": c.version, "reason": "故障测试撤件"},
			form: url.Values{"version": {v}, "reason": {"故障测试撤件"}}}, true
	case c.status == 1 || c.status == 7:
		return action{kind: "accept", user: "chuangkou", verb: "accept", step: "accept", next: 8,
			api:  map[string]any{"version": c.version, "opinion": "故障测试受理"},
			form: url.Values{"version": {v}, "opinion": {"故障测试受理"}}}, true
	case c.status == 6:
		return action{kind: "supply", user: "qiye", verb: "corrections/supply", step: "supply_fix", next: 7,
			api: map[string]any{"version": c.version, "materials": map[string]string{w.d.plan.materials[0]: w.hash}}}, true
	case c.status == 8 && !c.reviewed:
		return action{kind: "review", user: people.reviewer, verb: "review", step: "task_approve", next: 8,
			api:  map[string]any{"opinion": "故障测试：同意", "decision": "approve"},
			form: url.Values{"opinion": {"故障测试：同意"}, "decision": {"approve"}}}, true
	case c.status == 8:
		return action{kind: "conclude", user: people.head, verb: "conclude", step: "approve", next: 11,
			api:  map[string]any{"version": c.version, "approve": true, "opinion": "故障测试：准予许可"},
			form: url.Values{"version": {v}, "approve": {"true"}, "opinion": {"故障测试：准予许可"}}}, true
	}
	return action{}, false
}

func (w *worker) viaAPI(ctx context.Context, c *tracked, a action) error {
	var after caseView
	path := fmt.Sprintf("/api/v1/cases/%d/%s", c.id, a.verb)
	began := time.Now()
	st, raw, err := w.who[a.user].api(ctx, "POST", path, a.api, &after)
	if err != nil {
		return err
	}
	if st != http.StatusOK {
		w.d.led.refuse(a.kind, st, raw)
		c.stale = true
		return nil
	}
	w.d.led.ack(opRecord{Kind: a.kind, User: a.user, Via: "api", CaseID: c.id, Step: a.step, Version: after.Version})
	w.d.led.took(a.kind, time.Since(began))
	w.apply(c, a, after.Status, after.Version)
	return nil
}

func (w *worker) viaForm(ctx context.Context, c *tracked, a action) error {
	path := fmt.Sprintf("/cases/%d/%s", c.id, a.verb)
	began := time.Now()
	st, loc, body, err := w.who[a.user].postForm(ctx, path, a.form)
	if err != nil {
		return err
	}
	if st != http.StatusSeeOther || loc != fmt.Sprintf("/cases/%d", c.id) {
		w.d.led.refuse(a.kind+"-form", st, []byte(body))
		c.stale = true
		return nil
	}
	w.d.led.ack(opRecord{Kind: a.kind, User: a.user, Via: "form", CaseID: c.id, Step: a.step})
	w.d.led.took(a.kind+"-form", time.Since(began))
	w.apply(c, a, a.next, 0)
	return nil
}

// apply records the effect of an acknowledged action on the worker's view.
func (w *worker) apply(c *tracked, a action, status int, version int64) {
	c.status, c.version = status, version
	if a.kind == "review" {
		c.reviewed = true
	}
	if a.kind == "accept" {
		c.reviewed = false
	}
}

// refresh re-reads c as the window clerk after an unanswered or refused
// request.
func (w *worker) refresh(ctx context.Context, c *tracked) error {
	var v caseView
	st, raw, err := w.who["chuangkou"].api(ctx, "GET", fmt.Sprintf("/api/v1/cases/%d", c.id), nil, &v)
	if err != nil {
		return err
	}
	if st != http.StatusOK {
		w.d.led.refuse("read", st, raw)
		w.drop(c)
		return nil
	}
	c.status, c.version, c.stale = v.Status, v.Version, false
	c.reviewed = !slices.ContainsFunc(v.Tasks, func(t struct {
		Status string `json:"status"`
	}) bool {
		return t.Status == "pending"
	})
	return nil
}

func (w *worker) drop(c *tracked) {
	w.cases = slices.DeleteFunc(w.cases, func(x *tracked) bool { return x == c })
}
