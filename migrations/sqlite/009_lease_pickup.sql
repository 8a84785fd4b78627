-- Whether the worker a job was handed to has picked it up: renewed its lease at least once.
--
-- A job handed to a remote worker over HTTP may never reach it (its connection dropped, a proxy timed out, the
-- host was revoked or killed while its claim waited). Such a lease expires unrenewed; the job then goes back to
-- the queue without counting an infrastructure failure, since no grader ever ran on it, so lost claims alone can
-- never turn a student's submission into an error grading. A job picked up and then abandoned (its worker
-- crashed or hung while grading) counts one, as before. Jobs running under an earlier version had been picked up.
ALTER TABLE grading_job ADD COLUMN picked_up INTEGER NOT NULL DEFAULT 1 CHECK (picked_up IN (0, 1));
