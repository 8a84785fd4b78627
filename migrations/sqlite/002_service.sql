-- The service: access tokens (only their SHA-256 hashes) and the grading queue.

-- One token per person; rotating replaces it and revoking deletes it, so a leaked token stops working.
CREATE TABLE access_token (
    person_id  TEXT PRIMARY KEY NOT NULL REFERENCES person (id),
    -- Lowercase hex SHA-256 of the token; the token itself is shown once and never stored.
    token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at DATETIME NOT NULL
);

-- A coding submission waiting to be graded, being graded, or graded. The job is inserted in the same
-- transaction as its attempt, and marked done in the same transaction as the grading it produced, so a
-- crash loses no submission and can never leave one graded twice.
CREATE TABLE grading_job (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    attempt_id  INTEGER NOT NULL UNIQUE REFERENCES attempt (id),
    state       TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done')),
    -- The schedule seed the student asked to replay, if any.
    seed        TEXT,
    queued_at   DATETIME NOT NULL,
    started_at  DATETIME,
    finished_at DATETIME,
    grading_id  INTEGER REFERENCES grading (id),
    CHECK ((state = 'done') = (grading_id IS NOT NULL))
);
CREATE INDEX grading_job_state ON grading_job (state, id);
