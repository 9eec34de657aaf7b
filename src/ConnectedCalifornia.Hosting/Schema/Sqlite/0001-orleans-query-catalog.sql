-- Connected California: catalog of the queries Orleans' ADO.NET providers run (SQLite).
--
-- Orleans reads its SQL from a table it finds by name, OrleansQuery(QueryKey, QueryText), so that table's name
-- and columns are fixed by the provider. Everything the queries touch is ours (see the next scripts).
-- The schema set-up of ConnectedCalifornia.Hosting applies each script once (see cc_schema_migrations);
-- it also switches the file to WAL journaling, which cannot be done inside a script's transaction.

CREATE TABLE OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);
