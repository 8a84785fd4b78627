-- What `pset admin push canvas` sent to Canvas, as migrations/sqlite/007_canvas_pushes.sql: one row per student,
-- set and push. Rows are only ever added.
CREATE TABLE canvas_push (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id   text NOT NULL REFERENCES person (id),
    set_id      text NOT NULL REFERENCES problem_set (id),
    course      text NOT NULL CHECK (length(course) > 0),
    assignment  text NOT NULL CHECK (length(assignment) > 0),
    score       double precision NOT NULL,
    previous    double precision,
    progress_id bigint NOT NULL,
    pushed_at   timestamptz NOT NULL
);
CREATE INDEX canvas_push_by_person ON canvas_push (person_id, set_id, pushed_at);
CREATE TRIGGER canvas_push_kept BEFORE UPDATE OR DELETE ON canvas_push
FOR EACH ROW EXECUTE FUNCTION pset_refuse_change('a recorded push never changes');
CREATE TRIGGER canvas_push_not_truncated BEFORE TRUNCATE ON canvas_push
FOR EACH STATEMENT EXECUTE FUNCTION pset_refuse_change('a recorded push never changes');
