-- 0003: record when a round's reminder was sent, so a restart (or a second process) never
-- sends it twice.
ALTER TABLE rounds ADD COLUMN reminded_at TEXT;
