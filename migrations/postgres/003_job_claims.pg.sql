-- How many times each grading job was claimed by a worker without being finished, as
-- migrations/sqlite/003_job_claims.sql: a crash leaves its claim counted, a graceful stop gives it back; a job
-- claimed once before is graded alone, and after two claims the queue records an error grading for it.
ALTER TABLE grading_job ADD COLUMN claims integer NOT NULL DEFAULT 0 CHECK (claims >= 0);
