-- Per-student variants, as migrations/sqlite/004_variants.sql: the course's secret that students' variants are
-- drawn from, and the variant each attempt was made on.

-- One row, written the first time a variant is drawn; it never changes, so a student's variant stays the same.
CREATE TABLE course_secret (
    id         integer PRIMARY KEY CHECK (id = 1),
    secret     bytea NOT NULL CHECK (length(secret) >= 32),
    created_at timestamptz NOT NULL
);
CREATE TRIGGER course_secret_kept BEFORE UPDATE OR DELETE ON course_secret
FOR EACH ROW EXECUTE FUNCTION pset_refuse_change('the course secret never changes');
CREATE TRIGGER course_secret_not_truncated BEFORE TRUNCATE ON course_secret
FOR EACH STATEMENT EXECUTE FUNCTION pset_refuse_change('the course secret never changes');

-- JSON text: the parameters the student's problem was drawn with and the order its choices were shown in; NULL for
-- the problem as declared. Kept as the text written (jsonb would reorder it); the check refuses text that is not
-- JSON. Attempts stay append-only: the trigger of 001 refuses to change this column too.
ALTER TABLE attempt ADD COLUMN variant text CHECK (variant IS NULL OR variant::jsonb IS NOT NULL);
