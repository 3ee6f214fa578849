-- Audit appends chained by the database (issue 17). One call appends one record: it locks the chain's head row,
-- hashes the record's canonical form (AuditRecord.CanonicalJson: the service sends the fields between "seq" and
-- "previousHash" as they stand there, the framing is added here), inserts the record and moves the head, with no
-- round trip in between. Instances appending at once never lose a race for the head and try again: each waits for
-- the row's lock, held only until the appending transaction ends. A head row that is missing appends nothing and
-- answers nulls (the service reports the damage).

CREATE FUNCTION audit_append(
    p_at timestamptz, p_type text, p_actor text, p_subjects text[], p_concerns text[], p_outcome text, p_request_id text,
    p_body bytea,
    OUT appended_sequence bigint, OUT appended_previous_hash bytea, OUT appended_hash bytea)
LANGUAGE plpgsql AS $$
BEGIN
    SELECT head.sequence + 1, head.hash INTO appended_sequence, appended_previous_hash
        FROM audit_head head WHERE head.id = 1 FOR UPDATE;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    appended_hash := sha256(convert_to('{"seq":' || appended_sequence || ',', 'UTF8') || p_body
        || convert_to(',"previousHash":"' || encode(appended_previous_hash, 'hex') || '"}', 'UTF8'));
    INSERT INTO audit_log (sequence, at, type, actor, subjects, concerns, outcome, request_id, previous_hash, hash)
        VALUES (appended_sequence, p_at, p_type, p_actor, p_subjects, p_concerns, p_outcome, p_request_id,
                appended_previous_hash, appended_hash);
    UPDATE audit_head SET sequence = appended_sequence, hash = appended_hash WHERE id = 1;
END
$$;
