-- 0008: questions members suggest (/suggest). One row per suggestion of a group: the question as
-- TOML (the fields of one [[question]] block, validated by the bank's parser like a file question),
-- its id, and the admin's decision. Accepted ones join that group's rotation (bot.core.flow).
CREATE TABLE suggestions (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES groups (id),
    author_id   INTEGER NOT NULL REFERENCES members (id),
    question_id TEXT NOT NULL,
    body        TEXT NOT NULL,                   -- TOML of one question (bot.core.suggestions)
    state       TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'accepted', 'rejected')),
    created_at  TEXT NOT NULL,
    decided_at  TEXT,
    decided_by  INTEGER REFERENCES members (id),
    note        TEXT NOT NULL DEFAULT ''         -- the admin's reason for a rejection
);
CREATE INDEX suggestions_by_group ON suggestions (group_id, state, id);
CREATE INDEX suggestions_by_state ON suggestions (state, question_id);
