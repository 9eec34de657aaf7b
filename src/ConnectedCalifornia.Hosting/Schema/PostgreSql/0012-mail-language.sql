-- Connected California: the language each queued e-mail is written in (PostgreSql).
--
-- The delivery loop resolves a recipient's language (their account's saved language, or the one a public
-- registrant's page was in) once, when it queues the message; an item waiting for the daily digest keeps
-- it here, so the digest is written in the same language without looking the person up again.
-- 'en' or 'es'; NULL for rows queued before this column existed (read as English).

ALTER TABLE cc_mail_message ADD COLUMN language TEXT NULL;
