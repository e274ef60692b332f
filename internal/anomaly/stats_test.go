package anomaly

import (
	"math"
	"testing"
)

func TestMedianMAD(t *testing.T) {
	tests := []struct {
		name      string
		xs        []float64
		med, mad  float64
		ok        bool
		unchanged []float64
	}{
		{"empty", nil, 0, 0, false, nil},
		{"one", []float64{4}, 4, 0, true, nil},
		{"odd unsorted", []float64{5, 1, 3}, 3, 2, true, []float64{5, 1, 3}},
		{"even", []float64{1, 2, 3, 4}, 2.5, 1, true, nil},
		// deviations from 3: 2 1 0 1 97 → median 1; the outlier does not move it
		{"outlier", []float64{1, 2, 3, 4, 100}, 3, 1, true, nil},
		{"flat", []float64{2, 2, 2, 2}, 2, 0, true, nil},
		{"negative", []float64{-3, -1, -2}, -2, 1, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			med, mad, ok := MAD(tt.xs)
			if ok != tt.ok || med != tt.med || mad != tt.mad {
				t.Fatalf("MAD(%v) = %v, %v, %v; want %v, %v, %v", tt.xs, med, mad, ok, tt.med, tt.mad, tt.ok)
			}
			for i := range tt.unchanged {
				if tt.xs[i] != tt.unchanged[i] {
					t.Fatalf("MAD sorted its input: %v", tt.xs)
				}
			}
		})
	}
}

func TestRobustScore(t *testing.T) {
	tests := []struct {
		x, med, mad, want float64
	}{
		{3, 3, 1, 0},
		{3 + MADScale*1*3, 3, 1, 3},
		{3 - MADScale*2, 3, 2, -1},
		{4, 3, 0, math.Inf(1)},
		{2, 3, 0, math.Inf(-1)},
		{3, 3, 0, 0},
	}
	for _, tt := range tests {
		if got := RobustScore(tt.x, tt.med, tt.mad); math.Abs(got-tt.want) > 1e-9 && got != tt.want {
			t.Errorf("RobustScore(%v, %v, %v) = %v, want %v", tt.x, tt.med, tt.mad, got, tt.want)
		}
	}
}

func TestCUSUM(t *testing.T) {
	tests := []struct {
		name         string
		xs           []float64
		mu, sigma, k float64
		upper, lower float64
	}{
		{"on target", []float64{10, 10, 10}, 10, 1, 0.5, 0, 0},
		{"noise within k", []float64{10.4, 9.6, 10.3, 9.8}, 10, 1, 0.5, 0, 0},
		// each day +1σ: accumulates 0.5 a day
		{"slow upward drift", []float64{11, 11, 11, 11, 11, 11}, 10, 1, 0.5, 3, 0},
		{"downward", []float64{8, 8}, 10, 1, 0.5, 0, 3},
		// a single spike up then return: the sum decays by k each clean day
		{"spike decays", []float64{14, 10, 10}, 10, 1, 0.5, 2.5, 0},
		{"drift resets after recovery", []float64{12, 12, 6, 10}, 10, 1, 0.5, 0, 3},
		{"no scale", []float64{20}, 10, 0, 0.5, 0, 0},
		{"empty", nil, 10, 1, 0.5, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			up, down := CUSUM(tt.xs, tt.mu, tt.sigma, tt.k)
			if math.Abs(up-tt.upper) > 1e-9 || math.Abs(down-tt.lower) > 1e-9 {
				t.Fatalf("CUSUM = %v, %v; want %v, %v", up, down, tt.upper, tt.lower)
			}
		})
	}
}

func TestNum(t *testing.T) {
	for in, want := range map[float64]string{12.4: "12.4", 3: "3", 0.05: "0.05", 1.234: "1.23", -0.001: "0",
		100: "100", math.Inf(1): "无穷"} {
		if got := num(in); got != want {
			t.Errorf("num(%v) = %q, want %q", in, got, want)
		}
	}
}
