-- Connected California: the append-only change history of entities that change often (SQLite).
--
-- One row per change record: which entity (kind and id), which version of it, the record's number within
-- that version, when, who (user id and display name) and the field's old and new value. Rows are only ever
-- inserted, and the primary key makes a repeated insert of the same record a no-op (INSERT OR IGNORE).
-- Times are ISO 8601 UTC text, like modified_at of cc_grain_state.

CREATE TABLE cc_change_history
(
    entity_kind TEXT    NOT NULL,
    entity_id   TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    at          TEXT    NOT NULL,
    actor_id    TEXT    NOT NULL,
    actor_name  TEXT    NOT NULL,
    field       TEXT    NOT NULL,
    old_value   TEXT    NULL,
    new_value   TEXT    NULL,
    PRIMARY KEY (entity_kind, entity_id, version, seq)
);
