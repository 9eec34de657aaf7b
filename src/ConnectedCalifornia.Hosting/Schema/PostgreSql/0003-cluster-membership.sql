-- Connected California: cluster membership (PostgreSQL), for Orleans' ADO.NET clustering.
--
-- cc_cluster is the membership table's version row, one per cluster id (Orleans calls it DeploymentId).
-- Every change to a member must name the version it read and moves it up by one, atomically with the change;
-- that is how silos agree on who is alive. cc_cluster_member holds one row per silo incarnation
-- (address, port, generation). Status is Orleans' SiloStatus number (3 = Active, 6 = Dead); SuspectTimes
-- is Orleans' own text encoding of the suspicions raised against the silo.

CREATE TABLE cc_cluster
(
    cluster_id text        NOT NULL PRIMARY KEY,
    version    integer     NOT NULL DEFAULT 0,
    changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cc_cluster_member
(
    cluster_id      text        NOT NULL REFERENCES cc_cluster (cluster_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL DEFAULT 0,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    CONSTRAINT cc_cluster_member_pk PRIMARY KEY (cluster_id, address, port, generation)
);

-- Creates the version row of a cluster; 1 when created, 0 when it already existed.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', '
WITH created AS (
    INSERT INTO cc_cluster (cluster_id) VALUES (@DeploymentId)
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer FROM created;
');

-- Adds a silo if the cluster is still at version @Version; the version moves up only when the row was added.
-- Returns 1 on success, 0 on a version conflict or a silo that is already there.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', '
WITH expected AS (
    SELECT cluster_id FROM cc_cluster
    WHERE cluster_id = @DeploymentId AND version = @Version
    FOR UPDATE
), added AS (
    INSERT INTO cc_cluster_member
        (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    SELECT cluster_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM expected
    ON CONFLICT DO NOTHING
    RETURNING cluster_id
), bumped AS (
    UPDATE cc_cluster SET version = version + 1, changed_at = now()
    WHERE cluster_id IN (SELECT cluster_id FROM added)
    RETURNING 1
)
SELECT count(*)::integer FROM bumped;
');

-- Changes a silo's status and suspicions if the cluster is still at version @Version, moving the version up.
-- Returns 1 on success, 0 on a version conflict or an unknown silo.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', '
WITH expected AS (
    SELECT cluster_id FROM cc_cluster
    WHERE cluster_id = @DeploymentId AND version = @Version
    FOR UPDATE
), changed AS (
    UPDATE cc_cluster_member AS m
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    FROM expected AS e
    WHERE m.cluster_id = e.cluster_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING m.cluster_id
), bumped AS (
    UPDATE cc_cluster SET version = version + 1, changed_at = now()
    WHERE cluster_id IN (SELECT cluster_id FROM changed)
    RETURNING 1
)
SELECT count(*)::integer FROM bumped;
');

-- The heartbeat of a silo; it does not change the version.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', '
UPDATE cc_cluster_member
SET i_am_alive_time = @IAmAliveTime
WHERE cluster_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
');

-- One silo with the cluster's version; a single row with NULL member columns when the silo is unknown.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', '
SELECT m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime",
       c.version AS "Version"
FROM cc_cluster AS c
LEFT JOIN cc_cluster_member AS m
       ON m.cluster_id = c.cluster_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE c.cluster_id = @DeploymentId;
');

-- Every silo with the cluster's version; a single row with NULL member columns when there is none.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', '
SELECT m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime",
       c.version AS "Version"
FROM cc_cluster AS c
LEFT JOIN cc_cluster_member AS m ON m.cluster_id = c.cluster_id
WHERE c.cluster_id = @DeploymentId;
');

-- The gateways clients may connect to: silos with status @Status (Active) and a gateway port.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', '
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM cc_cluster_member
WHERE cluster_id = @DeploymentId AND status = @Status AND proxy_port > 0;
');

-- Forgets a whole cluster (the members go with their version row).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', '
DELETE FROM cc_cluster WHERE cluster_id = @DeploymentId;
');

-- Removes silos that are no longer active and have not sent a heartbeat since @IAmAliveTime.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', '
DELETE FROM cc_cluster_member
WHERE cluster_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3;
');
