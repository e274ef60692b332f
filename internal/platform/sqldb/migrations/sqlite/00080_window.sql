-- 综合受理 window management (SQLite): windows and their staff and opening
-- hours, 网上预约 slots and appointments, and the case → window assignment
-- with its history (综窗协同). Timestamps TEXT in sqldb.TimeLayout; civil
-- dates TEXT 'YYYY-MM-DD'; clock times TEXT 'HH:MM'. The PostgreSQL twin is
-- ../postgres/00080_window.sql; keep them in step.

-- +goose Up
-- A window (窗口) of a region's 综合窗口 org unit, numbered within the region.
CREATE TABLE windows (
    id            INTEGER PRIMARY KEY,
    region_code   TEXT NOT NULL,
    org_unit_id   INTEGER NOT NULL REFERENCES org_units(id),
    number        INTEGER NOT NULL CHECK (number BETWEEN 1 AND 999),
    name          TEXT NOT NULL,
    location      TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 1,
    slot_minutes  INTEGER NOT NULL DEFAULT 30 CHECK (slot_minutes IN (15, 20, 30, 60)),
    slot_capacity INTEGER NOT NULL DEFAULT 2 CHECK (slot_capacity BETWEEN 1 AND 50),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (region_code, number)
);

-- Clerks (role window_clerk in the window's region) on a window; a clerk may
-- be on several windows. The name is copied when assigned.
CREATE TABLE window_staff (
    window_id   INTEGER NOT NULL REFERENCES windows(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    user_name   TEXT NOT NULL,
    assigned_at TEXT NOT NULL,
    PRIMARY KEY (window_id, user_id)
);
CREATE INDEX window_staff_user ON window_staff(user_id);

-- Opening hours: weekday 1 (Monday) – 7 (Sunday), session am or pm. Whether
-- a day is open at all comes from the working-day calendar.
CREATE TABLE window_hours (
    window_id INTEGER NOT NULL REFERENCES windows(id),
    weekday   INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    session   TEXT NOT NULL CHECK (session IN ('am', 'pm')),
    opens     TEXT NOT NULL,
    closes    TEXT NOT NULL,
    CHECK (opens < closes),
    PRIMARY KEY (window_id, weekday, session)
);

-- One bookable slot, created by the first booking. booked is the seat
-- counter: a booking takes a seat with a conditional UPDATE (booked <
-- capacity), which serialises concurrent bookers on this row on both
-- engines; the CHECK is the last line of defence.
CREATE TABLE appointment_slots (
    id        INTEGER PRIMARY KEY,
    window_id INTEGER NOT NULL REFERENCES windows(id),
    day       TEXT NOT NULL,
    starts    TEXT NOT NULL,
    capacity  INTEGER NOT NULL CHECK (capacity >= 1),
    booked    INTEGER NOT NULL DEFAULT 0,
    CHECK (booked >= 0 AND booked <= capacity),
    UNIQUE (window_id, day, starts)
);

-- 网上预约. The matter is an item (code) or a project (id), its name copied.
CREATE TABLE appointments (
    id           INTEGER PRIMARY KEY,
    slot_id      INTEGER NOT NULL REFERENCES appointment_slots(id),
    window_id    INTEGER NOT NULL REFERENCES windows(id),
    region_code  TEXT NOT NULL,
    day          TEXT NOT NULL,
    starts       TEXT NOT NULL,
    ends         TEXT NOT NULL,
    starts_at    TEXT NOT NULL,
    booker_id    INTEGER NOT NULL REFERENCES users(id),
    booker_name  TEXT NOT NULL,
    matter_kind  TEXT NOT NULL CHECK (matter_kind IN ('item', 'project')),
    matter_ref   TEXT NOT NULL,
    matter_name  TEXT NOT NULL,
    phone        TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'arrived', 'no_show')),
    reminded_at  TEXT,
    marked_by    INTEGER REFERENCES users(id),
    marked_at    TEXT,
    cancelled_at TEXT,
    created_at   TEXT NOT NULL
);
-- One person holds at most one live booking per slot.
CREATE UNIQUE INDEX appointments_one_per_person ON appointments(slot_id, booker_id) WHERE status <> 'cancelled';
CREATE INDEX appointments_booker ON appointments(booker_id, day);
CREATE INDEX appointments_window_day ON appointments(window_id, day, starts);
CREATE INDEX appointments_due ON appointments(status, day);

-- 综窗协同: every assignment of a case to a window (from NULL = first).
CREATE TABLE case_window_moves (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    from_window_id INTEGER REFERENCES windows(id),
    to_window_id   INTEGER NOT NULL REFERENCES windows(id),
    reason         TEXT NOT NULL DEFAULT '',
    moved_by       INTEGER NOT NULL REFERENCES users(id),
    mover_name     TEXT NOT NULL,
    moved_at       TEXT NOT NULL
);
CREATE INDEX case_window_moves_case ON case_window_moves(case_id, id);
CREATE INDEX case_window_moves_at ON case_window_moves(moved_at);

-- The current window of each assigned case.
CREATE TABLE case_windows (
    case_id   INTEGER PRIMARY KEY REFERENCES cases(id),
    window_id INTEGER NOT NULL REFERENCES windows(id),
    move_id   INTEGER NOT NULL REFERENCES case_window_moves(id),
    since     TEXT NOT NULL
);
CREATE INDEX case_windows_window ON case_windows(window_id);

-- +goose Down
DROP TABLE case_windows;
DROP TABLE case_window_moves;
DROP TABLE appointments;
DROP TABLE appointment_slots;
DROP TABLE window_hours;
DROP TABLE window_staff;
DROP TABLE windows;
