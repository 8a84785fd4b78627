-- Leases on grading jobs and the tokens of grading hosts, as migrations/sqlite/008_job_leases.sql.
--
-- A running job is held under a lease: a random token and an expiry, renewed while its worker grades; a job whose
-- lease expired can be claimed again, under a new token. A grading is recorded only with the job's current token,
-- so a worker whose lease was taken over can never record a second grading (fencing). A done job keeps the token
-- of the lease that finished it, so a worker retrying its result is told it was recorded.
--
-- Jobs left running by an earlier version had no lease: they go back to the queue.
UPDATE grading_job SET state = 'queued', started_at = NULL WHERE state = 'running';
ALTER TABLE grading_job ADD COLUMN lease_token text CHECK (state <> 'running' OR lease_token IS NOT NULL);
ALTER TABLE grading_job ADD COLUMN lease_expires_at timestamptz CHECK (state <> 'running' OR lease_expires_at IS NOT NULL);
-- Infrastructure failures: a worker reported it could not grade the job, or its lease expired. After three the job
-- is recorded as an error grading instead of being graded again.
ALTER TABLE grading_job ADD COLUMN failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0);
CREATE INDEX grading_job_lease ON grading_job (state, lease_expires_at);

-- One token per grading host (`pset worker`); only its SHA-256 hash is stored. A worker token can claim and grade
-- jobs and do nothing else.
CREATE TABLE worker_token (
    name       text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
    token_hash text NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at timestamptz NOT NULL
);
