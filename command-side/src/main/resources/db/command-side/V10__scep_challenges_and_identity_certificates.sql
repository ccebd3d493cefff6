-- SCEP's lookup tables, maintained by subscribing handlers in the transaction that stores the
-- device's events. scep_challenge finds the device entry from a CSR's challengePassword: only the
-- challenge's SHA-256 is kept, every download's (an older one then reads as replaced, not unknown).
create table scep_challenge (
    challenge_hash char(64) primary key,
    tenant_id      uuid     not null,
    device_id      uuid     not null,
    profile_id     uuid     not null
);
create index scep_challenge_device on scep_challenge (device_id);

-- Every identity certificate the tenant CA issued, to find the device of a certificate presented at
-- check-in or in a SCEP renewal. A device's newer certificate replaces its older ones.
create table identity_certificate (
    fingerprint   char(64)    primary key,
    tenant_id     uuid        not null,
    serial_number varchar(64) not null,
    device_id     uuid        not null,
    not_after     timestamptz not null,
    replaced      boolean     not null default false,
    unique (tenant_id, serial_number)
);
create index identity_certificate_device on identity_certificate (device_id);
