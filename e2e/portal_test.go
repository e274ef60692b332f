//go:build e2e

package e2e

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// samplePDF writes a small distinct PDF for upload and returns its path.
func samplePDF(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name+".pdf")
	body := fmt.Sprintf("%%PDF-1.4\n%% gongai e2e %s %d\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n", name, rand.Int())
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// registerProject registers a 通川区 project of flowType through the form
// and returns its page path.
func (b *tab) registerProject(name string, flowType int) string {
	b.t.Helper()
	b.open("/projects/new")
	code := fmt.Sprintf("2026-511702-47-03-%06d", rand.IntN(1000000))
	b.fill("#f-code", code)
	b.fill("#f-name", name)
	b.choose("#f-region_code", "511702")
	b.choose("#f-flow_type", fmt.Sprint(flowType))
	b.fill("#f-investment", "860")
	b.fill("#f-address", "达州市通川区西外镇金龙大道（演示）")
	b.press(`main form button[type=submit]`)
	if !strings.HasPrefix(b.path(), "/projects/") || b.path() == "/projects/new" {
		b.t.Fatalf("registering %s: still on %s: %s", name, b.path(), b.textOf("main"))
	}
	return b.path()
}

// fillApplication answers every empty question of the application form the
// way a careful applicant would (numbers, dates, the first choice) and
// attaches a PDF to every material.
func (b *tab) fillApplication() {
	b.t.Helper()
	eval[bool](b, `(() => {
		const f = document.querySelector('form[enctype="multipart/form-data"]');
		f.querySelectorAll('input[type=text], input[type=date], textarea, select').forEach(el => {
			if (el.disabled || el.value) return;
			if (el.tagName === 'SELECT') { const o = Array.from(el.options).find(o => o.value); if (o) el.value = o.value; return; }
			if (el.type === 'date') { el.value = '2026-12-01'; return; }
			if (el.getAttribute('inputmode') === 'decimal') { el.value = '3'; return; }
			el.value = '演示填写';
		});
		return true;
	})()`)
	b.attachAll()
}

// attachAll chooses a PDF in every file input of the page.
func (b *tab) attachAll() {
	b.t.Helper()
	ids := eval[[]string](b, `Array.from(document.querySelectorAll('input[type=file]')).map(e => e.id)`)
	for _, id := range ids {
		b.do(chromedp.SetUploadFiles(`#`+id, []string{samplePDF(b.t, id)}))
	}
}

// applyStage opens the one-form application of a stage, ticks the optional
// items named, fills and submits it, and returns the page it lands on.
func (b *tab) applyStage(projectPath string, stage int, optional ...string) {
	b.t.Helper()
	b.open(fmt.Sprintf("%s/apply?stage=%d", projectPath, stage))
	if len(optional) > 0 {
		for _, code := range optional {
			b.do(chromedp.Click(chromedp.CSS(`input[name=optional][value="` + code + `"]`)))
		}
		b.press(`form[method=get] button[type=submit]`)
	}
	b.fillApplication()
	b.press(`form[enctype="multipart/form-data"] button[type=submit]`)
	b.expectText(".flash", "申报")
}

// TestApplicationNeedsMaterials: a form sent without materials comes back
// with the error summary focused and one message per missing material.
func TestApplicationNeedsMaterials(t *testing.T) {
	qiye := newTab(t)
	qiye.loginAs("qiye")
	project := qiye.registerProject(fmt.Sprintf("达州川东物流仓储用房（演示 %d）", rand.IntN(1000)), 4)
	qiye.open(project + "/apply?stage=3")
	qiye.press(`form[enctype="multipart/form-data"] button[type=submit]`)
	qiye.expectText(".error-summary", "请上传")
	if !qiye.summaryFocused() {
		t.Fatal("the error summary must take the focus")
	}
	saveReview(t, qiye, "apply-errors")
}

// saveReview writes a full-page screenshot of the tab to
// e2e/testdata/screens/<name>.png for a person to review the page.
func saveReview(t *testing.T, b *tab, name string) {
	t.Helper()
	buf, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join("testdata", "screens")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// openCase opens, from a case list, the case of the project and item.
func (b *tab) openCase(list, project, item string) string {
	b.t.Helper()
	b.open(list)
	href := eval[string](b, `(() => {
		const row = Array.from(document.querySelectorAll('tbody tr')).find(r =>
			r.textContent.includes(`+jsString(project)+`) && r.textContent.includes(`+jsString(item)+`));
		const a = row && row.querySelector('a[href^="/cases/"]');
		return a ? a.getAttribute('href') : '';
	})()`)
	if href == "" {
		b.t.Fatalf("no case of %s / %s on %s", project, item, list)
	}
	b.open(href)
	return href
}

// approveAndConclude has the department's reviewer approve the case at url
// and its head conclude it.
func approveAndConclude(t *testing.T, url, reviewer, head string) {
	t.Helper()
	r := newTab(t)
	r.loginAs(reviewer)
	r.open(url)
	r.do(chromedp.Click(chromedp.CSS(`input[name=decision][value=approve]`)))
	r.do(chromedp.SendKeys(`form[action$="/review"] textarea[name=opinion]`, "符合要求，同意"))
	r.press(`form[action$="/review"] button[type=submit]`)
	r.expectText(".flash", "审查意见已保存")
	h := newTab(t)
	h.loginAs(head)
	h.open(url)
	h.do(chromedp.SendKeys(`form[action$="/conclude"] textarea[name=opinion]`, "准予许可"))
	h.press(`form[action$="/conclude"] button[type=submit]`)
	h.expectText(".flash", "办件已办结")
}

// TestEnterpriseJourney: an enterprise registers a project and applies for
// its 施工许可 stage with the optional 消防设计备案; the window accepts both
// cases; 住建 and 消防 approve in parallel; the licence comes out; the
// enterprise downloads it and the public verify page says it is valid.
func TestEnterpriseJourney(t *testing.T) {
	qiye := newTab(t)
	qiye.loginAs("qiye")
	name := fmt.Sprintf("川东智能制造研发楼（演示 %d）", rand.IntN(100000))
	project := qiye.registerProject(name, 4)
	saveReview(t, qiye, "project")
	qiye.open("/apply")
	qiye.expectText("main", name)
	saveReview(t, qiye, "apply-hub")
	qiye.applyStage(project, 3, "fire_design_filing")
	saveReview(t, qiye, "cases-after-apply")

	clerk := newTab(t)
	clerk.loginAs("chuangkou")
	var urls []string
	for _, item := range []string{"建筑工程施工许可证核发", "消防设计备案"} {
		urls = append(urls, clerk.openCase("/cases?queue=window", name, item))
		clerk.press(`form[action$="/accept"] button[type=submit]`)
		clerk.expectText(".flash", "已受理")
	}
	saveReview(t, clerk, "case-accepted")
	qiye.eventually("/notifications", "已受理") // relayed by the background job within seconds
	saveReview(t, qiye, "notifications")
	approveAndConclude(t, urls[0], "shenpi.zj", "kezhang.zj")
	approveAndConclude(t, urls[1], "shenpi.xf", "kezhang.xf")

	qiye.open(urls[0])
	qiye.expectText("main", "电子证照")
	saveReview(t, qiye, "case-concluded")
	qiye.open("/licences")
	qiye.expectText("main", "建筑工程施工许可证")
	saveReview(t, qiye, "licences")
	number := eval[string](qiye, `(() => { const a = Array.from(document.querySelectorAll('a[href^="/licences/"]')).find(a => !a.href.endsWith('.pdf')); return a ? a.getAttribute('href').split('/').pop() : ''; })()`)
	if number == "" {
		t.Fatal("no licence link on 我的证照")
	}
	pdf, err := chromedp.Run(qiye.ctx, chromedp.Evaluate[string](`fetch('/licences/`+number+`.pdf').then(r => r.status + ' ' + r.headers.get('content-type'))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if pdf != "200 application/pdf" {
		t.Fatalf("downloading the licence: %s", pdf)
	}
	anon := newTab(t)
	anon.open("/verify/" + number)
	anon.expectText("main", "有效")
	saveReview(t, anon, "verify")
}

// TestCorrectionRoundTrip: the window asks for a correction once; the
// enterprise supplies just that material; the window then accepts, and the
// 一次性补正告知书 is there as a PDF.
func TestCorrectionRoundTrip(t *testing.T) {
	qiye := newTab(t)
	qiye.loginAs("qiye")
	name := fmt.Sprintf("川东冷链分拣中心（演示 %d）", rand.IntN(100000))
	project := qiye.registerProject(name, 4)
	qiye.applyStage(project, 2)

	clerk := newTab(t)
	clerk.loginAs("chuangkou")
	url := clerk.openCase("/cases?queue=window", name, "建设工程规划许可证核发")
	// set, not typed: a long run of CJK key events can race the click
	clerk.do(chromedp.SetValue(`form[action$="/corrections"] input[name=material_0]`, "建设工程规划许可申请表"),
		chromedp.SetValue(`form[action$="/corrections"] input[name=problem_0]`, "缺少建设单位盖章"))
	clerk.press(`form[action$="/corrections"] button[type=submit]`)
	clerk.expectText(".flash", "一次性补正告知")
	clerk.expectText("main", "一次性补正告知书")

	qiye.open(url)
	qiye.press(`a[href$="/supply"]`)
	qiye.expectText("main", "缺少建设单位盖章")
	if n := eval[int](qiye, `document.querySelectorAll('input[type=file]').length`); n != 1 {
		t.Fatalf("the supply page asks for %d files, want only the one named", n)
	}
	saveReview(t, qiye, "supply")
	qiye.attachAll()
	qiye.press(`form[enctype="multipart/form-data"] button[type=submit]`)
	qiye.expectText(".flash", "材料已提交")

	clerk.open(url)
	if got := clerk.fact("办理状态"); !strings.Contains(got, "补正（结束）") {
		t.Fatalf("after the correction: %s", got)
	}
	clerk.press(`form[action$="/accept"] button[type=submit]`)
	clerk.expectText(".flash", "已受理")
	status := eval[int](clerk, `(() => { const a = document.querySelector('a[href*="/notices/correction.pdf"]'); return a ? 1 : 0; })()`)
	if status != 1 {
		t.Fatal("the case page links the 一次性补正告知书")
	}
}

// TestWalkInApplication: a window clerk registers an application brought to
// the window for the demo enterprise's project and accepts it on the spot.
func TestWalkInApplication(t *testing.T) {
	clerk := newTab(t)
	clerk.loginAs("chuangkou")
	clerk.open("/apply")
	clerk.expectText("main", "现场收件")
	href := eval[string](clerk, `(() => { const a = document.querySelector('a[href*="/apply?stage=1"]'); return a ? a.getAttribute('href') : ''; })()`)
	if href == "" {
		t.Fatal("no project stage to take in at the window")
	}
	clerk.open(href)
	clerk.expectText("h1", "现场收件")
	clerk.fillApplication()
	clerk.press(`form[enctype="multipart/form-data"] button[type=submit]`)
	clerk.expectText(".flash", "已现场收件")
	saveReview(t, clerk, "walk-in")
	number := clerk.textOf("h1 .muted")
	clerk.press(`form[action$="/accept"] button[type=submit]`)
	clerk.expectText(".flash", "已受理")
	clerk.open("/windows/desk")
	clerk.expectText("main", number) // taken in at the counter: the case is at the clerk's window
}

// TestAppointmentBooking: an enterprise books a window slot, sees it under
// 我的预约 and cancels it; the seat is free again.
func TestAppointmentBooking(t *testing.T) {
	qiye := newTab(t)
	qiye.loginAs("qiye")
	qiye.open("/appointments/new?region=511702")
	window := eval[string](qiye, `(() => { const o = Array.from(document.querySelectorAll('#f-window option')).find(o => o.value); return o ? o.value : ''; })()`)
	if window == "" {
		t.Fatal("no window of 通川区 to book")
	}
	qiye.open("/appointments/new?region=511702&window=" + window)
	slot := eval[string](qiye, `(() => { const r = document.querySelector('input[name=slot]:not([disabled])'); if (!r) return ''; r.click(); return r.value; })()`)
	if slot == "" {
		t.Fatal("no free slot in the next working days")
	}
	qiye.do(chromedp.SetValue(`#f-matter`, eval[string](qiye, `Array.from(document.querySelectorAll('#f-matter option')).find(o => o.value).value`)))
	qiye.fill(`#f-phone`, "13800001234")
	saveReview(t, qiye, "appointment-new")
	qiye.press(`form[action="/appointments"] button[type=submit]`)
	qiye.expectPath("/appointments")
	qiye.expectText("main", strings.Fields(slot)[1])
	saveReview(t, qiye, "appointments")
	qiye.press(`form[action$="/cancel"] button[type=submit]`)
	qiye.expectText("main", "已取消")
}

// TestApplicationByKeyboard: the application form can be filled and sent
// with the keyboard alone: Tab reaches every control in document order,
// typing answers each question, Enter on the button sends it. (Files are
// chosen through the system's file dialog, which a test cannot drive, so
// they are attached directly.)
func TestApplicationByKeyboard(t *testing.T) {
	qiye := newTab(t)
	qiye.loginAs("qiye")
	project := qiye.registerProject(fmt.Sprintf("川东档案馆改造（演示 %d）", rand.IntN(100000)), 4)
	qiye.open(project + "/apply?stage=3&item=low_risk_construction_permit")
	qiye.attachAll()
	const form = `form[enctype="multipart/form-data"]`
	controls := eval[[]string](qiye, `Array.from(document.querySelectorAll('`+form+` input:not([type=hidden]), `+form+` textarea, `+form+` select, `+form+` button')).map(e => e.id || e.name || e.textContent.trim())`)
	eval[bool](qiye, `(document.activeElement && document.activeElement.blur(), true)`)
	var order []string
	for range 3*len(controls) + 60 { // the skip link, menu and item choices come first
		qiye.do(chromedp.KeyEvent(kb.Tab))
		id, kind := qiye.focused(form)
		if id == "" || slices.Contains(order, id) {
			continue
		}
		order = append(order, id)
		if kind == "submit" {
			break
		}
		qiye.typeAnswer(kind)
	}
	if !slices.Equal(order, controls) {
		t.Fatalf("Tab order %v, want every control in document order %v", order, controls)
	}
	qiye.do(chromedp.KeyEvent(kb.Enter))
	qiye.expectText(".flash", "申报已提交")
}

// focused names the focused control inside form and its kind ("" outside).
func (b *tab) focused(form string) (id, kind string) {
	b.t.Helper()
	v := eval[[]string](b, `(() => { const e = document.activeElement;
		if (!e || !e.closest('`+form+`')) return ['', ''];
		const kind = e.tagName === 'SELECT' ? 'select' : e.tagName === 'TEXTAREA' ? 'text'
			: e.getAttribute('inputmode') === 'decimal' ? 'number' : e.type;
		return [e.id || e.name || e.textContent.trim(), kind]; })()`)
	return v[0], v[1]
}

// typeAnswer answers the focused control by keyboard.
func (b *tab) typeAnswer(kind string) {
	b.t.Helper()
	switch kind {
	case "text":
		b.do(chromedp.KeyEvent("键盘填写"))
	case "number":
		b.do(chromedp.KeyEvent("3"))
	case "date": // the segments come in the browser locale's order
		parts := eval[[]string](b, `new Intl.DateTimeFormat(navigator.language).formatToParts(new Date(2026, 11, 1))
			.filter(p => ['year', 'month', 'day'].includes(p.type)).map(p => p.type)`)
		for _, p := range parts {
			b.do(chromedp.KeyEvent(map[string]string{"year": "2026", "month": "12", "day": "01"}[p]))
		}
	case "select":
		b.do(chromedp.KeyEvent(kb.ArrowDown))
	}
}

// eventually reopens path until its main text contains want, for what a
// background job delivers; it fails after about 15 seconds.
func (b *tab) eventually(path, want string) {
	b.t.Helper()
	for range 30 {
		b.open(path)
		if strings.Contains(b.textOf("main"), want) {
			return
		}
		b.do(chromedp.Sleep(500 * time.Millisecond))
	}
	b.t.Fatalf("%s never showed %q", path, want)
}
