-- Connected California: the durable journal of live announcements (PostgreSQL).
--
-- One row per announcement and topic, numbered by a cursor (seq). Writers take a transaction-scoped advisory lock
-- before inserting, so cursors are committed in the order they are handed out: a reader that sees cursor N
-- sees every cursor below N that will ever exist (a missing one was rolled back and never comes). A client
-- that rejoins a topic with the last cursor it saw gets exactly what it missed; a web node that missed a live
-- batch reads it here. Rows hold what the announcement held (never survivor data) and are dropped after the
-- retention period.

CREATE TABLE cc_announcement_journal
(
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic       text        NOT NULL,
    kind        text        NOT NULL,
    entity_id   text        NOT NULL,
    version     bigint      NOT NULL,
    title       text        NOT NULL,
    summary     text        NOT NULL,
    at          timestamptz NOT NULL,
    actor_name  text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX cc_announcement_journal_topic ON cc_announcement_journal (topic, seq);
CREATE INDEX cc_announcement_journal_recorded ON cc_announcement_journal (recorded_at);
