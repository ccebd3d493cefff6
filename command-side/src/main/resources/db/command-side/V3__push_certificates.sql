-- Each tenant's MDM push certificate as MDM pushes need it: the topic, the certificate Apple issued,
-- its private key (sealed with the service's secrets key, never in clear) and whether it expired.
-- A requested CSR's key waits in pending_* until the certificate answering it is installed.
-- Maintained by subscribing handlers in the transaction that stores the credential's events.
create table push_certificate (
    tenant_id          uuid primary key,
    credential_id      uuid        not null,
    topic              varchar(100),
    certificate_pem    text,
    sealed_private_key text,
    expires_at         timestamptz,
    expired            boolean     not null default false,
    pending_public_key bytea,
    pending_sealed_key text
);
