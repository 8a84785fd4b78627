-- Which grading worker took each job last, as migrations/sqlite/005_job_workers.sql ("grader1 pid 4242 #2");
-- NULL until a job is claimed.
ALTER TABLE grading_job ADD COLUMN worker text;
