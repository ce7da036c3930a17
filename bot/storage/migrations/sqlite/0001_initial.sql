-- 0001: groups, members, rounds, submissions, one scoring entry per member per round, votes.
CREATE TABLE groups (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL,
    external_id TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    settings    TEXT NOT NULL DEFAULT '{}',      -- JSON of bot.core.models.GroupSettings
    created_at  TEXT NOT NULL,
    UNIQUE (platform, external_id)
);

CREATE TABLE members (
    id           INTEGER PRIMARY KEY,
    platform     TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    display_name TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (platform, external_id)
);

CREATE TABLE rounds (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    round_date  TEXT NOT NULL,                   -- local date in the group's timezone (YYYY-MM-DD)
    question_id TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('posting', 'posted', 'revealed', 'skipped')),
    opened_at   TEXT NOT NULL,                   -- UTC ISO 8601
    reveal_due  TEXT,
    revealed_at TEXT,
    message_ref TEXT,
    thread_ref  TEXT,
    UNIQUE (group_id, round_date)                -- exactly one round per group and local date
);

CREATE TABLE submissions (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES members (id),
    answer       TEXT NOT NULL,
    verdict      TEXT NOT NULL,
    score        REAL NOT NULL DEFAULT 0,        -- 0..1
    points       INTEGER NOT NULL DEFAULT 0,
    detail       TEXT NOT NULL DEFAULT '',
    submitted_at TEXT NOT NULL
);
CREATE INDEX submissions_by_round_member ON submissions (round_id, member_id);

-- One scoring entry per member per round: the best submission before the reveal, plus vote points.
CREATE TABLE round_scores (
    round_id      INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    member_id     INTEGER NOT NULL REFERENCES members (id),
    group_id      INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    round_date    TEXT NOT NULL,
    submission_id INTEGER REFERENCES submissions (id),
    verdict       TEXT NOT NULL,
    score         REAL NOT NULL,
    points        INTEGER NOT NULL,
    vote_points   INTEGER NOT NULL DEFAULT 0,
    submitted_at  TEXT NOT NULL,
    PRIMARY KEY (round_id, member_id)
);
CREATE INDEX round_scores_by_group_date ON round_scores (group_id, round_date, member_id);

CREATE TABLE votes (
    round_id    INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    voter_id    INTEGER NOT NULL REFERENCES members (id),
    author_id   INTEGER NOT NULL REFERENCES members (id),
    message_ref TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (round_id, voter_id, message_ref),
    CHECK (voter_id <> author_id)
);
