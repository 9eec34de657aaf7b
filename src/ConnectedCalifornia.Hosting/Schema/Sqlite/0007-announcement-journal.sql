-- Connected California: the durable journal of live announcements (SQLite).
--
-- One row per announcement and topic, numbered by a cursor (seq, AUTOINCREMENT: never reused). SQLite has one
-- writer at a time, so cursors are committed in the order they are handed out: a reader that sees cursor N
-- sees every cursor below N that will ever exist. A client that rejoins a topic with the last cursor it saw
-- gets exactly what it missed. Times are ISO 8601 UTC text. Rows are dropped after the retention period.

CREATE TABLE cc_announcement_journal
(
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    topic       TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    entity_id   TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    title       TEXT    NOT NULL,
    summary     TEXT    NOT NULL,
    at          TEXT    NOT NULL,
    actor_name  TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL
);

CREATE INDEX cc_announcement_journal_topic ON cc_announcement_journal (topic, seq);
CREATE INDEX cc_announcement_journal_recorded ON cc_announcement_journal (recorded_at);
