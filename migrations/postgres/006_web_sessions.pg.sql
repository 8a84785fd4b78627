-- The web pages, as migrations/sqlite/006_web_sessions.sql: sign-in sessions, and an index for the TA dashboard's
-- reads of everyone's attempts at a problem. Only the SHA-256 of a session id is stored; a session remembers the
-- hash of the token it was opened with, so rotating or revoking that token ends it.
CREATE TABLE web_session (
    id_hash    text PRIMARY KEY CHECK (length(id_hash) = 64),
    person_id  text NOT NULL REFERENCES person (id),
    token_hash text NOT NULL CHECK (length(token_hash) = 64),
    -- Sent back in every form the session's pages post; a form without it is refused (cross-site requests).
    csrf_token text NOT NULL CHECK (length(csrf_token) >= 32),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX web_session_expires_at ON web_session (expires_at);

CREATE INDEX attempt_problem_id ON attempt (problem_id, person_id, number);
