-- The first schema: people, snapshots of the bank's sets and problems, and attempts with their gradings.
-- Attempts and gradings are append-only: triggers refuse to change or delete them, so every attempt
-- a student made is kept as it was, and a regrade adds a grading rather than rewriting one.

PRAGMA application_id = 1347634516; -- 'PSET'

CREATE TABLE person (
    id           TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
    name         TEXT NOT NULL,
    email        TEXT NOT NULL DEFAULT '',
    section      TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL CHECK (role IN ('student', 'ta')),
    sis_user_id  TEXT,
    sis_login_id TEXT,
    lms_id       TEXT,
    created_at   DATETIME NOT NULL
);

CREATE TABLE problem_set (
    id                   TEXT PRIMARY KEY NOT NULL,
    title                TEXT NOT NULL,
    due_at               DATETIME,
    weight               REAL NOT NULL CHECK (weight >= 0),
    points               REAL NOT NULL CHECK (points >= 0),
    canvas_assignment_id TEXT
);

CREATE TABLE problem (
    id     TEXT PRIMARY KEY NOT NULL,
    set_id TEXT NOT NULL REFERENCES problem_set (id),
    title  TEXT NOT NULL,
    kind   TEXT NOT NULL CHECK (kind IN ('question', 'code')),
    points REAL NOT NULL CHECK (points > 0)
);
CREATE INDEX problem_set_id ON problem (set_id);

CREATE TABLE attempt (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id    TEXT NOT NULL REFERENCES person (id),
    problem_id   TEXT NOT NULL REFERENCES problem (id),
    number       INTEGER NOT NULL CHECK (number >= 1),
    submitted_at DATETIME NOT NULL,
    -- The canonical answer to a question; NULL for a coding submission, whose files are in submission_file.
    response     TEXT,
    max_score    REAL NOT NULL CHECK (max_score > 0),
    -- Seconds after the due date (or the student's extension); 0 when on time.
    late_seconds REAL NOT NULL DEFAULT 0 CHECK (late_seconds >= 0),
    UNIQUE (person_id, problem_id, number)
);

CREATE TABLE submission_file (
    attempt_id INTEGER NOT NULL REFERENCES attempt (id),
    name       TEXT NOT NULL,
    contents   TEXT NOT NULL,
    PRIMARY KEY (attempt_id, name)
);

-- One row each time an attempt is graded; the newest is the one in force.
CREATE TABLE grading (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    attempt_id INTEGER NOT NULL REFERENCES attempt (id),
    graded_at  DATETIME NOT NULL,
    score      REAL NOT NULL CHECK (score >= 0),
    verdict    TEXT NOT NULL,
    -- JSON: the checks and their messages, for coding submissions.
    details    TEXT,
    -- The schedule that made a check fail, replayable.
    seed       TEXT
);
CREATE INDEX grading_attempt_id ON grading (attempt_id);

-- A later due date a TA granted one student for one set.
CREATE TABLE extension_grant (
    person_id  TEXT NOT NULL REFERENCES person (id),
    set_id     TEXT NOT NULL REFERENCES problem_set (id),
    until      DATETIME NOT NULL,
    granted_at DATETIME NOT NULL,
    PRIMARY KEY (person_id, set_id)
);

CREATE TRIGGER attempt_no_update BEFORE UPDATE ON attempt
BEGIN SELECT RAISE(ABORT, 'attempts are kept as they were made'); END;
CREATE TRIGGER attempt_no_delete BEFORE DELETE ON attempt
BEGIN SELECT RAISE(ABORT, 'attempts are kept as they were made'); END;
CREATE TRIGGER submission_file_no_update BEFORE UPDATE ON submission_file
BEGIN SELECT RAISE(ABORT, 'submitted files are kept as they were submitted'); END;
CREATE TRIGGER submission_file_no_delete BEFORE DELETE ON submission_file
BEGIN SELECT RAISE(ABORT, 'submitted files are kept as they were submitted'); END;
CREATE TRIGGER grading_no_update BEFORE UPDATE ON grading
BEGIN SELECT RAISE(ABORT, 'gradings are kept; a regrade adds one'); END;
CREATE TRIGGER grading_no_delete BEFORE DELETE ON grading
BEGIN SELECT RAISE(ABORT, 'gradings are kept; a regrade adds one'); END;
