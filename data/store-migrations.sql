-- store-migrations.sql - the store's schema, one migration per version.
--
-- Read by src/store/store.c (compiled in): each "-- migration N: what"
-- line starts version N; its statements run in one transaction that holds
-- the chain lock, and the version is recorded in licit_migrations. A
-- version, once released, is never edited: change the schema by appending
-- a migration. Every statement must be accepted by SQLite 3.40 and
-- PostgreSQL 15 alike (BIGINT, TEXT, DOUBLE PRECISION; no serial columns:
-- ids are assigned under the chain lock).

-- migration 1: audit log, alerts and their review, parties and licences
CREATE TABLE audit (
	seq BIGINT PRIMARY KEY,        -- position in the chain, from 1
	time TEXT NOT NULL,            -- UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ
	actor TEXT NOT NULL,
	kind TEXT NOT NULL,            -- screen, alert-decision, parties-import ...
	snapshot TEXT,                 -- list snapshot id used, if any
	policy_version TEXT,           -- policy set used, if any
	decision TEXT,
	entry TEXT NOT NULL,           -- the entry's canonical JSON (docs/audit-log.md)
	prev_hash TEXT NOT NULL,       -- hash of entry seq-1 (64 zeros for seq 1)
	hash TEXT NOT NULL             -- sha256(prev_hash || entry), hex
);
CREATE INDEX audit_time ON audit (time);

CREATE TABLE alerts (
	id BIGINT PRIMARY KEY,
	party_key TEXT NOT NULL,       -- "party:<id>" or "query:<hash>"
	party_id TEXT,
	party_name TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	entity_name TEXT NOT NULL,
	entity_hash TEXT NOT NULL,     -- content hash of the listed record
	score DOUBLE PRECISION NOT NULL,
	snapshot TEXT NOT NULL,
	opened_seq BIGINT NOT NULL REFERENCES audit (seq)
		DEFERRABLE INITIALLY DEFERRED,
	opened_at TEXT NOT NULL,
	reopens BIGINT REFERENCES alerts (id) DEFERRABLE INITIALLY DEFERRED,
	status TEXT NOT NULL,          -- open, true-match, false-positive, needs-info
	decided_seq BIGINT,
	decided_by TEXT,
	decided_at TEXT,
	reason TEXT
);
CREATE INDEX alerts_pair ON alerts (party_key, entity_id, id);
CREATE INDEX alerts_status ON alerts (status, id);
-- child keys of the foreign keys: without them SQLite scans alerts for
-- every audit row inserted, to settle the deferred constraint
CREATE INDEX alerts_opened_seq ON alerts (opened_seq);
CREATE INDEX alerts_reopens ON alerts (reopens);

CREATE TABLE alert_decisions (
	alert_id BIGINT NOT NULL REFERENCES alerts (id),
	seq BIGINT NOT NULL REFERENCES audit (seq),
	time TEXT NOT NULL,
	actor TEXT NOT NULL,
	disposition TEXT NOT NULL,
	reason TEXT NOT NULL,
	PRIMARY KEY (alert_id, seq)
);
CREATE INDEX alert_decisions_seq ON alert_decisions (seq);

CREATE TABLE parties (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	schema TEXT NOT NULL,          -- person, organization, vessel, aircraft, unknown
	country TEXT,                  -- ISO 3166 alpha-2
	birth_date TEXT,               -- YYYY, YYYY-MM or YYYY-MM-DD
	identifier TEXT,
	source TEXT NOT NULL,          -- file imported from, and its line
	line BIGINT NOT NULL,
	imported_at TEXT NOT NULL
);

CREATE TABLE licences (
	id TEXT PRIMARY KEY,
	exporter TEXT NOT NULL,
	item TEXT NOT NULL,            -- control code (5A001.j) or item text
	destination TEXT NOT NULL,     -- ISO 3166 alpha-2
	end_user TEXT,
	end_user_type TEXT,
	regime TEXT NOT NULL,          -- policy id, e.g. il-deca-cyber
	issued TEXT,                   -- YYYY-MM-DD
	expires TEXT,                  -- YYYY-MM-DD
	status TEXT NOT NULL,
	source TEXT NOT NULL,
	line BIGINT NOT NULL,
	imported_at TEXT NOT NULL
);
CREATE INDEX licences_destination ON licences (destination);
