-- Connected California: the Data Protection key ring of a cluster (PostgreSQL).
--
-- Every web node encrypts sign-in sessions, antiforgery tokens and one-time links with these keys, so all
-- nodes, on any host, read the same ring: a cookie or a form issued by one node is accepted by every other.
-- One row per key, as ASP.NET Core Data Protection writes it (an XML element; new keys are added, none is
-- changed or deleted by the application). The embedded topology keeps its keys in the data folder instead.

CREATE TABLE cc_data_protection_key
(
    friendly_name TEXT        NOT NULL PRIMARY KEY,
    xml           TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
