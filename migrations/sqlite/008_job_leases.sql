-- Leases on grading jobs, for workers on other hosts and several API nodes on one database, and the tokens of
-- the hosts that run those workers.
--
-- A running job is held under a lease: a random token and an expiry. Its worker renews the lease while it
-- grades; a job whose lease has expired can be claimed again (its worker crashed, hung or lost the network),
-- and that claim draws a new token. A grading is recorded only with the job's current token, so a worker whose
-- lease was taken over can never record a second grading (fencing). A done job keeps the token of the lease
-- that finished it, so a worker that retries sending its result is told it was recorded.
--
-- Jobs left running by an earlier version had no lease: they go back to the queue, as that version did at
-- every start.
UPDATE grading_job SET state = 'queued', started_at = NULL WHERE state = 'running';
ALTER TABLE grading_job ADD COLUMN lease_token TEXT CHECK (state <> 'running' OR lease_token IS NOT NULL);
ALTER TABLE grading_job ADD COLUMN lease_expires_at DATETIME CHECK (state <> 'running' OR lease_expires_at IS NOT NULL);
-- Infrastructure failures: a worker reported it could not grade the job (no compiler, sandbox setup failed),
-- or its lease expired. After three the job is recorded as an error grading instead of being graded again.
ALTER TABLE grading_job ADD COLUMN failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0);
CREATE INDEX grading_job_lease ON grading_job (state, lease_expires_at);

-- One token per grading host (`pset worker`); only its SHA-256 hash is stored, the token is shown once.
-- Workers are not people: a worker token can claim and grade jobs and do nothing else.
CREATE TABLE worker_token (
    name       TEXT PRIMARY KEY NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at DATETIME NOT NULL
);
