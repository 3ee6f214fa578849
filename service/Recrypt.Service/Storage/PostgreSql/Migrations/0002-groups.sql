-- Recrypt service schema, version 2: groups (issue 14). A group's public key versions, its admins (each with
-- the group plaintext encrypted to it, sealed), its members (each with the group's transform key to it,
-- sealed) and the owners' grants to groups (the owner's transform key to the group, sealed).

CREATE TABLE groups (
    id         text        PRIMARY KEY,
    -- The display name as UTF-8 (bytea: any string a client sends is kept, as the LiteDB provider keeps it).
    name_utf8  bytea       NOT NULL,
    creator_id text        NOT NULL REFERENCES identities (id),
    salt       bytea       NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE group_key_versions (
    group_id     text        NOT NULL REFERENCES groups (id),
    version      integer     NOT NULL,
    public_key   bytea       NOT NULL,
    certificate  bytea       NOT NULL,
    certified_by text        NOT NULL REFERENCES identities (id),
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (group_id, version)
);

CREATE TABLE group_admins (
    group_id           text        NOT NULL REFERENCES groups (id),
    identity_id        text        NOT NULL REFERENCES identities (id),
    encrypted_plaintext bytea      NOT NULL,
    group_key_version  integer     NOT NULL,
    added_at           timestamptz NOT NULL,
    PRIMARY KEY (group_id, identity_id)
);
CREATE INDEX group_admins_by_identity ON group_admins (identity_id);

CREATE TABLE group_members (
    group_id           text        NOT NULL REFERENCES groups (id),
    member_id          text        NOT NULL REFERENCES identities (id),
    transform_key      bytea       NOT NULL,
    group_key_version  integer     NOT NULL,
    member_key_version integer     NOT NULL,
    added_at           timestamptz NOT NULL,
    PRIMARY KEY (group_id, member_id)
);
CREATE INDEX group_members_by_member ON group_members (member_id);

CREATE TABLE group_grants (
    owner_id          text        NOT NULL REFERENCES identities (id),
    group_id          text        NOT NULL REFERENCES groups (id),
    transform_key     bytea       NOT NULL,
    owner_key_version integer     NOT NULL,
    group_key_version integer     NOT NULL,
    created_at        timestamptz NOT NULL,
    PRIMARY KEY (owner_id, group_id)
);
