package anomaly

import "testing"

func TestStep(t *testing.T) {
	tests := []struct {
		name        string
		cur         State
		streak      int
		o           Outcome
		forN, keepN int
		want        State
		wantStreak  int
	}{
		{"normal stays", Normal, 0, Clear, 3, 2, Normal, 0},
		{"first breach pends", Normal, 0, Breach, 3, 2, Pending, 1},
		{"second breach still pending", Pending, 1, Breach, 3, 2, Pending, 2},
		{"third breach fires", Pending, 2, Breach, 3, 2, Firing, 0},
		{"for 1 fires at once", Normal, 0, Breach, 1, 2, Firing, 0},
		{"clean day cancels pending", Pending, 2, Clear, 3, 2, Normal, 0},
		{"firing stays", Firing, 0, Breach, 3, 2, Firing, 0},
		{"firing clean recovers", Firing, 0, Clear, 3, 2, Recovering, 1},
		{"recovering clean again normal", Recovering, 1, Clear, 3, 2, Normal, 0},
		{"keep 3 needs three", Recovering, 1, Clear, 3, 3, Recovering, 2},
		{"keep 1 normal at once", Firing, 0, Clear, 3, 1, Normal, 0},
		{"recovering relapses", Recovering, 1, Breach, 3, 2, Firing, 0},
		{"missing from normal", Normal, 0, Missing, 3, 2, NoData, 0},
		{"missing from firing", Firing, 0, Missing, 3, 2, NoData, 0},
		{"missing from pending", Pending, 2, Missing, 3, 2, NoData, 0},
		{"nodata stays", NoData, 0, Missing, 3, 2, NoData, 0},
		{"nodata then clean", NoData, 0, Clear, 3, 2, Normal, 0},
		{"nodata then breach pends", NoData, 0, Breach, 3, 2, Pending, 1},
		{"small sample holds pending", Pending, 2, NoSample, 3, 2, Pending, 2},
		{"small sample holds firing", Firing, 0, NoSample, 3, 2, Firing, 0},
		{"small sample holds recovering", Recovering, 1, NoSample, 3, 2, Recovering, 1},
		{"small sample keeps normal", Normal, 0, NoSample, 3, 2, Normal, 0},
		{"small sample ends nodata", NoData, 0, NoSample, 3, 2, Normal, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, streak := Step(tt.cur, tt.streak, tt.o, tt.forN, tt.keepN)
			if got != tt.want || streak != tt.wantStreak {
				t.Fatalf("Step(%s, %d, %s) = %s, %d; want %s, %d", tt.cur, tt.streak, tt.o.Label(), got, streak,
					tt.want, tt.wantStreak)
			}
		})
	}
}

// TestStep_Sequence runs a whole episode: three breaches to fire, a relapse
// while recovering, two clean days to return to normal.
func TestStep_Sequence(t *testing.T) {
	seq := []Outcome{Breach, Breach, NoSample, Breach, Breach, Clear, Breach, Clear, Clear, Clear}
	want := []State{Pending, Pending, Pending, Firing, Firing, Recovering, Firing, Recovering, Normal, Normal}
	st, streak := Normal, 0
	for i, o := range seq {
		st, streak = Step(st, streak, o, 3, 2)
		if st != want[i] {
			t.Fatalf("after %d outcomes state %s, want %s", i+1, st, want[i])
		}
	}
}
