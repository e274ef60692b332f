package loadgen

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is the outcome of a run.
type Report struct {
	Target     string         `json:"target"`
	Users      int            `json:"users"`
	UsersBy    map[string]int `json:"users_by_role"`
	Think      string         `json:"think"`
	Duration   string         `json:"duration_limit"`
	Ops        int            `json:"ops_limit"`
	Started    time.Time      `json:"started"`
	ElapsedSec float64        `json:"elapsed_seconds"`
	Kinds      []Stats        `json:"kinds"`  // each kind of request, reads first
	Reads      Stats          `json:"reads"`  // all read pages together
	Writes     Stats          `json:"writes"` // all form submissions together
	All        Stats          `json:"all"`    // reads and writes
	Login      Stats          `json:"login"`  // the ramp-up's sign-ins, not in All
}

// Failed is the number of requests that got neither the expected answer
// nor a conflict, sign-ins included.
func (r *Report) Failed() int { return r.All.Errors + r.Login.Errors }

func buildReport(cfg Config, users []*user, rec, ramp *recorder, elapsed time.Duration) *Report {
	rep := &Report{Target: cfg.Target, Users: cfg.Users, UsersBy: map[string]int{}, Think: cfg.Think.String(),
		Duration: cfg.Duration.String(), Ops: cfg.Ops, Started: time.Now().Add(-elapsed).Round(time.Second),
		ElapsedSec: elapsed.Seconds()}
	for _, u := range users {
		rep.UsersBy[u.role.name]++
	}
	for _, class := range []Class{read, write} {
		for _, k := range rec.kindsOf(class) {
			rep.Kinds = append(rep.Kinds, rec.stats(k, class, []string{k}, elapsed))
		}
	}
	rep.Reads = rec.stats("reads (all pages)", read, rec.kindsOf(read), elapsed)
	rep.Writes = rec.stats("writes (all forms)", write, rec.kindsOf(write), elapsed)
	rep.All = rec.stats("all", "", rec.kindsOf(""), elapsed)
	rep.Login = ramp.stats("login (ramp-up)", login, []string{"login"}, 0)
	return rep
}

// WriteText prints the report as a table.
func (r *Report) WriteText(w io.Writer) error {
	roles := make([]string, 0, len(r.UsersBy))
	for k, n := range r.UsersBy {
		roles = append(roles, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(roles)
	fmt.Fprintf(w, "目标 %s，%d 个用户（%s），思考时间 %s，实测 %.1f 秒\n\n", r.Target, r.Users,
		strings.Join(roles, "，"), r.Think, r.ElapsedSec)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kind\tclass\trequests\tok\tconflict\terror\treq/s\tp50 ms\tp95 ms\tp99 ms\tmax ms\t")
	row := func(s Stats) {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t\n", s.Kind, s.Class, s.Requests,
			s.OK, s.Conflicts, s.Errors, s.PerSecond, s.P50, s.P95, s.P99, s.Max)
	}
	for _, s := range r.Kinds {
		row(s)
	}
	fmt.Fprintln(tw, "\t\t\t\t\t\t\t\t\t\t\t")
	for _, s := range []Stats{r.Reads, r.Writes, r.All, r.Login} {
		row(s)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n吞吐量 %.1f 请求/秒；错误 %d（登录 %d），冲突 %d\n", r.All.PerSecond, r.All.Errors,
		r.Login.Errors, r.All.Conflicts)
	for _, s := range append(r.Kinds, r.Login) {
		for _, n := range s.Notes {
			fmt.Fprintf(w, "  %s: %s\n", s.Kind, n)
		}
	}
	return nil
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
