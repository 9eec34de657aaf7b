-- Connected California: answers to API commands sent with an Idempotency-Key header (SQLite).
--
-- A client that lost an answer sends the command again with the same key; the web node finds the first answer
-- here and returns it instead of applying the command twice. One row per (actor, key): who sent it (the account
-- id, or "anonymous"), the method and path, a SHA-256 of the request, and once the command finished its status,
-- content type, location and body. status_code is NULL while the first request runs. Rows expire after a day
-- and are deleted by the web node. Times are ISO 8601 UTC text.

CREATE TABLE cc_idempotency_key
(
    actor           TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    endpoint        TEXT    NOT NULL,
    request_hash    TEXT    NOT NULL,
    status_code     INTEGER NULL,
    content_type    TEXT    NULL,
    location        TEXT    NULL,
    body            BLOB    NULL,
    created_at      TEXT    NOT NULL,
    expires_at      TEXT    NOT NULL,
    PRIMARY KEY (actor, idempotency_key)
);

CREATE INDEX ix_cc_idempotency_key_expires ON cc_idempotency_key (expires_at);
