-- Scam desk: reports from the public, their moderation, the published list and its appeals
-- (PostgreSQL). Times are Unix seconds.
CREATE TABLE scam_reports (
    id BIGSERIAL PRIMARY KEY,
    created_at BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'rejected', 'merged')),
    channel TEXT NOT NULL,
    received_on TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    account TEXT NOT NULL DEFAULT '',
    bank TEXT NOT NULL DEFAULT '',
    qr_payload TEXT NOT NULL DEFAULT '',
    money_lost BIGINT,
    description TEXT NOT NULL DEFAULT '',
    -- The reporter's contact, only when given; shown to officers only.
    contact TEXT,
    verdict TEXT NOT NULL,
    score BIGINT NOT NULL,
    scam_types TEXT NOT NULL DEFAULT '',
    merged_into BIGINT REFERENCES scam_reports (id),
    decided_by TEXT,
    decided_at BIGINT,
    decision_reason TEXT
);
CREATE INDEX scam_reports_status ON scam_reports (status, id);

-- What a report names that could be listed: a phone number, a bank account, a domain (or a
-- page on shared hosting). Duplicates are found through these keys.
CREATE TABLE report_entities (
    report_id BIGINT NOT NULL REFERENCES scam_reports (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('phone', 'account', 'domain')),
    value TEXT NOT NULL,
    bank TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (report_id, kind, value)
);
CREATE INDEX report_entities_key ON report_entities (kind, value);

-- The published list. A delisted row stays (with who and why) as the entry's history; at most
-- one live row per key.
CREATE TABLE listed_entries (
    id BIGSERIAL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('phone', 'account', 'domain')),
    value TEXT NOT NULL,
    bank TEXT NOT NULL DEFAULT '',
    scam_type TEXT NOT NULL DEFAULT '',
    report_id BIGINT NOT NULL REFERENCES scam_reports (id),
    listed_at BIGINT NOT NULL,
    listed_by TEXT NOT NULL,
    delisted_at BIGINT,
    delisted_by TEXT,
    delist_reason TEXT
);
CREATE UNIQUE INDEX listed_entries_live ON listed_entries (kind, value) WHERE delisted_at IS NULL;

CREATE TABLE appeals (
    id BIGSERIAL PRIMARY KEY,
    created_at BIGINT NOT NULL,
    entry_id BIGINT NOT NULL REFERENCES listed_entries (id),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'granted', 'denied')),
    explanation TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    decided_by TEXT,
    decided_at BIGINT,
    decision_reason TEXT
);
CREATE INDEX appeals_status ON appeals (status, id);
