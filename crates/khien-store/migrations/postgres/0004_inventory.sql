-- Personal-data inventory reported by scan agents (`khien scan --report-to`). Masked results
-- only: paths, kinds, counts, sensitivity, legal references and value fingerprints, never a
-- value. Times are Unix seconds.
CREATE TABLE inventory_hosts (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL
);

CREATE TABLE inventory_scans (
    id BIGSERIAL PRIMARY KEY,
    -- The agent's own id for the scan: re-sent batches name it.
    scan_uid TEXT NOT NULL UNIQUE,
    host_id BIGINT NOT NULL REFERENCES inventory_hosts (id),
    root TEXT NOT NULL,
    token_name TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    completed_at BIGINT,
    batches_expected BIGINT,
    files_scanned BIGINT,
    -- Running totals of the stored batches, kept in the batch's transaction.
    files BIGINT NOT NULL DEFAULT 0,
    findings BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX inventory_scans_host_root ON inventory_scans (host_id, root);

-- One row per batch: the key that makes a re-sent batch count once.
CREATE TABLE inventory_batches (
    scan_id BIGINT NOT NULL REFERENCES inventory_scans (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    files BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (scan_id, seq)
);

CREATE TABLE inventory_files (
    id BIGSERIAL PRIMARY KEY,
    scan_id BIGINT NOT NULL REFERENCES inventory_scans (id) ON DELETE CASCADE,
    batch_seq BIGINT NOT NULL,
    path TEXT NOT NULL,
    folder TEXT NOT NULL,
    findings BIGINT NOT NULL,
    sensitive BIGINT NOT NULL
);
CREATE INDEX inventory_files_scan ON inventory_files (scan_id, path);

CREATE TABLE inventory_kinds (
    file_id BIGINT NOT NULL REFERENCES inventory_files (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    sensitivity TEXT NOT NULL,
    legal TEXT NOT NULL,
    count BIGINT NOT NULL,
    -- Distinct value fingerprints, space-separated (pseudonyms, never values).
    fingerprints TEXT NOT NULL,
    PRIMARY KEY (file_id, kind)
);
