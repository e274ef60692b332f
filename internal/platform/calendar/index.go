package calendar

import (
	"context"
	"sort"
)

// DaySource is what an Index is built from: the exceptions of a year
// (*Calendar satisfies it).
type DaySource interface {
	Days(ctx context.Context, year int) ([]Day, error)
}

// Index holds the working days of a span of dates in memory, for callers
// that ask millions of questions (an indicator recompute, a report, the
// history generator) where each Calendar call reads the database. It
// answers as AddWorkdays and WorkdaysBetween do: the exceptions apply, and
// a year without an arrangement counts Monday–Friday. Days are numbered by
// their index from First; questions about dates outside the span are
// clamped to it (Between) or answered -1 (Add).
type Index struct {
	first Date
	work  []bool
	cum   []int32 // cum[i]: working days in (first, first+i]
}

// NewIndex reads the exceptions of the years of first..last from src and
// indexes every day of that span. Errors: src's.
func NewIndex(ctx context.Context, src DaySource, first, last Date) (*Index, error) {
	kinds := map[Date]Kind{}
	for y := first.Year(); y <= last.Year(); y++ {
		days, err := src.Days(ctx, y)
		if err != nil {
			return nil, err
		}
		for _, d := range days {
			kinds[d.Date] = d.Kind
		}
	}
	n := max(last.Sub(first)+1, 1)
	x := &Index{first: first, work: make([]bool, n), cum: make([]int32, n)}
	for i := range n {
		d := first.AddDays(i)
		work := !d.IsWeekend()
		if k, ok := kinds[d]; ok {
			work = k == Workday
		}
		x.work[i] = work
		if i > 0 {
			x.cum[i] = x.cum[i-1]
			if work {
				x.cum[i]++
			}
		}
	}
	return x, nil
}

// First is the first day of the span; Len its number of days.
func (x *Index) First() Date { return x.first }

// Len is the number of days of the span.
func (x *Index) Len() int { return len(x.cum) }

// Of is the index of d (negative before the span, ≥ Len after it).
func (x *Index) Of(d Date) int { return d.Sub(x.first) }

// Date is the day of index i.
func (x *Index) Date(i int) Date { return x.first.AddDays(i) }

// Worked reports whether day i is a working day; i must lie in the span.
func (x *Index) Worked(i int) bool { return x.work[i] }

// Between is WorkdaysBetween: the working days d with a < d ≤ b, 0 when b
// is not after a. Dates outside the span count as its nearest end.
func (x *Index) Between(a, b Date) int {
	if !b.After(a) {
		return 0
	}
	return x.BetweenAt(x.clamp(x.Of(a)), x.clamp(x.Of(b)))
}

// BetweenAt is Between by index: working days in (i, j]; both in the span.
func (x *Index) BetweenAt(i, j int) int {
	if j <= i {
		return 0
	}
	return int(x.cum[j] - x.cum[i])
}

// AddAt is AddWorkdays by index: the day on which n working days after
// day i have elapsed (i itself for n = 0), or -1 past the end of the span.
func (x *Index) AddAt(i, n int) int {
	if n == 0 {
		return i
	}
	target := x.cum[i] + int32(n)
	j := sort.Search(len(x.cum)-i-1, func(k int) bool { return x.cum[i+1+k] >= target }) + i + 1
	if j >= len(x.cum) {
		return -1
	}
	return j
}

func (x *Index) clamp(i int) int { return min(max(i, 0), len(x.cum)-1) }
