package window

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// TestService_Slots_FollowTheCalendar: around the 2026 Spring Festival the
// make-up Saturday 2026-02-14 opens (with Monday's hours) and the holiday
// week, Monday 02-23 included, stays closed; slots already started today
// are not offered.
func TestService_Slots_FollowTheCalendar(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(at(calendar.NewDate(2026, 2, 13), 10, 0)) // Friday
	w := e.windowOf(t, "511702", 1)
	days, err := e.svc.Slots(e.as(t, "qiye"), w.ID, 4)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range days {
		got = append(got, d.Date.String())
	}
	want := []string{"2026-02-13", "2026-02-14", "2026-02-24", "2026-02-25"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("days = %v, want %v", got, want)
	}
	// Friday from 10:00: 10:30 … 11:30 and 13:00 … 17:00 (30-minute slots).
	if n := len(days[0].Slots); n != 3+9 {
		t.Errorf("slots left on Friday = %d, want 12", n)
	}
	if first := days[0].Slots[0]; first.Starts.String() != "10:30" || first.Free != DefaultSeats {
		t.Errorf("first slot %+v", first)
	}
	if n := len(days[1].Slots); n != 6+9 {
		t.Errorf("slots on the make-up Saturday = %d, want 15", n)
	}
	if _, err := e.book(e.as(t, "qiye"), t, w, calendar.NewDate(2026, 2, 23), 9, 0); fieldOf(err) != "day" {
		t.Errorf("booking a holiday: %v", err)
	}
	if _, err := e.book(e.as(t, "qiye"), t, w, calendar.NewDate(2026, 2, 13), 9, 30); fieldOf(err) != "starts" {
		t.Errorf("booking a slot already started: %v", err)
	}
	if _, err := e.book(e.as(t, "qiye"), t, w, calendar.NewDate(2026, 2, 13), 12, 30); fieldOf(err) != "starts" {
		t.Errorf("booking the lunch break: %v", err)
	}
}

func fieldOf(err error) string {
	for k := range errs.FieldsOf(err) {
		return k
	}
	return ""
}

// TestService_BookCancelMine walks a booking through 我的预约, a refused
// double booking, a full slot, another person's cancel and the cancel.
func TestService_BookCancelMine(t *testing.T) {
	e := newEnv(t)
	w := e.windowOf(t, "511702", 1)
	tue := monday.AddDays(1)
	qiye, daiban := e.as(t, "qiye"), e.as(t, "daiban")
	a, err := e.book(qiye, t, w, tue, 9, 30)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != StatusBooked || a.Ends.String() != "10:00" || a.MatterName == "" {
		t.Errorf("booked %+v", a)
	}
	if _, err := e.book(qiye, t, w, tue, 9, 30); !errs.Is(err, errs.Conflict) {
		t.Errorf("second booking of the same slot by the same person: %v", err)
	}
	if _, err := e.book(daiban, t, w, tue, 9, 30); err != nil {
		t.Fatal(err)
	}
	_, ctx3 := e.user(t, "third", "第三人", access.Agent, "511702", "zwfw")
	if _, err := e.book(ctx3, t, w, tue, 9, 30); !errs.Is(err, errs.Conflict) {
		t.Errorf("a third booking of a 2-seat slot: %v", err)
	}
	if _, err := e.svc.Cancel(daiban, a.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("cancelling someone else's booking: %v", err)
	}
	mine, err := e.svc.Mine(qiye)
	if err != nil || len(mine) != 1 || !mine[0].CanCancel {
		t.Fatalf("Mine = %+v, %v", mine, err)
	}
	if _, err := e.svc.Cancel(qiye, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Cancel(qiye, a.ID); !errs.Is(err, errs.Conflict) {
		t.Errorf("cancelling twice: %v", err)
	}
	if _, err := e.book(ctx3, t, w, tue, 9, 30); err != nil {
		t.Errorf("the cancelled seat is free again: %v", err)
	}
	b, err := e.book(qiye, t, w, monday, 10, 30)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(at(monday, 10, 30))
	if _, err := e.svc.Cancel(qiye, b.ID); !errs.Is(err, errs.Conflict) {
		t.Errorf("cancelling once the slot started: %v", err)
	}
	if _, err := e.svc.Book(e.as(t, "chuangkou"), BookInput{}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a clerk booking: %v", err)
	}
	testkit.AuditChainOK(t, e.db)
}

// TestService_Book_Concurrent: 50 people booking the last seat at once get
// exactly one booking, and 50 attempts of one person at a 50-seat slot get
// one; the counter matches the bookings. Runs on SQLite and, with
// GONGAI_TEST_DATABASE_URL, on PostgreSQL.
func TestService_Book_Concurrent(t *testing.T) {
	e := newEnv(t)
	w := e.windowOf(t, "511702", 2)
	tue := monday.AddDays(1)
	if _, err := e.book(e.as(t, "daiban"), t, w, tue, 14, 0); err != nil { // 1 of 2 seats
		t.Fatal(err)
	}
	ctxs := make([]context.Context, 50)
	for i := range ctxs {
		_, ctxs[i] = e.user(t, fmt.Sprintf("agent%02d", i), fmt.Sprintf("并发%02d", i), access.Agent, "511702", "zwfw")
	}
	ok, full := raceAt(t, e, w, tue, 14, ctxs)
	if ok != 1 || full != 49 {
		t.Errorf("last seat: %d booked, %d refused as full; want 1 and 49", ok, full)
	}
	assertSeats(t, e, w.ID, tue, 14*60, 2)

	in := Input{RegionCode: w.RegionCode, Number: w.Number, Name: w.Name, Location: w.Location, Active: true,
		SlotMinutes: w.SlotMinutes, SlotCapacity: 50}
	if _, err := e.svc.Update(e.as(t, "admin"), w.ID, in); err != nil {
		t.Fatal(err)
	}
	same := make([]context.Context, 50)
	for i := range same {
		same[i] = ctxs[0]
	}
	ok, dup := raceAt(t, e, w, tue, 15, same)
	if ok != 1 || dup != 49 {
		t.Errorf("one person, 50 tries: %d booked, %d refused; want 1 and 49", ok, dup)
	}
	assertSeats(t, e, w.ID, tue, 15*60, 1)
}

// raceAt books hh:00 of d for every context at once and counts successes
// and conflicts; any other error fails t.
func raceAt(t *testing.T, e *env, w Window, d calendar.Date, hh int, ctxs []context.Context) (int, int) {
	t.Helper()
	code := e.itemCode(t)
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := make(chan struct{})
	ok, conflict := 0, 0
	for _, ctx := range ctxs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, err := e.svc.Book(ctx, BookInput{WindowID: w.ID, Day: d, Starts: Clock(hh * 60), MatterKind: MatterItem,
				MatterRef: code, Phone: "13800000000"})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errs.Is(err, errs.Conflict):
				conflict++
			default:
				t.Errorf("book: %v", err)
			}
		}()
	}
	close(start)
	wg.Wait()
	return ok, conflict
}

// assertSeats checks the slot counter and the live bookings agree.
func assertSeats(t *testing.T, e *env, windowID int64, d calendar.Date, starts int, want int) {
	t.Helper()
	var booked, live int
	ctx := context.Background()
	if err := e.db.QueryRowContext(ctx, `SELECT booked FROM appointment_slots WHERE window_id = $1 AND day = $2 AND starts = $3`,
		windowID, d.String(), Clock(starts)).Scan(&booked); err != nil {
		t.Fatal(err)
	}
	if err := e.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM appointments a JOIN appointment_slots s ON s.id = a.slot_id
		WHERE s.window_id = $1 AND s.day = $2 AND s.starts = $3 AND a.status = 'booked'`,
		windowID, d.String(), Clock(starts)).Scan(&live); err != nil {
		t.Fatal(err)
	}
	if booked != want || live != want {
		t.Errorf("slot %s %s: counter %d, live bookings %d; want %d", d, Clock(starts), booked, live, want)
	}
}
