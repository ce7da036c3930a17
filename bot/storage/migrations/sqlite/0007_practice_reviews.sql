-- 0007: personal practice. FSRS review state per member and question (bot.core.practice), every
-- graded answer that moved it (a practice answer, or a daily round's result at the reveal), each
-- member's counts per topic (mastery), the question a member is practising, and the weekly-nudge
-- opt-out. None of it is read by leaderboards: practice has its own counts.
CREATE TABLE review_cards (
    member_id   INTEGER NOT NULL REFERENCES members (id),
    question_id TEXT NOT NULL,
    topic       TEXT NOT NULL,
    card        TEXT NOT NULL,                   -- JSON of fsrs.Card.to_dict()
    due         TEXT NOT NULL,                   -- UTC ISO 8601, the card's due (for the index)
    reviews     INTEGER NOT NULL DEFAULT 0,
    lapses      INTEGER NOT NULL DEFAULT 0,      -- reviews rated Again (a miss)
    PRIMARY KEY (member_id, question_id)
) WITHOUT ROWID;
CREATE INDEX review_cards_by_due ON review_cards (member_id, due);
CREATE INDEX review_cards_by_topic ON review_cards (member_id, topic, question_id);

-- One row per graded answer that moved a card. A daily round's result is recorded once per
-- member (UNIQUE (round_id, member_id); practice rows have round_id NULL).
CREATE TABLE review_log (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id),
    question_id TEXT NOT NULL,
    topic       TEXT NOT NULL,
    source      TEXT NOT NULL CHECK (source IN ('practice', 'round')),
    round_id    INTEGER REFERENCES rounds (id) ON DELETE SET NULL,
    answer      TEXT NOT NULL DEFAULT '',        -- practice answers only; never shown to others
    verdict     TEXT NOT NULL,
    score       REAL NOT NULL,
    rating      INTEGER NOT NULL,                -- fsrs.Rating
    reviewed_at TEXT NOT NULL,
    due_after   TEXT NOT NULL,
    UNIQUE (round_id, member_id)
);
CREATE INDEX review_log_by_member ON review_log (member_id, reviewed_at);

CREATE TABLE topic_mastery (
    member_id INTEGER NOT NULL REFERENCES members (id),
    topic     TEXT NOT NULL,
    answered  INTEGER NOT NULL DEFAULT 0,
    correct   INTEGER NOT NULL DEFAULT 0,
    score_sum REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (member_id, topic)
) WITHOUT ROWID;

-- The question /practice gave a member last; their next practice answer is graded against it.
CREATE TABLE practice_pending (
    member_id   INTEGER PRIMARY KEY REFERENCES members (id),
    question_id TEXT NOT NULL,
    given_at    TEXT NOT NULL
);

-- Members who do not want the weekly "reviews due" nudge in their groups.
CREATE TABLE practice_nudge_optout (
    member_id INTEGER PRIMARY KEY REFERENCES members (id),
    since     TEXT NOT NULL
);
