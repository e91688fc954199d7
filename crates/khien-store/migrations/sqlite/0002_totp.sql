-- Second factor: TOTP (RFC 6238) and one-time recovery codes; sessions waiting for it.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

CREATE TABLE recovery_codes (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- 'full': signed in; 'second_factor': password given, TOTP (or its enrolment) still due.
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'full';
