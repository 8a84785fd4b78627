-- The first schema, as migrations/sqlite/001_initial.sql: people, snapshots of the bank's sets and problems, and
-- attempts with their files and gradings. Attempts, files and gradings are append-only: triggers refuse to change,
-- delete or truncate them, so every attempt a student made is kept as it was, and a regrade adds a grading.

-- Raises its trigger's message: the one refusal every append-only table shares.
CREATE FUNCTION pset_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TABLE person (
    id           text PRIMARY KEY CHECK (length(id) > 0),
    name         text NOT NULL,
    email        text NOT NULL DEFAULT '',
    section      text NOT NULL DEFAULT '',
    role         text NOT NULL CHECK (role IN ('student', 'ta')),
    sis_user_id  text,
    sis_login_id text,
    lms_id       text,
    created_at   timestamptz NOT NULL
);

CREATE TABLE problem_set (
    id                   text PRIMARY KEY,
    title                text NOT NULL,
    due_at               timestamptz,
    weight               double precision NOT NULL CHECK (weight >= 0),
    points               double precision NOT NULL CHECK (points >= 0),
    canvas_assignment_id text
);

CREATE TABLE problem (
    id     text PRIMARY KEY,
    set_id text NOT NULL REFERENCES problem_set (id),
    title  text NOT NULL,
    kind   text NOT NULL CHECK (kind IN ('question', 'code')),
    points double precision NOT NULL CHECK (points > 0)
);
CREATE INDEX problem_set_id ON problem (set_id);

CREATE TABLE attempt (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id    text NOT NULL REFERENCES person (id),
    problem_id   text NOT NULL REFERENCES problem (id),
    number       integer NOT NULL CHECK (number >= 1),
    submitted_at timestamptz NOT NULL,
    -- The canonical answer to a question; NULL for a coding submission, whose files are in submission_file.
    response     text,
    max_score    double precision NOT NULL CHECK (max_score > 0),
    -- Seconds after the due date (or the student's extension); 0 when on time.
    late_seconds double precision NOT NULL DEFAULT 0 CHECK (late_seconds >= 0),
    UNIQUE (person_id, problem_id, number)
);

-- `position` keeps the order the files were submitted in, which SQLite keeps by rowid.
CREATE TABLE submission_file (
    position   bigint GENERATED ALWAYS AS IDENTITY,
    attempt_id bigint NOT NULL REFERENCES attempt (id),
    name       text NOT NULL,
    contents   text NOT NULL,
    PRIMARY KEY (attempt_id, name)
);

-- One row each time an attempt is graded; the newest is the one in force.
CREATE TABLE grading (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    attempt_id bigint NOT NULL REFERENCES attempt (id),
    graded_at  timestamptz NOT NULL,
    score      double precision NOT NULL CHECK (score >= 0),
    verdict    text NOT NULL,
    -- JSON: the checks and their messages, for coding submissions.
    details    text,
    -- The schedule that made a check fail, replayable.
    seed       text
);
CREATE INDEX grading_attempt_id ON grading (attempt_id);

-- A later due date a TA granted one student for one set.
CREATE TABLE extension_grant (
    person_id  text NOT NULL REFERENCES person (id),
    set_id     text NOT NULL REFERENCES problem_set (id),
    until      timestamptz NOT NULL,
    granted_at timestamptz NOT NULL,
    PRIMARY KEY (person_id, set_id)
);

CREATE TRIGGER attempt_kept BEFORE UPDATE OR DELETE ON attempt
FOR EACH ROW EXECUTE FUNCTION pset_refuse_change('attempts are kept as they were made');
CREATE TRIGGER attempt_not_truncated BEFORE TRUNCATE ON attempt
FOR EACH STATEMENT EXECUTE FUNCTION pset_refuse_change('attempts are kept as they were made');
CREATE TRIGGER submission_file_kept BEFORE UPDATE OR DELETE ON submission_file
FOR EACH ROW EXECUTE FUNCTION pset_refuse_change('submitted files are kept as they were submitted');
CREATE TRIGGER submission_file_not_truncated BEFORE TRUNCATE ON submission_file
FOR EACH STATEMENT EXECUTE FUNCTION pset_refuse_change('submitted files are kept as they were submitted');
CREATE TRIGGER grading_kept BEFORE UPDATE OR DELETE ON grading
FOR EACH ROW EXECUTE FUNCTION pset_refuse_change('gradings are kept; a regrade adds one');
CREATE TRIGGER grading_not_truncated BEFORE TRUNCATE ON grading
FOR EACH STATEMENT EXECUTE FUNCTION pset_refuse_change('gradings are kept; a regrade adds one');
