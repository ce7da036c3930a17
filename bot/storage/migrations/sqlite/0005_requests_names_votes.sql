-- 0005: processed platform requests (idempotency), per-group display names, the bot's own keys,
-- and votes kept per reaction variant.

-- A platform request (Slack event id, signed body, trigger id; Discord interaction id) is handled
-- once: whoever inserts its key handles it, across processes sharing the database. Keys expire.
CREATE TABLE processed_requests (
    key        TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL                     -- UTC ISO 8601
);
CREATE INDEX processed_requests_by_expiry ON processed_requests (expires_at);

-- A member's name as a group sees it (a Discord server nickname stays in its server); boards
-- fall back to members.display_name, the platform's global name.
CREATE TABLE member_names (
    group_id     INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES members (id),
    display_name TEXT NOT NULL,
    PRIMARY KEY (group_id, member_id)
);

-- Keys the bot generates for itself (e.g. the HMAC key signing data round-tripped through a
-- platform) when none is given in the environment.
CREATE TABLE bot_keys (
    name       TEXT PRIMARY KEY,
    value      BLOB NOT NULL,
    created_at TEXT NOT NULL
);

-- Votes: one row per reaction variant (:+1:, :+1::skin-tone-4:, 👍🏽 ...), so removing one variant
-- keeps the vote while another remains. A voter's votes for one author in one round count once.
CREATE TABLE votes_by_reaction (
    round_id    INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    voter_id    INTEGER NOT NULL REFERENCES members (id),
    author_id   INTEGER NOT NULL REFERENCES members (id),
    message_ref TEXT NOT NULL,
    reaction    TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    PRIMARY KEY (round_id, voter_id, message_ref, reaction),
    CHECK (voter_id <> author_id)
);
INSERT INTO votes_by_reaction (round_id, voter_id, author_id, message_ref, reaction, created_at)
SELECT round_id, voter_id, author_id, message_ref, '', created_at FROM votes;
DROP TABLE votes;
ALTER TABLE votes_by_reaction RENAME TO votes;
CREATE INDEX votes_by_round_author ON votes (round_id, author_id, voter_id);
