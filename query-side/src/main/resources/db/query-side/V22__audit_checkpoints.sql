-- Signed checkpoints of the audit trail (README "Audit checkpoints"): each one names a tenant's
-- chain head (position and hash) at a time, chains to the tenant's checkpoint before it, and is
-- signed with the query side's own Ed25519 key. A rebuild of the trail leaves both tables alone: a
-- checkpoint signed before a rebuild must verify after it.

-- The signing key, made on first need. The private key is stored only sealed with MDM_SECRETS_KEY
-- (SecretPurpose AUDIT_SIGNING_KEY); the public key is published at GET /api/audit/signing-key.
create table audit_signing_key (
    key_id             char(64)    primary key, -- SHA-256 (hex) of the public key's SubjectPublicKeyInfo
    algorithm          varchar(20) not null,
    public_key         text        not null,    -- PEM
    private_key_sealed text        not null,    -- PKCS#8, sealed
    created_at         timestamptz not null,
    -- one signing key: the first node to need one makes it, the others read it
    only_one           boolean     not null default true unique check (only_one)
);

create table audit_checkpoint (
    tenant_id                uuid        not null,
    position                 bigint      not null, -- the record this checkpoint covers, and all before it
    head_hash                char(64)    not null, -- that record's hash
    signed_at                timestamptz not null,
    previous_checkpoint_hash char(64)    not null, -- the tenant's checkpoint before, or 64 zeros
    checkpoint_hash          char(64)    not null, -- SHA-256 of the signed text
    key_id                   char(64)    not null references audit_signing_key,
    signature                text        not null, -- base64 Ed25519 signature of the signed text
    primary key (tenant_id, position),
    -- a tenant's checkpoints form one chain: two nodes can never both extend the same checkpoint
    unique (tenant_id, previous_checkpoint_hash)
);

create trigger audit_checkpoint_append_only before update or delete on audit_checkpoint
    for each row execute function audit_record_append_only();

-- Each record's event's global index in the JDBC event store (null with Axon Server, and for records
-- appended before this column), and the highest chained so far per trail. Not hashed: it only shows
-- which records were chained after an event with a higher index (their transaction committed late),
-- which a rebuild, replaying in index order, would chain earlier (README "What a rebuild reproduces").
alter table audit_record add column global_index bigint;
alter table audit_chain_head add column global_index bigint;
