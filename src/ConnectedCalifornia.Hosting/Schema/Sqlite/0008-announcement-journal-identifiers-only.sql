-- Connected California: the announcement journal keeps identifiers only (SQLite).
--
-- The journal is replayed for a day to whoever may join a topic at the time of the replay. Free text (a title,
-- a summary, who acted) written when the announcement was made could reach people it was never meant for: an
-- event made law-enforcement-only since, a title corrected because it named a survivor, an actor named on a
-- topic where nobody may be named. Whoever replays an entry reloads the entity through the API instead, so the
-- text columns go, with whatever they held.

ALTER TABLE cc_announcement_journal DROP COLUMN title;
ALTER TABLE cc_announcement_journal DROP COLUMN summary;
ALTER TABLE cc_announcement_journal DROP COLUMN actor_name;
