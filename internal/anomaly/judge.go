package anomaly

import (
	"fmt"
	"math"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Minimum amounts of evidence for a judgement.
const (
	MinHistory  = 5  // working days with data for a baseline or a CUSUM reference
	MinPeers    = 3  // other regions with data for a peer comparison
	CUSUMRecent = 10 // working days (ending with the judged day) a CUSUM accumulates over
)

// Evidence is what one judgement sees: the region's value on a working day
// (nil when it reported nothing), its earlier working days with data
// (oldest first, up to WindowDays+CUSUMRecent of them, holidays excluded)
// and the other regions' points on the same day. With Span > 1 each point
// is the sum of Span working days ending on its day (see Rule.SpanDays).
type Evidence struct {
	RegionName string
	Day        calendar.Date
	Span       int
	Today      *Point
	History    []Point
	Peers      []Point
}

// Judgement is the result of a rule on Evidence. Baseline is the reference
// value (the target for static rules) and Spread its MAD; Score is the
// robust score, or the CUSUM sum in σ. HasValue is false when the region
// reported nothing; HasBaseline is false when no reference was computed.
type Judgement struct {
	Outcome     Outcome
	Value       float64
	Sample      float64
	Baseline    float64
	Spread      float64
	Score       float64
	Noise       float64 // the sampling error that set the scale of Score (0: MAD did)
	HasValue    bool
	HasBaseline bool
	Explanation string
}

// Judge applies r to ev. It is a pure function.
func Judge(r *Rule, ev Evidence) Judgement {
	subject := ev.RegionName + " " + r.IndicatorName
	when := fmt.Sprintf("%s（%s，工作日）", ev.Day.Label(), ev.Day.WeekdayLabel())
	if ev.Span > 1 {
		subject += fmt.Sprintf("（截至 %s 的近 %d 个工作日合计）", ev.Day.Label(), ev.Span)
		when = fmt.Sprintf("截至 %s 的近 %d 个工作日", ev.Day.Label(), ev.Span)
	}
	if ev.Today == nil {
		j := Judgement{Outcome: Missing, Explanation: fmt.Sprintf("%s %s没有数据，视为未上报", ev.RegionName+" "+r.IndicatorName, when)}
		switch {
		case r.NoData == NoDataIgnore:
			j.Outcome, j.Explanation = NoSample, j.Explanation+"；本规则对未上报不作判断"
		case len(ev.History) == 0:
			// a region that has never had a value has not stopped reporting: the
			// indicator has no source yet (a fresh installation, a new indicator)
			j.Outcome, j.Explanation = NoSample, j.Explanation+"；此前也从无数据，尚未开始上报，不作判断"
		}
		return j
	}
	x := *ev.Today
	j := Judgement{Value: x.Value, Sample: x.Sample(), HasValue: true}
	if !r.enough(x) {
		j.Outcome = NoSample
		j.Explanation = fmt.Sprintf("%s %s，样本 %s，少于最小样本 %d，不作判断", subject, r.show(x), num(x.Sample()), r.MinSample)
		return j
	}
	switch r.Method {
	case MethodStatic:
		r.judgeStatic(&j)
	case MethodBaseline:
		r.judgeBaseline(&j, r.values(tail(ev.History, r.WindowDays)))
	case MethodPeer:
		r.judgePeer(&j, r.values(ev.Peers))
	case MethodCUSUM:
		r.judgeCUSUM(&j, ev.History)
	}
	if ev.Span > 1 {
		j.Explanation = strings.ReplaceAll(j.Explanation, "当日", "同期")
	}
	j.Explanation = subject + " " + r.show(x) + "，" + j.Explanation
	return j
}

// enough reports whether p's sample reaches the rule's minimum.
func (r *Rule) enough(p Point) bool { return r.MinSample <= 0 || p.Sample() >= float64(r.MinSample) }

// values returns the values of the points with enough sample.
func (r *Rule) values(ps []Point) []float64 {
	var out []float64
	for _, p := range ps {
		if r.enough(p) {
			out = append(out, p.Value)
		}
	}
	return out
}

// show formats a point's value with its counts: "12.4 %（7/56）".
func (r *Rule) show(p Point) string {
	s := withUnit(p.Value, r.Unit)
	if p.Denominator > 0 {
		s += fmt.Sprintf("（%s/%s）", num(p.Numerator), num(p.Denominator))
	}
	return s
}

func tail(ps []Point, n int) []Point { return ps[max(len(ps)-n, 0):] }

var comparators = map[Direction]string{Up: "≤", Down: "≥", Both: "="}

func (r *Rule) judgeStatic(j *Judgement) {
	j.Baseline, j.HasBaseline = r.Threshold, true
	d := j.Value - r.Threshold
	j.Outcome = Clear
	verdict := "达到目标"
	if breaches(r.Direction, d) && math.Abs(d) >= r.MinDelta {
		j.Outcome, verdict = Breach, "未达到目标"
	}
	j.Explanation = fmt.Sprintf("目标 %s %s（静态目标），%s", comparators[r.Direction], withUnit(r.Threshold, r.Unit), verdict)
}

// robust judges j.Value against the median and MAD of xs and reports
// whether it breaches. For a rate the spread is at least the sampling error
// of the judged sample (see noise): with a few cases a day, a baseline of
// 0 % ± 0 would otherwise make one late case an infinite deviation.
func (r *Rule) robust(j *Judgement, xs []float64) bool {
	med, mad, _ := MAD(xs)
	j.Baseline, j.Spread, j.HasBaseline = med, mad, true
	j.Score = RobustScore(j.Value, med, mad)
	if e := r.noise(med, j.Sample); e > MADScale*mad {
		j.Score, j.Noise = (j.Value-med)/e, e
	}
	d := j.Value - med
	return breaches(r.Direction, d) && math.Abs(j.Score) >= r.Threshold && math.Abs(d) >= r.MinDelta && d != 0
}

// noise is, for a rule on a rate (unit %), the standard deviation of a rate
// of p per cent measured on n records, the binomial sampling error
// 100·√(q(1−q)/n), with q kept at least one record in n+1 away from 0 and
// from 1, so that a baseline of exactly 0 % or 100 % still has a spread.
// 0 for other units.
func (r *Rule) noise(p, n float64) float64 {
	if r.Unit != "%" || n <= 0 {
		return 0
	}
	q := math.Min(math.Max(p/100, 1/(n+1)), n/(n+1))
	return 100 * math.Sqrt(q*(1-q)/n)
}

// band is "3.1 % ± 1.2".
func (r *Rule) band(j *Judgement) string {
	return withUnit(j.Baseline, r.Unit) + " ± " + num(j.Spread)
}

// noted adds the sampling error to an explanation when it set the scale.
func noted(j *Judgement, s string) string {
	if j.Noise > 0 {
		s += fmt.Sprintf("；样本 %s 件，抽样误差 ± %s 个百分点，按此计算偏离", num(j.Sample), num(j.Noise))
	}
	return s
}

func (r *Rule) judgeBaseline(j *Judgement, xs []float64) {
	if len(xs) < MinHistory {
		j.Outcome = NoSample
		j.Explanation = fmt.Sprintf("近 %d 个工作日只有 %d 天有足够样本的数据，少于 %d 天，不作基线判断", r.WindowDays, len(xs), MinHistory)
		return
	}
	j.Outcome = Clear
	if r.robust(j, xs) {
		j.Outcome = Breach
	}
	j.Explanation = noted(j, fmt.Sprintf("基线 %s（近 %d 个工作日中位数 ± MAD），偏离 %s 倍标准差（阈值 %s）",
		r.band(j), len(xs), num(math.Abs(j.Score)), num(r.Threshold)))
}

func (r *Rule) judgePeer(j *Judgement, xs []float64) {
	if len(xs) < MinPeers {
		j.Outcome = NoSample
		j.Explanation = fmt.Sprintf("当日只有 %d 个其他区县有足够样本的数据，少于 %d 个，不作横向比较", len(xs), MinPeers)
		return
	}
	j.Outcome = Clear
	if r.robust(j, xs) {
		j.Outcome = Breach
	}
	j.Explanation = noted(j, fmt.Sprintf("其余 %d 个区县当日 %s（中位数 ± MAD），偏离 %s 倍标准差（阈值 %s）",
		len(xs), r.band(j), num(math.Abs(j.Score)), num(r.Threshold)))
}

// judgeCUSUM accumulates the last CUSUMRecent working days (the judged day
// included) against the median of the WindowDays before them; σ is
// 1.4826·MAD, at least MinDelta.
func (r *Rule) judgeCUSUM(j *Judgement, history []Point) {
	recentHist := tail(history, CUSUMRecent-1)
	ref := r.values(tail(history[:len(history)-len(recentHist)], r.WindowDays))
	if len(ref) < MinHistory {
		j.Outcome = NoSample
		j.Explanation = fmt.Sprintf("参考期只有 %d 天有足够样本的数据，少于 %d 天，不作 CUSUM 判断", len(ref), MinHistory)
		return
	}
	med, mad, _ := MAD(ref)
	j.Baseline, j.Spread, j.HasBaseline = med, mad, true
	sigma := math.Max(MADScale*mad, r.MinDelta)
	if e := r.noise(med, meanSample(recentHist, j.Sample)); e > sigma {
		sigma, j.Noise = e, e
	}
	if sigma <= 0 {
		j.Outcome = NoSample
		j.Explanation = fmt.Sprintf("参考基线 %s 没有波动，且未设最小偏离，不作 CUSUM 判断", r.band(j))
		return
	}
	recent := append(r.values(recentHist), j.Value)
	up, down := CUSUM(recent, med, sigma, r.CUSUMK)
	j.Score, j.Outcome = cusumStat(r.Direction, up, down), Clear
	if j.Score > r.Threshold {
		j.Outcome = Breach
	}
	j.Explanation = fmt.Sprintf("近 %d 个工作日累计偏离 %s 倍标准差（CUSUM，k = %s，阈值 %s）；参考基线 %s（之前 %d 个工作日中位数 ± MAD）",
		len(recent), num(j.Score), num(r.CUSUMK), num(r.Threshold), r.band(j), len(ref))
	if j.Noise > 0 {
		j.Explanation += fmt.Sprintf("；每日样本少，标准差取抽样误差 ± %s 个百分点", num(j.Noise))
	}
}

// meanSample is the mean sample of the recent points and today's.
func meanSample(recent []Point, today float64) float64 {
	sum := today
	for _, p := range recent {
		sum += p.Sample()
	}
	return sum / float64(len(recent)+1)
}

// cusumStat picks the sum of the bad direction(s).
func cusumStat(dir Direction, up, down float64) float64 {
	switch dir {
	case Up:
		return up
	case Down:
		return down
	}
	return math.Max(up, down)
}
