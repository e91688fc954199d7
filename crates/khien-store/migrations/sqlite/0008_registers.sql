-- The system register (security levels, Decree 85/2016 and Circular 12/2022) and the
-- processing register (Law 91/2025), fed by the inventory's suggestions and confirmed by
-- officers. Times are Unix seconds; dates a person enters are stored at 00:00 Vietnam time.
CREATE TABLE info_systems (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    -- The owner (chủ quản) and the person answerable for it.
    owner TEXT NOT NULL,
    responsible TEXT NOT NULL DEFAULT '',
    operator TEXT NOT NULL DEFAULT '',
    -- 1–5, or NULL while not determined.
    level BIGINT,
    -- none, drafting, submitted, approved.
    dossier_status TEXT NOT NULL DEFAULT 'none',
    approved_at BIGINT,
    -- none, partial, deployed.
    protection_plan TEXT NOT NULL DEFAULT 'none',
    next_review BIGINT,
    notes TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE processing_activities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    system_id BIGINT REFERENCES info_systems (id),
    responsible TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL DEFAULT '',
    data_subjects TEXT NOT NULL DEFAULT '',
    -- Kinds of personal data (kind codes), comma-separated.
    categories TEXT NOT NULL DEFAULT '',
    recipients TEXT NOT NULL DEFAULT '',
    -- Empty: no transfer abroad; otherwise where to.
    cross_border TEXT NOT NULL DEFAULT '',
    retention TEXT NOT NULL DEFAULT '',
    -- Folders of the inventory that hold its data: "host|root" lines.
    sources TEXT NOT NULL DEFAULT '',
    started_at BIGINT,
    dpia_filed_at BIGINT,
    changed_at BIGINT,
    transfer_started_at BIGINT,
    crossborder_filed_at BIGINT,
    confirmed_at BIGINT,
    confirmed_by TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL
);
