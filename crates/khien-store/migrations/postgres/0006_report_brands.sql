-- The brands a scam report imitates (the judge's "imitates" findings: a look-alike link or a
-- sender posing as a bank, a carrier, an agency), comma-separated display names, for the
-- dashboard's most impersonated brands. Reports filed before this migration have none.
ALTER TABLE scam_reports ADD COLUMN brands TEXT NOT NULL DEFAULT '';
