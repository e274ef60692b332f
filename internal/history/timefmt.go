package history

// Beijing time of day, in seconds after midnight.
const (
	hour        = 3600
	minute      = 60
	officeOpen  = 8*hour + 30*minute
	officeClose = 17*hour + 30*minute // casework.DefaultClockPolicy.OfficeClose
	lastAccept  = 17*hour + 15*minute // the window accepts before this, so the start day is that day
	scanAt      = 10 * minute         // deadline scans raise warnings shortly after midnight
	utcOffset   = 8 * hour
)

// fmtTime formats a Unix time as sqldb.TimeLayout
// ("2006-01-02T15:04:05.000000Z") without time.Time, which is a measurable
// share of the generator's work at a million cases.
func fmtTime(t int64) string {
	days, secs := t/86400, t%86400
	if secs < 0 {
		days, secs = days-1, secs+86400
	}
	y, m, d := civil(days)
	var b [27]byte
	put4(b[0:], y)
	b[4] = '-'
	put2(b[5:], m)
	b[7] = '-'
	put2(b[8:], d)
	b[10] = 'T'
	put2(b[11:], int(secs/3600))
	b[13] = ':'
	put2(b[14:], int(secs/60%60))
	b[16] = ':'
	put2(b[17:], int(secs%60))
	copy(b[19:], ".000000Z")
	return string(b[:])
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date
// (Howard Hinnant's days_from_civil inverse).
func civil(z int64) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

func put2(b []byte, v int) { b[0], b[1] = byte('0'+v/10), byte('0'+v%10) }

func put4(b []byte, v int) {
	put2(b, v/100)
	put2(b[2:], v%100)
}
