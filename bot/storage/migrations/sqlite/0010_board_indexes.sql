-- 0010: week and month boards read through a points index, and cheaper maintenance per answer.
--
-- 0002 indexed only the all-time board: a third index moving on every answer halved submission
-- throughput, so week and month boards were ranked by scanning their range (about 5 ms at 10,000
-- members). Measured again (bench/leaderboard.py), the index costs little on an answer: most
-- answers before the reveal are sealed (0 points), and an upsert that leaves `points` as it was
-- moves no index entry; the cost per answer was the trigger's second statement and the commit.
-- So: one points index for every board, and an insert trigger that assigns no `points` for a
-- 0-point entry and folds the streak update into the all-time row's upsert.
-- One index for every board (all-time, week, month), replacing 0002's all-time one: a partial
-- index WHERE period <> 'all' would not serve `period = 'week'` (SQLite uses a partial index only
-- when the query's WHERE contains the index's terms as written), and two indexes covering the
-- all-time rows would both move.
DROP INDEX score_totals_all_ranking;
CREATE INDEX score_totals_ranking ON score_totals (group_id, period, period_start, points DESC);

-- The streak rule of 0004, unchanged: a member's first entry from a submission in a round
-- extends their run when no scheduled, non-skipped round lies between their previous answered
-- round and this one; else a new run starts. The all-time row gets streak_last = the round's
-- date when the entry comes from a submission (NULL otherwise: vote-only entries do not count);
-- week and month rows keep no streak.
DROP TRIGGER round_scores_totals_insert;
CREATE TRIGGER round_scores_totals_insert AFTER INSERT ON round_scores
BEGIN
    -- An entry worth 0 points (a sealed answer, before the reveal): `points` is not
    -- assigned, so no points index entry moves (SQLite rewrites index entries of every
    -- assigned column, even to the same value).
    INSERT INTO score_totals (group_id, period, period_start, member_id, points, rounds, correct,
                              streak_last, streak_current, streak_longest)
    SELECT * FROM (VALUES
        (NEW.group_id, 'all', '', NEW.member_id, NEW.points + NEW.vote_points, 1,
         NEW.score >= 1.0, CASE WHEN NEW.submission_id IS NOT NULL THEN NEW.round_date END,
         NEW.submission_id IS NOT NULL, NEW.submission_id IS NOT NULL),
        (NEW.group_id, 'week', date(NEW.round_date, '-6 days', 'weekday 1'), NEW.member_id,
         NEW.points + NEW.vote_points, 1, NEW.score >= 1.0, NULL, 0, 0),
        (NEW.group_id, 'month', date(NEW.round_date, 'start of month'), NEW.member_id,
         NEW.points + NEW.vote_points, 1, NEW.score >= 1.0, NULL, 0, 0))
    WHERE NEW.points + NEW.vote_points = 0
    ON CONFLICT (group_id, period, period_start, member_id) DO UPDATE SET
        rounds = rounds + 1,
        correct = correct + excluded.correct,
        -- excluded.streak_last is NULL for week/month rows and vote-only entries: no change.
        streak_current = CASE
            WHEN excluded.streak_last IS NULL OR streak_last >= excluded.streak_last
                THEN streak_current
            WHEN streak_last >= COALESCE((
                SELECT round_date FROM rounds WHERE group_id = NEW.group_id
                AND round_date < NEW.round_date AND state <> 'skipped' AND scheduled = 1
                ORDER BY round_date DESC LIMIT 1), '')
                THEN streak_current + 1
            ELSE 1 END,
        streak_longest = CASE
            WHEN excluded.streak_last IS NULL OR streak_last >= excluded.streak_last
                THEN streak_longest
            WHEN streak_last >= COALESCE((
                SELECT round_date FROM rounds WHERE group_id = NEW.group_id
                AND round_date < NEW.round_date AND state <> 'skipped' AND scheduled = 1
                ORDER BY round_date DESC LIMIT 1), '')
                THEN MAX(streak_longest, streak_current + 1)
            ELSE MAX(streak_longest, 1) END,
        streak_last = CASE
            WHEN excluded.streak_last IS NULL OR streak_last >= excluded.streak_last
                THEN streak_last
            ELSE excluded.streak_last END;
    -- An entry with points.
    INSERT INTO score_totals (group_id, period, period_start, member_id, points, rounds, correct,
                              streak_last, streak_current, streak_longest)
    SELECT * FROM (VALUES
        (NEW.group_id, 'all', '', NEW.member_id, NEW.points + NEW.vote_points, 1,
         NEW.score >= 1.0, CASE WHEN NEW.submission_id IS NOT NULL THEN NEW.round_date END,
         NEW.submission_id IS NOT NULL, NEW.submission_id IS NOT NULL),
        (NEW.group_id, 'week', date(NEW.round_date, '-6 days', 'weekday 1'), NEW.member_id,
         NEW.points + NEW.vote_points, 1, NEW.score >= 1.0, NULL, 0, 0),
        (NEW.group_id, 'month', date(NEW.round_date, 'start of month'), NEW.member_id,
         NEW.points + NEW.vote_points, 1, NEW.score >= 1.0, NULL, 0, 0))
    WHERE NEW.points + NEW.vote_points <> 0
    ON CONFLICT (group_id, period, period_start, member_id) DO UPDATE SET
        points = points + excluded.points,
        rounds = rounds + 1,
        correct = correct + excluded.correct,
        -- excluded.streak_last is NULL for week/month rows and vote-only entries: no change.
        streak_current = CASE
            WHEN excluded.streak_last IS NULL OR streak_last >= excluded.streak_last
                THEN streak_current
            WHEN streak_last >= COALESCE((
                SELECT round_date FROM rounds WHERE group_id = NEW.group_id
                AND round_date < NEW.round_date AND state <> 'skipped' AND scheduled = 1
                ORDER BY round_date DESC LIMIT 1), '')
                THEN streak_current + 1
            ELSE 1 END,
        streak_longest = CASE
            WHEN excluded.streak_last IS NULL OR streak_last >= excluded.streak_last
                THEN streak_longest
            WHEN streak_last >= COALESCE((
                SELECT round_date FROM rounds WHERE group_id = NEW.group_id
                AND round_date < NEW.round_date AND state <> 'skipped' AND scheduled = 1
                ORDER BY round_date DESC LIMIT 1), '')
                THEN MAX(streak_longest, streak_current + 1)
            ELSE MAX(streak_longest, 1) END,
        streak_last = CASE
            WHEN excluded.streak_last IS NULL OR streak_last >= excluded.streak_last
                THEN streak_last
            ELSE excluded.streak_last END;
END;
