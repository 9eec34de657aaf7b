-- Connected California: grain state (PostgreSQL), for Orleans' ADO.NET grain storage.
--
-- One row per (service, grain type, grain id). Orleans hands each query its own hashes of the grain id and
-- type (GrainIdHash, GrainTypeHash) plus the clear values (GrainIdN0, GrainIdN1, GrainIdExtensionString,
-- GrainTypeString); the primary key starts with the hashes so lookups stay narrow, and carries the clear
-- values so two ids with the same hash can never share a row. A key without a string part is stored as ''.
--
-- version is the ETag Orleans hands back on the next write: a write or a clear must name the current
-- version, otherwise nothing changes and Orleans reports an InconsistentStateException.
-- payload holds the serialized state (plain UTF-8 JSON with the serializer this application configures;
-- read it with convert_from(payload, 'UTF8')). A cleared state keeps its row with payload NULL so that its
-- version keeps counting.

CREATE TABLE cc_grain_state
(
    grain_id_hash   integer     NOT NULL,
    grain_type_hash integer     NOT NULL,
    service_id      text        NOT NULL,
    grain_type      text        NOT NULL,
    grain_id_n0     bigint      NOT NULL,
    grain_id_n1     bigint      NOT NULL,
    grain_key_ext   text        NOT NULL DEFAULT '',
    payload         bytea       NULL,
    version         integer     NOT NULL,
    modified_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cc_grain_state_pk
        PRIMARY KEY (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_key_ext)
);

-- Reads the state: columns PayloadBinary and Version, no row when the grain never wrote.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT payload AS "PayloadBinary", version AS "Version"
FROM cc_grain_state
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_key_ext = COALESCE(@GrainIdExtensionString, '''');
');

-- Writes the state in one statement. A grain that knows a version updates the row holding exactly that
-- version; a grain that knows none creates the row, unless another activation created it first (the primary
-- key decides). The new version comes back as NewGrainStateVersion; no row back means a version conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
WITH updated AS (
    UPDATE cc_grain_state
    SET payload = @PayloadBinary, version = version + 1, modified_at = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
      AND service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_key_ext = COALESCE(@GrainIdExtensionString, '''')
      AND version = @GrainStateVersion
    RETURNING version
), created AS (
    INSERT INTO cc_grain_state
        (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, grain_key_ext, payload, version)
    SELECT @GrainIdHash, @GrainTypeHash, @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
           COALESCE(@GrainIdExtensionString, ''''), @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM created;
');

-- Clears the state but keeps the row and its version count; returns the new version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE cc_grain_state
SET payload = NULL, version = version + 1, modified_at = now()
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_key_ext = COALESCE(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion";
');

-- Removes the row (used when a storage is configured with DeleteStateOnClear); returns the version it would
-- have had, which is what Orleans compares against.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
DELETE FROM cc_grain_state
WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_key_ext = COALESCE(@GrainIdExtensionString, '''')
  AND version = @GrainStateVersion
RETURNING version + 1 AS "NewGrainStateVersion";
');
