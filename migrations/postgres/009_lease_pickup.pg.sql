-- Whether the worker a job was handed to has picked it up, as migrations/sqlite/009_lease_pickup.sql: a lease
-- that expires before its first renewal sends the job back without counting an infrastructure failure.
ALTER TABLE grading_job ADD COLUMN picked_up boolean NOT NULL DEFAULT true;
