-- Each tenant's PKI: the CA that issues device identity certificates (and answers SCEP) and the
-- certificate that signs enrollment profiles, issued by that CA. Certificates in clear (DER); the
-- private keys only sealed with the service's secrets key. Made on first need: the first node to
-- insert wins, every other reads its row. Not derived from events: back this table up with the
-- event store, since devices' certificates chain to it.
create table tenant_pki (
    tenant_id           uuid primary key,
    ca_certificate      bytea       not null,
    sealed_ca_key       text        not null,
    signing_certificate bytea       not null,
    sealed_signing_key  text        not null,
    created_at          timestamptz not null
);
