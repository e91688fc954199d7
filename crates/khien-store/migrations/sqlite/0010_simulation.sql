-- Phishing and smishing simulation: campaigns, their recipients with a tracking token each,
-- and what happened (open, click, submit, report, and requests from mail scanners kept apart).
-- Nothing a person types on a landing page is ever received, let alone stored. Times are Unix
-- seconds.
CREATE TABLE sim_campaigns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    template TEXT NOT NULL,
    -- email or sms.
    channel TEXT NOT NULL DEFAULT 'email',
    base_url TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    spread_minutes BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE sim_targets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id BIGINT NOT NULL REFERENCES sim_campaigns (id) ON DELETE CASCADE,
    -- The address: an e-mail address, or a phone number for SMS.
    email TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    token TEXT NOT NULL UNIQUE,
    send_at BIGINT NOT NULL,
    sent_at BIGINT,
    send_error TEXT NOT NULL DEFAULT '',
    opened_at BIGINT,
    clicked_at BIGINT,
    submitted_at BIGINT,
    reported_at BIGINT
);
CREATE INDEX sim_targets_due ON sim_targets (sent_at, send_at);

CREATE TABLE sim_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    target_id BIGINT NOT NULL REFERENCES sim_targets (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    at BIGINT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sim_events_target ON sim_events (target_id);
