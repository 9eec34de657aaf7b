-- Connected California: answers to API commands sent with an Idempotency-Key header (PostgreSQL).
--
-- A client that lost an answer (a node died, the network dropped) sends the command again with the same key;
-- the web node finds the first answer here and returns it instead of applying the command twice. One row per
-- (actor, key): who sent it (the account id, or "anonymous"), the method and path, a SHA-256 of the request,
-- and once the command finished its status, content type, location and body. status_code is NULL while the
-- first request runs. Rows expire after a day and are deleted by the web nodes.

CREATE TABLE cc_idempotency_key
(
    actor           TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    endpoint        TEXT        NOT NULL,
    request_hash    TEXT        NOT NULL,
    status_code     INTEGER     NULL,
    content_type    TEXT        NULL,
    location        TEXT        NULL,
    body            BYTEA       NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (actor, idempotency_key)
);

CREATE INDEX ix_cc_idempotency_key_expires ON cc_idempotency_key (expires_at);
