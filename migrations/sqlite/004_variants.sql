-- Per-student variants: the course's secret that students' variants are drawn from, and the variant each
-- attempt was made on.

-- One row, written the first time a variant is drawn. Only someone who can read the database can work out a
-- student's variant; it never changes, so a student's variant of a problem stays the same.
CREATE TABLE course_secret (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    secret     BLOB NOT NULL CHECK (length(secret) >= 32),
    created_at DATETIME NOT NULL
);
CREATE TRIGGER course_secret_no_update BEFORE UPDATE ON course_secret
BEGIN SELECT RAISE(ABORT, 'the course secret never changes'); END;
CREATE TRIGGER course_secret_no_delete BEFORE DELETE ON course_secret
BEGIN SELECT RAISE(ABORT, 'the course secret never changes'); END;

-- JSON: {"parameters": {"n": 3}, "choiceOrder": ["c", "a", "d", "b"]}, the parameters the student's problem was
-- drawn with and the bank's keys of its choices in the order shown (shown under the declared keys, in declared
-- order). NULL for the problem as declared, which every attempt made before this migration was. Attempts stay
-- append-only: the triggers of 001 refuse to change this column too.
ALTER TABLE attempt ADD COLUMN variant TEXT CHECK (variant IS NULL OR json_valid(variant));
