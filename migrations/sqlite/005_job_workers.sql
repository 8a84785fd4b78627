-- Which grading worker took each job last, so `pset admin queue` can say who is grading what, and who failed.
-- Names are the server's host, process id and worker number ("grader1 pid 4242 #2"); NULL until a job is claimed
-- and for every job claimed before this migration.
ALTER TABLE grading_job ADD COLUMN worker TEXT;
