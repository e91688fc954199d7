-- Compliance register. The deadlines are not stored: khien-comply computes them from the rule
-- pack in force, the agency's calendar and these facts, so a corrected calendar or a new pack
-- moves them. What was done, when and by whom is stored. Times are Unix seconds.
CREATE TABLE comply_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE incidents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    discovered_at BIGINT NOT NULL,
    occurred_at BIGINT,
    place TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    involved TEXT NOT NULL DEFAULT '',
    -- Data categories that select rules (location, biometric, financial…), comma-separated.
    data_categories TEXT NOT NULL DEFAULT '',
    -- Kinds of personal data and counts (from the scan of the affected files): "kind=count,…".
    data_kinds TEXT NOT NULL DEFAULT '',
    subjects BIGINT,
    consequences TEXT NOT NULL DEFAULT '',
    measures TEXT NOT NULL DEFAULT '',
    remediated_at BIGINT,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE subject_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_type TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    with_processor BIGINT NOT NULL,
    extended BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    -- Fingerprints of the identifiers the person gave (never the identifiers), space-separated.
    fingerprints TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    closed_at BIGINT
);

-- A deadline met: record is 'incident:ID' or 'request:ID'.
CREATE TABLE compliance_done (
    record TEXT NOT NULL,
    rule TEXT NOT NULL,
    recipient TEXT NOT NULL,
    done_at BIGINT NOT NULL,
    done_by TEXT NOT NULL,
    PRIMARY KEY (record, rule, recipient)
);
