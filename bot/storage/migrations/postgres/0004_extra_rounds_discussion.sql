-- 0004: rounds outside the schedule, and discussion messages kept in the database.

-- A round posted on a day the group's schedule does not post (an admin's /post on a day off, the
-- terminal chat's demo) is an *extra* round: answering it extends a streak, missing it never
-- breaks one. Rounds made before this migration were all scheduled ones.
ALTER TABLE rounds ADD COLUMN scheduled integer NOT NULL DEFAULT 1 CHECK (scheduled IN (0, 1));

-- Discussion messages of a round (the terminal's /say, open-question answers), numbered per round
-- so members vote for "#3" from any process on the database, before or after a restart.
CREATE TABLE discussion (
    round_id      bigint NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    number        integer NOT NULL,              -- 1, 2, 3 ... within the round
    author_id     bigint NOT NULL REFERENCES members (id),
    message_ref   text NOT NULL,                 -- what votes refer to (votes.message_ref)
    body          text NOT NULL,
    submission_id bigint REFERENCES submissions (id),  -- set for an open question's answer
    created_at    text NOT NULL,
    PRIMARY KEY (round_id, number),
    UNIQUE (round_id, message_ref)
);

-- The streak trigger of 0002, with extra rounds left out of the sequence: a member's first entry
-- from a submission in a round extends their run when no scheduled, non-skipped round lies
-- between their previous answered round and this one; else a new run starts.
-- (SQLite drops and recreates the trigger; here the trigger stays and its function is replaced.)
CREATE OR REPLACE FUNCTION round_scores_totals_insert() RETURNS trigger LANGUAGE plpgsql AS $$
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
    UPDATE score_totals SET
        streak_current = CASE WHEN streak_last >= COALESCE((
                SELECT round_date FROM rounds WHERE group_id = NEW.group_id
                AND round_date < NEW.round_date AND state <> 'skipped' AND scheduled = 1
                ORDER BY round_date DESC LIMIT 1), '')
            THEN streak_current + 1 ELSE 1 END,
        streak_longest = GREATEST(streak_longest, CASE WHEN streak_last >= COALESCE((
                SELECT round_date FROM rounds WHERE group_id = NEW.group_id
                AND round_date < NEW.round_date AND state <> 'skipped' AND scheduled = 1
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
