-- The web pages: sign-in sessions, and an index for the TA dashboard's reads of everyone's attempts at a problem.

-- One row per signed-in browser. Only the SHA-256 of the session id is stored, so a copy of the database signs
-- nobody in. A session remembers the hash of the token it was opened with: rotating or revoking that token ends
-- it, as it ends the token's access to the API.
CREATE TABLE web_session (
    id_hash    TEXT PRIMARY KEY NOT NULL CHECK (length(id_hash) = 64),
    person_id  TEXT NOT NULL REFERENCES person (id),
    token_hash TEXT NOT NULL CHECK (length(token_hash) = 64),
    -- Sent back in every form the session's pages post; a form without it is refused (cross-site requests).
    csrf_token TEXT NOT NULL CHECK (length(csrf_token) >= 32),
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL
);
CREATE INDEX web_session_expires_at ON web_session (expires_at);

CREATE INDEX attempt_problem_id ON attempt (problem_id, person_id, number);
