package anomaly

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// MADScale makes the MAD of a normal sample estimate its standard
// deviation (σ ≈ 1.4826·MAD), as in Flux anomalydetection.mad.
const MADScale = 1.4826

// Median returns the median of xs (the mean of the middle two for an even
// count) and false for an empty slice. xs is not modified.
func Median(xs []float64) (float64, bool) {
	if len(xs) == 0 {
		return 0, false
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2], true
	}
	return (s[n/2-1] + s[n/2]) / 2, true
}

// MAD returns the median and the median absolute deviation from it of xs
// (unscaled), and false for an empty slice.
func MAD(xs []float64) (median, mad float64, ok bool) {
	median, ok = Median(xs)
	if !ok {
		return 0, 0, false
	}
	dev := make([]float64, len(xs))
	for i, x := range xs {
		dev[i] = math.Abs(x - median)
	}
	mad, _ = Median(dev)
	return median, mad, true
}

// RobustScore is the signed deviation of x from median in robust standard
// deviations, (x − median) / (1.4826·mad). With mad 0 it is ±Inf for any
// deviation and 0 for none: the caller's minimum deviation decides then.
func RobustScore(x, median, mad float64) float64 {
	d := x - median
	if mad > 0 {
		return d / (MADScale * mad)
	}
	switch {
	case d > 0:
		return math.Inf(1)
	case d < 0:
		return math.Inf(-1)
	}
	return 0
}

// CUSUM runs the one-sided cumulative sums of xs against the reference mu
// with standard deviation sigma and allowance k (in σ): the upper sum
// S⁺ₜ = max(0, S⁺ₜ₋₁ + (xₜ − mu)/sigma − k) and the lower sum S⁻ₜ = max(0,
// S⁻ₜ₋₁ + (mu − xₜ)/sigma − k), both starting at 0. It returns the final
// sums in σ units; sigma ≤ 0 gives zeros (no scale, no judgement).
func CUSUM(xs []float64, mu, sigma, k float64) (upper, lower float64) {
	if sigma <= 0 {
		return 0, 0
	}
	for _, x := range xs {
		z := (x - mu) / sigma
		upper = math.Max(0, upper+z-k)
		lower = math.Max(0, lower-z-k)
	}
	return upper, lower
}

// breaches reports whether a signed deviation d (value − reference) is in
// the bad direction of dir.
func breaches(dir Direction, d float64) bool {
	switch dir {
	case Up:
		return d > 0
	case Down:
		return d < 0
	}
	return d != 0
}

// num formats x with at most two decimals and no trailing zeros: 12.4,
// 3, 0.05. Infinite values read 无穷.
func num(x float64) string {
	if math.IsInf(x, 0) {
		return "无穷"
	}
	s := strconv.FormatFloat(x, 'f', 2, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// withUnit formats x followed by unit ("12.4 %", "3 件", "7").
func withUnit(x float64, unit string) string {
	if unit == "" {
		return num(x)
	}
	return num(x) + " " + unit
}
