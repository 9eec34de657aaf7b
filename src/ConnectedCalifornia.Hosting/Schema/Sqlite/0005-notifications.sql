-- Connected California: the notification outbox and the mail queue (Sqlite).
--
-- cc_notification is the outbox: a grain's notification is saved here (once, by its id) right after the
-- write that records it in the grain's state. A web node's delivery loop claims it (claimed_until is a
-- lease, so another node takes over a dead node's work), resolves who it goes to, puts it into each
-- person's notification center and queues one e-mail per person in cc_mail_message, in one transaction;
-- then the payload is cleared and only the id stays (so a notification handed over again is ignored).
-- cc_mail_message holds each e-mail: its Message-ID (stable, derived from the notification and the
-- recipient), the rendered message until it is sent, and its retries. cc_mail_suppression lists the
-- addresses that unsubscribed from a kind (RFC 8058 one-click). Times are Unix milliseconds (UTC).

CREATE TABLE cc_notification
(
    notification_id TEXT    NOT NULL PRIMARY KEY,
    kind            TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    payload         TEXT    NULL,
    expanded_at     BIGINT  NULL,
    claimed_until   BIGINT  NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NULL
);

CREATE INDEX ix_cc_notification_waiting ON cc_notification (expanded_at, created_at);

CREATE TABLE cc_mail_message
(
    message_id      TEXT    NOT NULL PRIMARY KEY,
    notification_id TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    user_id         TEXT    NULL,
    to_address      TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    link            TEXT    NULL,
    status          INTEGER NOT NULL,
    created_at      BIGINT  NOT NULL,
    next_attempt_at BIGINT  NOT NULL,
    claimed_until   BIGINT  NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NULL,
    sent_at         BIGINT  NULL,
    content         BLOB    NULL
);

CREATE INDEX ix_cc_mail_message_due ON cc_mail_message (status, next_attempt_at);
CREATE INDEX ix_cc_mail_message_user ON cc_mail_message (user_id, status);

CREATE TABLE cc_mail_suppression
(
    address    TEXT   NOT NULL,
    kind       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (address, kind)
);
