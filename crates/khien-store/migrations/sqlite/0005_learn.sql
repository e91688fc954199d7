-- Awareness records (SQLite): units, a person's unit and duties, lesson assignments for the
-- yearly plan, quiz attempts with per-question results, the spaced-repetition schedule,
-- completions, the yearly signed commitment and certificates. Times are Unix seconds; due
-- days are days since 1970-01-01 (UTC).
CREATE TABLE units (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- A person's unit (đơn vị) and duties (comma-separated: all, records, it, leaders).
ALTER TABLE users ADD COLUMN unit_id BIGINT REFERENCES units (id) ON DELETE SET NULL;
ALTER TABLE users ADD COLUMN duties TEXT NOT NULL DEFAULT 'all';

-- unit_id NULL: every unit; duty NULL: every duty.
CREATE TABLE learn_assignments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lesson_id TEXT NOT NULL,
    unit_id BIGINT REFERENCES units (id) ON DELETE CASCADE,
    duty TEXT,
    year BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE learn_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lesson_id TEXT NOT NULL,
    lesson_version BIGINT NOT NULL,
    at BIGINT NOT NULL,
    score BIGINT NOT NULL,
    passed BIGINT NOT NULL,
    questions BIGINT NOT NULL
);

CREATE TABLE learn_answers (
    attempt_id BIGINT NOT NULL REFERENCES learn_attempts (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    chosen BIGINT,
    correct BIGINT NOT NULL,
    PRIMARY KEY (attempt_id, question_id)
);

CREATE TABLE learn_schedule (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    box BIGINT NOT NULL,
    due_day BIGINT NOT NULL,
    PRIMARY KEY (user_id, question_id)
);

-- The first pass of a lesson in a year.
CREATE TABLE learn_completions (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lesson_id TEXT NOT NULL,
    year BIGINT NOT NULL,
    completed_at BIGINT NOT NULL,
    score BIGINT NOT NULL,
    attempt_id BIGINT NOT NULL,
    PRIMARY KEY (user_id, lesson_id, year)
);

CREATE TABLE learn_commitments (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    year BIGINT NOT NULL,
    text_version TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    full_name TEXT NOT NULL,
    signed_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, year)
);

CREATE TABLE learn_certificates (
    code TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lesson_id TEXT NOT NULL,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    score BIGINT NOT NULL,
    year BIGINT NOT NULL,
    issued_at BIGINT NOT NULL
);
