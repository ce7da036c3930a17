-- 0009: bot processes sharing this database, each holding a lease it renews while it runs.
-- Replaces the lock file beside the SQLite database (which only worked on one host): a scheduler
-- that finds no other live lease at start knows a round left in 'posting' is an orphan.
CREATE TABLE instances (
    id         TEXT PRIMARY KEY,            -- random, one per process start
    host       TEXT NOT NULL,               -- socket.gethostname() of the process
    pid        INTEGER NOT NULL,
    started_at TEXT NOT NULL,               -- UTC ISO instants
    expires_at TEXT NOT NULL                -- the lease: alive while now < expires_at
);
CREATE INDEX instances_by_expiry ON instances (expires_at);
