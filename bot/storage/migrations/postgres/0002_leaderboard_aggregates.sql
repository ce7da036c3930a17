-- 0002: leaderboard totals and streaks, maintained by triggers on round_scores.
--
-- Why maintained aggregates: ranking a big group from round_scores means summing every entry of
-- the period for every member on each request (about 1 s with 10,000 members and 1,000,000
-- submissions). These tables are updated in the same transaction as the entry that changes them,
-- so they are never stale; a board is one range of score_totals (see the index note below).
--
-- PostgreSQL twin of migrations/sqlite/0002_leaderboard_aggregates.sql. SQLite's inline trigger
-- bodies become PL/pgSQL functions; its date math becomes date_trunc on the text date:
-- date(d, '-6 days', 'weekday 1') (the Monday on or before d) is
-- to_char(date_trunc('week', d::date), 'YYYY-MM-DD') (ISO weeks start on Monday), and
-- date(d, 'start of month') is to_char(date_trunc('month', d::date), 'YYYY-MM-DD').
-- Comparisons used as 0/1 values are cast (`(score >= 1.0)::int`), MAX(a, b) is GREATEST(a, b).

-- Points per member per group and period bucket. period_start is '' for all time, the local
-- Monday of the week, or the first local day of the month (round_date is already a local date in
-- the group's timezone, so the buckets follow the group's week and month boundaries).
-- points, rounds and correct are integer (not bigint) so that SUM() over them is a bigint
-- (a Python int), not a numeric (Decimal).
CREATE TABLE score_totals (
    group_id       bigint NOT NULL,
    period         text NOT NULL CHECK (period IN ('all', 'week', 'month')),
    period_start   text NOT NULL,
    member_id      bigint NOT NULL,
    points         integer NOT NULL DEFAULT 0,
    rounds         integer NOT NULL DEFAULT 0,   -- scoring entries in the bucket
    correct        integer NOT NULL DEFAULT 0,   -- entries with score >= 1
    -- Streak, kept on the all-time row only: the member's latest run of consecutive rounds
    -- answered (a scoring entry from a submission made before the reveal). Skipped rounds are
    -- not in the sequence, so they never break a run.
    streak_last    text,                         -- local date of the latest round answered
    streak_current integer NOT NULL DEFAULT 0,   -- length of the run ending at streak_last
    streak_longest integer NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, period, period_start, member_id)  -- a board is one contiguous range
);
-- Only the all-time board has a points index: it is the biggest board and the one read at each
-- reveal. Every index entry moves when points change, and each first answer of a round changes
-- three boards, so indexing week and month too halves submission throughput; those boards are
-- ranked by scanning their range (one row per member who scored in the period).
CREATE INDEX score_totals_all_ranking ON score_totals (group_id, points DESC) WHERE period = 'all';

-- Members who submitted to a round (any answer, practice included): the "N answered" of a round,
-- read on every submission; COUNT(DISTINCT member_id) grows with the round (1-2 ms at 20,000).
CREATE TABLE round_stats (
    round_id bigint PRIMARY KEY REFERENCES rounds (id) ON DELETE CASCADE,
    answered integer NOT NULL DEFAULT 0
);

CREATE INDEX rounds_by_group_state_date ON rounds (group_id, state, round_date);

-- Backfill from existing data (a new PostgreSQL database has none; kept so that version 2 means
-- the same thing on both backends).
INSERT INTO score_totals (group_id, period, period_start, member_id, points, rounds, correct)
SELECT group_id, 'all', '', member_id, SUM(points + vote_points), COUNT(*),
       SUM((score >= 1.0)::int)
FROM round_scores GROUP BY group_id, member_id;
INSERT INTO score_totals (group_id, period, period_start, member_id, points, rounds, correct)
SELECT group_id, 'week', to_char(date_trunc('week', round_date::date), 'YYYY-MM-DD') AS start,
       member_id, SUM(points + vote_points), COUNT(*), SUM((score >= 1.0)::int)
FROM round_scores GROUP BY group_id, start, member_id;
INSERT INTO score_totals (group_id, period, period_start, member_id, points, rounds, correct)
SELECT group_id, 'month', to_char(date_trunc('month', round_date::date), 'YYYY-MM-DD') AS start,
       member_id, SUM(points + vote_points), COUNT(*), SUM((score >= 1.0)::int)
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
                ) AS counted
                WINDOW w AS (PARTITION BY group_id, member_id ORDER BY round_date)
            ) AS breaks
        ) AS islands
        GROUP BY group_id, member_id, island
    ) AS lengths
    GROUP BY group_id, member_id
) AS runs
WHERE score_totals.group_id = runs.group_id AND score_totals.member_id = runs.member_id
  AND score_totals.period = 'all' AND score_totals.period_start = '';

INSERT INTO round_stats (round_id, answered)
SELECT round_id, COUNT(DISTINCT member_id) FROM submissions GROUP BY round_id;

-- Keep them up to date. round_scores rows never change group, member or date once written.
-- As in SQLite, an INSERT ... ON CONFLICT DO UPDATE that takes the update path fires the update
-- trigger, not the insert trigger.
CREATE FUNCTION round_scores_totals_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO score_totals (group_id, period, period_start, member_id, points, rounds, correct)
    VALUES
        (NEW.group_id, 'all', '', NEW.member_id,
         NEW.points + NEW.vote_points, 1, (NEW.score >= 1.0)::int),
        (NEW.group_id, 'week', to_char(date_trunc('week', NEW.round_date::date), 'YYYY-MM-DD'),
         NEW.member_id, NEW.points + NEW.vote_points, 1, (NEW.score >= 1.0)::int),
        (NEW.group_id, 'month', to_char(date_trunc('month', NEW.round_date::date), 'YYYY-MM-DD'),
         NEW.member_id, NEW.points + NEW.vote_points, 1, (NEW.score >= 1.0)::int)
    ON CONFLICT (group_id, period, period_start, member_id) DO UPDATE SET
        points = score_totals.points + excluded.points,
        rounds = score_totals.rounds + 1,
        correct = score_totals.correct + excluded.correct;
    -- A member's first entry from a submission in a round extends their run when no non-skipped
    -- round lies between their previous answered round and this one; else a new run starts.
    UPDATE score_totals SET
        streak_current = CASE WHEN streak_last >= COALESCE((
                SELECT round_date FROM rounds WHERE group_id = NEW.group_id
                AND round_date < NEW.round_date AND state <> 'skipped'
                ORDER BY round_date DESC LIMIT 1), '')
            THEN streak_current + 1 ELSE 1 END,
        streak_longest = GREATEST(streak_longest, CASE WHEN streak_last >= COALESCE((
                SELECT round_date FROM rounds WHERE group_id = NEW.group_id
                AND round_date < NEW.round_date AND state <> 'skipped'
                ORDER BY round_date DESC LIMIT 1), '')
            THEN streak_current + 1 ELSE 1 END),
        streak_last = NEW.round_date
    WHERE group_id = NEW.group_id AND member_id = NEW.member_id
      AND period = 'all' AND period_start = ''
      AND NEW.submission_id IS NOT NULL
      AND (streak_last IS NULL OR streak_last < NEW.round_date);
    RETURN NULL;
END;
$$;
CREATE TRIGGER round_scores_totals_insert AFTER INSERT ON round_scores
FOR EACH ROW EXECUTE FUNCTION round_scores_totals_insert();

CREATE FUNCTION round_scores_totals_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE score_totals
    SET points = points + (NEW.points + NEW.vote_points) - (OLD.points + OLD.vote_points),
        correct = correct + (NEW.score >= 1.0)::int - (OLD.score >= 1.0)::int
    WHERE group_id = NEW.group_id AND member_id = NEW.member_id
      AND period = 'all' AND period_start = '';
    UPDATE score_totals
    SET points = points + (NEW.points + NEW.vote_points) - (OLD.points + OLD.vote_points),
        correct = correct + (NEW.score >= 1.0)::int - (OLD.score >= 1.0)::int
    WHERE group_id = NEW.group_id AND member_id = NEW.member_id
      AND period = 'week'
      AND period_start = to_char(date_trunc('week', NEW.round_date::date), 'YYYY-MM-DD');
    UPDATE score_totals
    SET points = points + (NEW.points + NEW.vote_points) - (OLD.points + OLD.vote_points),
        correct = correct + (NEW.score >= 1.0)::int - (OLD.score >= 1.0)::int
    WHERE group_id = NEW.group_id AND member_id = NEW.member_id
      AND period = 'month'
      AND period_start = to_char(date_trunc('month', NEW.round_date::date), 'YYYY-MM-DD');
    RETURN NULL;
END;
$$;
CREATE TRIGGER round_scores_totals_update AFTER UPDATE OF points, vote_points, score ON round_scores
FOR EACH ROW
WHEN (NEW.points + NEW.vote_points <> OLD.points + OLD.vote_points
      OR (NEW.score >= 1.0) <> (OLD.score >= 1.0))
EXECUTE FUNCTION round_scores_totals_update();

CREATE FUNCTION round_scores_totals_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE score_totals
    SET points = points - (OLD.points + OLD.vote_points), rounds = rounds - 1,
        correct = correct - (OLD.score >= 1.0)::int
    WHERE group_id = OLD.group_id AND member_id = OLD.member_id AND (
           (period = 'all' AND period_start = '')
        OR (period = 'week'
            AND period_start = to_char(date_trunc('week', OLD.round_date::date), 'YYYY-MM-DD'))
        OR (period = 'month'
            AND period_start = to_char(date_trunc('month', OLD.round_date::date), 'YYYY-MM-DD')));
    DELETE FROM score_totals
    WHERE group_id = OLD.group_id AND member_id = OLD.member_id AND rounds <= 0;
    RETURN NULL;
END;
$$;
CREATE TRIGGER round_scores_totals_delete AFTER DELETE ON round_scores
FOR EACH ROW EXECUTE FUNCTION round_scores_totals_delete();

-- A member's first submission to a round counts them in round_stats. SQLite's trigger is
-- AFTER INSERT ... WHEN NOT EXISTS (another submission of the member to the round). PostgreSQL
-- allows no subquery in a trigger's WHEN, and runs row-level AFTER triggers only once the whole
-- statement is done (so with several rows in one INSERT each would see the others). A BEFORE
-- trigger runs as each row is stored, seeing the rows stored before it, as SQLite's does; the
-- new row is not stored yet, so any existing submission of the member to the round means this
-- one is not the first.
CREATE FUNCTION submissions_answered_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM submissions WHERE round_id = NEW.round_id
                   AND member_id = NEW.member_id) THEN
        INSERT INTO round_stats (round_id, answered) VALUES (NEW.round_id, 1)
        ON CONFLICT (round_id) DO UPDATE SET answered = round_stats.answered + 1;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER submissions_answered_insert BEFORE INSERT ON submissions
FOR EACH ROW EXECUTE FUNCTION submissions_answered_insert();
