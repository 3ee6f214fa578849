-- Recrypt service schema, version 1: every store of the service. Ids are compared byte for byte (the
-- service only stores canonical ids); secrets (transform keys, the service's signing key) are sealed with
-- the key-encryption key before they get here.

CREATE TABLE identities (
    id                 text        PRIMARY KEY,
    -- The display name as UTF-8 (bytea: any string a client sends is kept, as the LiteDB provider keeps it).
    name_utf8          bytea,
    signing_public_key bytea       NOT NULL,
    created_at         timestamptz NOT NULL
);

CREATE TABLE key_versions (
    identity_id text        NOT NULL REFERENCES identities (id),
    version     integer     NOT NULL,
    public_key  bytea       NOT NULL,
    certificate bytea       NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (identity_id, version)
);

CREATE TABLE grants (
    owner_id            text        NOT NULL REFERENCES identities (id),
    grantee_id          text        NOT NULL REFERENCES identities (id),
    transform_key       bytea       NOT NULL,
    owner_key_version   integer     NOT NULL,
    grantee_key_version integer     NOT NULL,
    created_at          timestamptz NOT NULL,
    PRIMARY KEY (owner_id, grantee_id)
);

CREATE TABLE documents (
    id              text        PRIMARY KEY,
    owner_id        text        NOT NULL REFERENCES identities (id),
    encrypted_value bytea       NOT NULL,
    key_version     integer     NOT NULL,
    created_at      timestamptz NOT NULL
);
CREATE INDEX documents_by_owner ON documents (owner_id, created_at);

-- Spent request nonces: the first 16 bytes of SHA-256(identity id || "\n" || nonce), until the request
-- could no longer be accepted. Expired rows are deleted by every instance, now and then.
CREATE TABLE nonces (
    key        bytea       PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
CREATE INDEX nonces_by_expiry ON nonces (expires_at);

CREATE TABLE service_keys (
    id               text        PRIMARY KEY,
    signing_key_pair bytea       NOT NULL,
    created_at       timestamptz NOT NULL
);

-- The seed compatibility mode's records (off unless SeedCompatibility:Enabled=true).
CREATE TABLE seed_identities (
    id         text        PRIMARY KEY,
    public_key bytea       NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE seed_grants (
    id            text        PRIMARY KEY,
    transform_key bytea       NOT NULL,
    signature_hex text        NOT NULL,
    created_at    timestamptz NOT NULL
);

CREATE TABLE seed_keys (
    id              text        PRIMARY KEY,
    owner_id        text        NOT NULL,
    encrypted_value bytea       NOT NULL,
    created_at      timestamptz NOT NULL
);
