-- Connected California: the append-only change history of entities that change often (PostgreSQL).
--
-- One row per change record: which entity (kind and id), which version of it, the record's number within
-- that version, when, who (user id and display name) and the field's old and new value. Rows are only ever
-- inserted, and the primary key makes a repeated insert of the same record a no-op (ON CONFLICT DO NOTHING).

CREATE TABLE cc_change_history
(
    entity_kind text        NOT NULL,
    entity_id   text        NOT NULL,
    version     bigint      NOT NULL,
    seq         integer     NOT NULL,
    at          timestamptz NOT NULL,
    actor_id    text        NOT NULL,
    actor_name  text        NOT NULL,
    field       text        NOT NULL,
    old_value   text        NULL,
    new_value   text        NULL,
    CONSTRAINT cc_change_history_pk PRIMARY KEY (entity_kind, entity_id, version, seq)
);
