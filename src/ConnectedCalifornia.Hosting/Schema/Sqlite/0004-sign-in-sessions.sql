-- Connected California: sign-in sessions kept on the server (SQLite).
--
-- The browser's cookie carries only session_id; the sign-in itself (who, which claims, until when) is
-- here, encrypted with the app's Data Protection keys. Signing out deletes the row, so a copied cookie is
-- refused at once. last_seen_at drives the idle timeout. Times are ISO 8601 UTC text.

CREATE TABLE cc_sign_in_session
(
    session_id   TEXT NOT NULL PRIMARY KEY,
    user_id      TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ticket       BLOB NOT NULL
);

CREATE INDEX ix_cc_sign_in_session_user ON cc_sign_in_session (user_id);
