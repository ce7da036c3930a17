-- 0002: leaderboard totals and streaks, maintained by triggers on round_scores.
--
-- Why maintained aggregates: ranking a big group from round_scores means summing every entry of
-- the period for every member on each request (about 1 s with 10,000 members and 1,000,000
-- submissions). These tables are updated in the same transaction as the entry that changes them,
-- so they are never stale; a board is one range of score_totals (see the index note below).

-- Points per member per group and period bucket. period_start is '' for all time, the local
-- Monday of the week, or the first local day of the month (round_date is already a local date in
-- the group's timezone, so the buckets follow the group's week and month boundaries).
CREATE TABLE score_totals (
    group_id       INTEGER NOT NULL,
    period         TEXT NOT NULL CHECK (period IN ('all', 'week', 'month')),
    period_start   TEXT NOT NULL,
    member_id      INTEGER NOT NULL,
    points         INTEGER NOT NULL DEFAULT 0,
    rounds         INTEGER NOT NULL DEFAULT 0,   -- scoring entries in the bucket
    correct        INTEGER NOT NULL DEFAULT 0,   -- entries with score >= 1
    -- Streak, kept on the all-time row only: the member's latest run of consecutive rounds
    -- answered (a scoring entry from a submission made before the reveal). Skipped rounds are
    -- not in the sequence, so they never break a run.
    streak_last    TEXT,                         -- local date of the latest round answered
    streak_current INTEGER NOT NULL DEFAULT 0,   -- length of the run ending at streak_last
    streak_longest INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, period, period_start, member_id)  -- a board is one contiguous range
) WITHOUT ROWID;
-- Only the all-time board has a points index: it is the biggest board and the one read at each
-- reveal. Every index entry moves when points change, and each first answer of a round changes
-- three boards, so indexing week and month too halves submission throughput; those boards are
-- ranked by scanning their range (one row per member who scored in the period).
CREATE INDEX score_totals_all_ranking ON score_totals (group_id, points DESC) WHERE period = 'all';

-- Members who submitted to a round (any answer, practice included): the "N answered" of a round,
-- read on every submission; COUNT(DISTINCT member_id) grows with the round (1-2 ms at 20,000).
CREATE TABLE round_stats (
    round_id INTEGER PRIMARY KEY REFERENCES rounds (id) ON DELETE CASCADE,
    answered INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX rounds_by_group_state_date ON rounds (group_id, state, round_date);

-- Backfill from existing data.
INSERT INTO score_totals (group_id, period, period_start, member_id, points, rounds, correct)
SELECT group_id, 'all', '', member_id, SUM(points + vote_points), COUNT(*), SUM(score >= 1.0)
FROM round_scores GROUP BY group_id, member_id;
INSERT INTO score_totals (group_id, period, period_start, member_id, points, rounds, correct)
SELECT group_id, 'week', date(round_date, '-6 days', 'weekday 1') AS start, member_id,
       SUM(points + vote_points), COUNT(*), SUM(score >= 1.0)
FROM round_scores GROUP BY group_id, start, member_id;
INSERT INTO score_totals (group_id, period, period_start, member_id, points, rounds, correct)
SELECT group_id, 'month', date(round_date, 'start of month') AS start, member_id,
       SUM(points + vote_points), COUNT(*), SUM(score >= 1.0)
FROM round_scores GROUP BY group_id, start, member_id;

-- Streaks by gaps and islands: `before` = non-skipped rounds strictly before an answered round,
-- `upto` = non-skipped rounds up to and including it. Two consecutive answers of a member belong to
-- one run when no non-skipped round lies between them (before(next) = upto(previous)).
UPDATE score_totals
SET streak_last = runs.last_date, streak_current = runs.current, streak_longest = runs.longest
FROM (
    SELECT group_id, member_id, MAX(last_date) AS last_date,
           MAX(CASE WHEN is_last THEN n END) AS current, MAX(n) AS longest
    FROM (
        SELECT group_id, member_id, island, COUNT(*) AS n, MAX(round_date) AS last_date,
               MAX(island) OVER (PARTITION BY group_id, member_id) = island AS is_last
        FROM (
            SELECT group_id, member_id, round_date,
                   SUM(brk) OVER (PARTITION BY group_id, member_id ORDER BY round_date) AS island
            FROM (
                SELECT group_id, member_id, round_date,
                       CASE WHEN LAG(upto) OVER w IS NULL OR before > LAG(upto) OVER w
                            THEN 1 ELSE 0 END AS brk
                FROM (
                    SELECT s.group_id, s.member_id, s.round_date,
                           (SELECT COUNT(*) FROM rounds r WHERE r.group_id = s.group_id
                              AND r.state <> 'skipped' AND r.round_date < s.round_date) AS before,
                           (SELECT COUNT(*) FROM rounds r WHERE r.group_id = s.group_id
                              AND r.state <> 'skipped' AND r.round_date <= s.round_date) AS upto
                    FROM round_scores s WHERE s.submission_id IS NOT NULL
                )
                WINDOW w AS (PARTITION BY group_id, member_id ORDER BY round_date)
            )
        )
        GROUP BY group_id, member_id, island
    )
    GROUP BY group_id, member_id
) AS runs
WHERE score_totals.group_id = runs.group_id AND score_totals.member_id = runs.member_id
  AND score_totals.period = 'all' AND score_totals.period_start = '';

INSERT INTO round_stats (round_id, answered)
SELECT round_id, COUNT(DISTINCT member_id) FROM submissions GROUP BY round_id;

-- Keep them up to date. round_scores rows never change group, member or date once written.
CREATE TRIGGER round_scores_totals_insert AFTER INSERT ON round_scores
BEGIN
    INSERT INTO score_totals (group_id, period, period_start, member_id, points, rounds, correct)
    VALUES
        (NEW.group_id, 'all', '', NEW.member_id,
         NEW.points + NEW.vote_points, 1, NEW.score >= 1.0),
        (NEW.group_id, 'week', date(NEW.round_date, '-6 days', 'weekday 1'), NEW.member_id,
         NEW.points + NEW.vote_points, 1, NEW.score >= 1.0),
        (NEW.group_id, 'month', date(NEW.round_date, 'start of month'), NEW.member_id,
         NEW.points + NEW.vote_points, 1, NEW.score >= 1.0)
    ON CONFLICT (group_id, period, period_start, member_id) DO UPDATE SET
        points = points + excluded.points,
        rounds = rounds + 1,
        correct = correct + excluded.correct;
    -- A member's first entry from a submission in a round extends their run when no non-skipped
    -- round lies between their previous answered round and this one; else a new run starts.
    UPDATE score_totals SET
        streak_current = CASE WHEN streak_last >= COALESCE((
                SELECT round_date FROM rounds WHERE group_id = NEW.group_id
                AND round_date < NEW.round_date AND state <> 'skipped'
                ORDER BY round_date DESC LIMIT 1), '')
            THEN streak_current + 1 ELSE 1 END,
        streak_longest = MAX(streak_longest, CASE WHEN streak_last >= COALESCE((
                SELECT round_date FROM rounds WHERE group_id = NEW.group_id
                AND round_date < NEW.round_date AND state <> 'skipped'
                ORDER BY round_date DESC LIMIT 1), '')
            THEN streak_current + 1 ELSE 1 END),
        streak_last = NEW.round_date
    WHERE group_id = NEW.group_id AND member_id = NEW.member_id
      AND period = 'all' AND period_start = ''
      AND NEW.submission_id IS NOT NULL
      AND (streak_last IS NULL OR streak_last < NEW.round_date);
END;

CREATE TRIGGER round_scores_totals_update AFTER UPDATE OF points, vote_points, score ON round_scores
WHEN NEW.points + NEW.vote_points <> OLD.points + OLD.vote_points
  OR (NEW.score >= 1.0) <> (OLD.score >= 1.0)
BEGIN
    UPDATE score_totals
    SET points = points + (NEW.points + NEW.vote_points) - (OLD.points + OLD.vote_points),
        correct = correct + (NEW.score >= 1.0) - (OLD.score >= 1.0)
    WHERE group_id = NEW.group_id AND member_id = NEW.member_id
      AND period = 'all' AND period_start = '';
    UPDATE score_totals
    SET points = points + (NEW.points + NEW.vote_points) - (OLD.points + OLD.vote_points),
        correct = correct + (NEW.score >= 1.0) - (OLD.score >= 1.0)
    WHERE group_id = NEW.group_id AND member_id = NEW.member_id
      AND period = 'week' AND period_start = date(NEW.round_date, '-6 days', 'weekday 1');
    UPDATE score_totals
    SET points = points + (NEW.points + NEW.vote_points) - (OLD.points + OLD.vote_points),
        correct = correct + (NEW.score >= 1.0) - (OLD.score >= 1.0)
    WHERE group_id = NEW.group_id AND member_id = NEW.member_id
      AND period = 'month' AND period_start = date(NEW.round_date, 'start of month');
END;

CREATE TRIGGER round_scores_totals_delete AFTER DELETE ON round_scores
BEGIN
    UPDATE score_totals
    SET points = points - (OLD.points + OLD.vote_points), rounds = rounds - 1,
        correct = correct - (OLD.score >= 1.0)
    WHERE group_id = OLD.group_id AND member_id = OLD.member_id AND (
           (period = 'all' AND period_start = '')
        OR (period = 'week' AND period_start = date(OLD.round_date, '-6 days', 'weekday 1'))
        OR (period = 'month' AND period_start = date(OLD.round_date, 'start of month')));
    DELETE FROM score_totals
    WHERE group_id = OLD.group_id AND member_id = OLD.member_id AND rounds <= 0;
END;

CREATE TRIGGER submissions_answered_insert AFTER INSERT ON submissions
WHEN NOT EXISTS (SELECT 1 FROM submissions WHERE round_id = NEW.round_id
                 AND member_id = NEW.member_id AND id <> NEW.id)
BEGIN
    INSERT INTO round_stats (round_id, answered) VALUES (NEW.round_id, 1)
    ON CONFLICT (round_id) DO UPDATE SET answered = answered + 1;
END;
