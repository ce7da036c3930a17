-- 0010: week and month boards read through a points index (PostgreSQL twin of
-- migrations/sqlite/0010_board_indexes.sql).
--
-- SQLite also rewrites its insert trigger there so that a 0-point entry (a sealed answer) assigns
-- no `points`: SQLite moves the index entries of every assigned column. PostgreSQL needs no such
-- change: an upsert that leaves the indexed value as it was is a HOT update when the page has
-- room, and otherwise inserts the index entry either way; the trigger function of 0004 stays.
-- One index for every board (all-time, week, month), replacing 0002's all-time one: a partial
-- index WHERE period <> 'all' would not serve `period = 'week'` (SQLite uses a partial index only
-- when the query's WHERE contains the index's terms as written), and two indexes covering the
-- all-time rows would both move.
DROP INDEX score_totals_all_ranking;
CREATE INDEX score_totals_ranking ON score_totals (group_id, period, period_start, points DESC);
