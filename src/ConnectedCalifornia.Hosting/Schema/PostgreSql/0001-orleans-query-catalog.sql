-- Connected California: catalog of the queries Orleans' ADO.NET providers run (PostgreSQL).
--
-- Orleans reads its SQL from a table it finds by name, OrleansQuery(QueryKey, QueryText), so that table's name
-- and columns are fixed by the provider. Everything the queries touch is ours (see the next scripts).
-- The schema set-up of ConnectedCalifornia.Hosting applies each script once, in its own transaction, under an
-- advisory lock so that nodes starting together do not race.
--
-- Conventions of the queries in this database: result columns carry the exact (quoted) names Orleans reads;
-- parameters are the @Names Orleans binds; times are timestamptz (Orleans passes UTC DateTime values).

CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);
