-- Anonymous reach of the public outreach pages: per day, page and kind (view, poster, quiz
-- completed), a count only. No address, cookie or person is recorded.
CREATE TABLE outreach_counts (
    day TEXT NOT NULL,
    page TEXT NOT NULL,
    kind TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (day, page, kind)
);
