-- How many times each grading job was claimed by a worker without being finished. A worker that crashes or
-- hangs on a submission (taking `pset serve` down with it) leaves its claim counted; a graceful stop gives the
-- claim back. A job claimed once before is graded alone, so that a second crash is its own; after two claims
-- the queue records an error grading for it instead of handing it to a third worker.
ALTER TABLE grading_job ADD COLUMN claims INTEGER NOT NULL DEFAULT 0 CHECK (claims >= 0);
