package anomaly

// Outcome is the judgement of one region on one working day.
type Outcome int

// The outcomes.
const (
	Clear    Outcome = iota // judged and within bounds
	Breach                  // judged and out of bounds
	NoSample                // not judged: sample below the minimum or too little history
	Missing                 // no value at all on a working day (the region reported nothing)
)

var outcomeLabels = map[Outcome]string{Clear: "正常", Breach: "超限", NoSample: "不作判断", Missing: "未上报"}

// Label is the Chinese name of the outcome.
func (o Outcome) Label() string { return outcomeLabels[o] }

// Step is the state machine: the state and streak after an evaluation with
// outcome o, from state cur with streak (the consecutive evaluations spent
// in pending or recovering; 0 in other states).
//
//   - Missing: nodata from any state.
//   - NoSample: the state holds (the streak does not advance), except that
//     nodata ends — the region did report — and becomes normal.
//   - Breach: normal or nodata become pending (firing at once when forN ≤
//     1); pending becomes firing on its forN-th consecutive breach;
//     firing stays; recovering falls back to firing.
//   - Clear: normal, pending and nodata become normal; firing becomes
//     recovering (normal at once when keepN ≤ 1); recovering becomes normal
//     on its keepN-th consecutive clean evaluation.
func Step(cur State, streak int, o Outcome, forN, keepN int) (State, int) {
	switch o {
	case Missing:
		return NoData, 0
	case NoSample:
		if cur == NoData {
			return Normal, 0
		}
		return cur, streak
	case Breach:
		return stepBreach(cur, streak, forN)
	}
	return stepClear(cur, streak, keepN)
}

func stepBreach(cur State, streak, forN int) (State, int) {
	switch cur {
	case Firing, Recovering:
		return Firing, 0
	case Pending:
		streak++
	default:
		streak = 1
	}
	if streak >= forN {
		return Firing, 0
	}
	return Pending, streak
}

func stepClear(cur State, streak, keepN int) (State, int) {
	switch cur {
	case Firing:
		streak = 1
	case Recovering:
		streak++
	default:
		return Normal, 0
	}
	if streak >= keepN {
		return Normal, 0
	}
	return Recovering, streak
}
