-- Reminders sent for compliance deadlines: one per deadline and stage ('before' the due time,
-- 'overdue' after it), claimed before the mail goes out and released if it fails.
CREATE TABLE compliance_reminders (
    record TEXT NOT NULL,
    rule TEXT NOT NULL,
    recipient TEXT NOT NULL,
    stage TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (record, rule, recipient, stage)
);
