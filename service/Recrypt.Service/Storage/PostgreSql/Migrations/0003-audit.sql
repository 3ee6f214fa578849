-- The audit trail (issue 15): one append-only hash chain. Every record is written in the transaction of the
-- change it records; appends serialize on the one row of audit_head (SELECT … FOR UPDATE), so records get
-- one sequence across every instance, in commit order. Ids, types and outcomes only: no key, value or body.

CREATE TABLE audit_log (
    sequence      bigint      PRIMARY KEY,
    at            timestamptz NOT NULL,
    type          text        NOT NULL,
    actor         text,
    subjects      text[]      NOT NULL,
    concerns      text[]      NOT NULL,
    outcome       text        NOT NULL,
    request_id    text        NOT NULL,
    previous_hash bytea       NOT NULL,
    hash          bytea       NOT NULL
);
CREATE INDEX audit_log_by_concern ON audit_log USING gin (concerns);

-- The chain's head: the last record's sequence and hash (0 and 32 zero bytes before the first).
CREATE TABLE audit_head (
    id       integer PRIMARY KEY CHECK (id = 1),
    sequence bigint  NOT NULL,
    hash     bytea   NOT NULL
);
INSERT INTO audit_head (id, sequence, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));
