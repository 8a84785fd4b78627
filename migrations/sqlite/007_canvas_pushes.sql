-- What `pset admin push canvas` sent to Canvas: one row per student, set and push, so a TA can tell what Canvas
-- was last given, from what, and by which of Canvas's jobs. Rows are only ever added.
CREATE TABLE canvas_push (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id   TEXT NOT NULL REFERENCES person (id),
    set_id      TEXT NOT NULL REFERENCES problem_set (id),
    course      TEXT NOT NULL CHECK (length(course) > 0),
    assignment  TEXT NOT NULL CHECK (length(assignment) > 0),
    score       REAL NOT NULL,
    previous    REAL,
    progress_id INTEGER NOT NULL,
    pushed_at   DATETIME NOT NULL
);
CREATE INDEX canvas_push_by_person ON canvas_push (person_id, set_id, pushed_at);
CREATE TRIGGER canvas_push_no_update BEFORE UPDATE ON canvas_push
BEGIN SELECT RAISE(ABORT, 'a recorded push never changes'); END;
CREATE TRIGGER canvas_push_no_delete BEFORE DELETE ON canvas_push
BEGIN SELECT RAISE(ABORT, 'a recorded push never changes'); END;
