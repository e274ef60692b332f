package faults

import (
	"encoding/json"
	"fmt"
	"strings"
)

// problems collects violations, keeping the first few of each kind.
type problems struct {
	byKind map[string]int
	first  []string
}

func (p *problems) add(kind, format string, args ...any) {
	if p.byKind == nil {
		p.byKind = map[string]int{}
	}
	p.byKind[kind]++
	if p.byKind[kind] <= 3 {
		p.first = append(p.first, kind+": "+fmt.Sprintf(format, args...))
	}
}

func (p *problems) String() string {
	if len(p.byKind) == 0 {
		return ""
	}
	return fmt.Sprintf("%v\n%s", p.byKind, strings.Join(p.first, "\n"))
}

// checkAcked: every acknowledged operation is in the database with its
// effect — each submission's application with its idempotency key and
// exactly the cases it answered with, each uploaded file, and each case
// action as a processing step of that case (as many steps of that action
// as were acknowledged, at least) with the case at the version the answer
// reported or later.
func checkAcked(s *snapshot, ops []opRecord, p *problems) {
	want := map[string]int{}
	for _, op := range ops {
		switch op.Kind {
		case "upload":
			if !s.blobs[op.Hash] {
				p.add("lost upload", "file %s", op.Hash)
			}
		case "submit":
			checkSubmission(s, op, p)
		default:
			want[fmt.Sprintf("%d %s", op.CaseID, op.Step)]++
			c := s.cases[op.CaseID]
			if c == nil {
				p.add("lost case", "%s on case %d: no such case", op.Kind, op.CaseID)
				continue
			}
			if c.version < op.Version {
				p.add("lost version", "case %d at version %d, an acknowledged %s answered %d", c.id, c.version, op.Kind, op.Version)
			}
		}
	}
	for k, n := range want {
		var id int64
		var step string
		fmt.Sscanf(k, "%d %s", &id, &step)
		if c := s.cases[id]; c != nil && countSteps(c, step) < n {
			p.add("lost action", "case %d has %d %q steps, %d acknowledged", id, countSteps(c, step), step, n)
		}
	}
}

func checkSubmission(s *snapshot, op opRecord, p *problems) {
	a, ok := s.apps[op.AppID]
	if !ok || !strings.HasSuffix(a.key, ":"+op.Key) {
		p.add("lost submission", "application %d (key %s): %+v", op.AppID, op.Key, a)
		return
	}
	if a.cases != len(op.CaseIDs) {
		p.add("lost submission", "application %d has %d cases, the answer listed %d", op.AppID, a.cases, len(op.CaseIDs))
	}
	for _, id := range op.CaseIDs {
		if c := s.cases[id]; c == nil || c.app != op.AppID || countSteps(c, "receive") != 1 {
			p.add("lost submission", "case %d of application %d missing or without its one 收件 step", id, op.AppID)
		}
	}
}

func countSteps(c *caseRow, action string) int {
	n := 0
	for _, st := range c.steps {
		if st.action == action {
			n++
		}
	}
	return n
}

// ended are the statuses that end a case (casework.Status.Terminal but
// 撤销, which keeps the conclusion it revokes): they, and only they, carry
// concluded_at.
var ended = map[int]bool{2: true, 4: true, 5: true, 11: true, 12: true, 13: true, 14: true}

// beforeAcceptance are the statuses a case has before (or instead of) 受理.
var beforeAcceptance = map[int]bool{1: true, 2: true, 4: true, 5: true}

// checkCases: no case is half-changed. For every case that is not
// generated history: its steps form one unbroken path from 0 (收件) to its
// current status; for every step there is one audit event case.<action>
// and one outbox event, and no others; accepted_at is set exactly when an
// 受理 step exists, concluded_at exactly when the case has ended; cases never accepted
// have no tasks, cases in review have at least one and a concluded case
// none pending; every application has at least one case.
func checkCases(s *snapshot, p *problems) {
	for _, o := range s.outbox {
		var ev struct {
			Action string `json:"action"`
			Number string `json:"case_number"`
		}
		if json.Unmarshal([]byte(o.payload), &ev) == nil {
			if id, ok := s.byNum[ev.Number]; ok {
				s.cases[id].outbox[ev.Action]++
			}
		}
	}
	for _, c := range s.cases {
		checkPath(c, p)
		checkRecords(c, p)
		checkTasks(c, p)
	}
	for id, a := range s.apps {
		if a.cases == 0 {
			p.add("empty application", "application %d has no case", id)
		}
	}
}

func checkPath(c *caseRow, p *problems) {
	prev := 0
	for i, st := range c.steps {
		if st.from != prev {
			p.add("broken path", "case %d step %d (%s) starts at %d, the previous ended at %d", c.id, i, st.action, st.from, prev)
		}
		prev = st.to
	}
	if prev != c.status {
		p.add("status without step", "case %d is in %d, its last step ends at %d", c.id, c.status, prev)
	}
	if c.accepted != (countSteps(c, "accept") > 0) {
		p.add("acceptance half-written", "case %d accepted_at set %v, accept steps %d", c.id, c.accepted, countSteps(c, "accept"))
	}
	if c.concluded != ended[c.status] && c.status != 15 {
		p.add("conclusion half-written", "case %d in %d with concluded_at set %v", c.id, c.status, c.concluded)
	}
}

func checkRecords(c *caseRow, p *problems) {
	steps := map[string]int{}
	for _, st := range c.steps {
		steps[st.action]++
	}
	audit := map[string]int{}
	for k, n := range c.audit {
		if a, ok := strings.CutPrefix(k, "case."); ok && !strings.Contains(a, ".") {
			audit[a] += n
		}
	}
	if !sameCounts(steps, audit) {
		p.add("audit mismatch", "case %d steps %v, audit events %v", c.id, steps, audit)
	}
	if !sameCounts(steps, c.outbox) {
		p.add("outbox mismatch", "case %d steps %v, outbox events %v", c.id, steps, c.outbox)
	}
}

func checkTasks(c *caseRow, p *problems) {
	pending := 0
	for _, t := range c.tasks {
		if t == "pending" {
			pending++
		}
	}
	switch {
	case beforeAcceptance[c.status] && len(c.tasks) > 0:
		p.add("tasks before acceptance", "case %d in %d has tasks %v", c.id, c.status, c.tasks)
	case c.status == 8 && len(c.tasks) == 0:
		p.add("review without tasks", "case %d in review has no department task", c.id)
	case c.status >= 11 && c.status <= 13 && pending > 0:
		p.add("pending task after conclusion", "case %d in %d has %d pending tasks", c.id, c.status, pending)
	}
	decided := len(c.tasks) - pending - count(c.tasks, "cancelled")
	if stepsDecided := countSteps(c, "task_approve") + countSteps(c, "task_deny"); decided > stepsDecided {
		p.add("task decision without step", "case %d has %d decided tasks, %d decision steps", c.id, decided, stepsDecided)
	}
}

func count(xs []string, x string) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}

func sameCounts(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}
