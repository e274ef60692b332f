package loadgen

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"regexp"
)

// role is a kind of person using the system: which demo accounts play it,
// what share of the virtual users it gets, and what they do, by weight.
type role struct {
	name     string
	share    int      // relative number of users
	accounts []string // signed in round-robin; none = anonymous
	actions  []action
}

// action is one thing a person does, usually several pages in a row.
type action struct {
	weight int
	run    func(u *user) error // errStop ends the user's work
}

// roles is the mix. The demo accounts are those of README.md; the clerk and
// reviewers of 通川区 handle what the enterprise applies for there.
var roles = []role{
	{name: "public", share: 25, actions: publicActions},
	{name: "enterprise", share: 25, accounts: []string{"qiye"}, actions: enterpriseActions},
	{name: "window", share: 12, accounts: []string{"chuangkou", "chuangkou", "chuangkou.qx"}, actions: windowActions},
	{name: "reviewer", share: 15, accounts: []string{"shenpi.zj", "shenpi", "shenpi.xf"}, actions: reviewerActions},
	{name: "head", share: 8, accounts: []string{"kezhang.zj", "fuzeren", "kezhang.xf"}, actions: headActions},
	{name: "supervisor", share: 15, accounts: []string{"jianguan"}, actions: supervisorActions},
}

// roleCounts spreads n users over the roles by share (largest remainder),
// every role getting at least one user when there are enough of them.
func roleCounts(n int) []int {
	total := 0
	for _, r := range roles {
		total += r.share
	}
	counts := make([]int, len(roles))
	given := 0
	if n >= len(roles) {
		for i := range counts {
			counts[i] = 1
		}
		given = len(roles)
	}
	for given < n {
		best, bestGap := 0, -1.0
		for i, r := range roles {
			gap := float64(n*r.share)/float64(total) - float64(counts[i])
			if gap > bestGap {
				best, bestGap = i, gap
			}
		}
		counts[best]++
		given++
	}
	return counts
}

// user is one virtual user.
type user struct {
	role    role
	account string
	region  string
	rng     *rand.Rand
	b       *browser
}

// work runs the user's actions, chosen by weight, until the phase ends.
func (u *user) work() {
	total := 0
	for _, a := range u.role.actions {
		total += a.weight
	}
	for {
		n := u.rng.IntN(total)
		for _, a := range u.role.actions {
			if n -= a.weight; n < 0 {
				if err := a.run(u); errors.Is(err, errStop) {
					return
				}
				break
			}
		}
	}
}

// login signs the user in through the login form, as a browser does.
func (u *user) login(password string) error {
	p, err := u.b.fetch("login.page", read, "/login")
	if err != nil {
		return err
	}
	if !p.ok {
		return fmt.Errorf("打开登录页失败 (login page for %s: HTTP %d %s)", u.account, p.status, titleOf(p.body))
	}
	form := url.Values{"csrf_token": {csrfToken(p.body)}, "username": {u.account}, "password": {password}}
	p, err = u.b.postNow("login", "/login", form)
	if err != nil {
		return err
	}
	if !p.ok {
		return fmt.Errorf("账户 %s 登录失败 (login %s: HTTP %d %s)", u.account, u.account, p.status, titleOf(p.body))
	}
	return nil
}

// open is a page visit that counts on its own: GET path as kind.
func open(kind, path string) func(u *user) error {
	return func(u *user) error {
		_, err := u.b.get(kind, path)
		return err
	}
}

// browse opens a list page and then one item linked from it, as a person
// scanning a list and clicking a row.
func browse(listKind, list, itemKind string, item *regexp.Regexp) func(u *user) error {
	return func(u *user) error {
		p, err := u.b.get(listKind, list)
		if err != nil || !p.ok {
			return err
		}
		if next := pick(u.rng, links(p.body, item)); next != "" {
			_, err = u.b.get(itemKind, next)
		}
		return err
	}
}

var (
	caseLinkRe    = regexp.MustCompile(`href="(/cases/\d+)"`)
	projectLinkRe = regexp.MustCompile(`href="(/projects/\d+)"`)
)
