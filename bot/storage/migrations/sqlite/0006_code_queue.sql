-- 0006: code answers are stored as received, then graded from this queue (it survives a
-- restart: pending rows are graded at start-up). A row becomes 'graded' in the same transaction
-- that stores its submission, so an answer is scored exactly once even if it is graded twice.
CREATE TABLE code_queue (
    id            INTEGER PRIMARY KEY,
    round_id      INTEGER NOT NULL REFERENCES rounds (id),
    member_id     INTEGER NOT NULL REFERENCES members (id),
    answer        TEXT NOT NULL,                 -- as received
    received_at   TEXT NOT NULL,                 -- UTC ISO 8601: the answer's time for scoring
    state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'graded')),
    submission_id INTEGER REFERENCES submissions (id),
    graded_at     TEXT
);
CREATE INDEX code_queue_pending ON code_queue (state, id);
