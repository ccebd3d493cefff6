-- The ADE device directory (issue 17): the devices Apple Business Manager assigned to each ADE
-- token's MDM server, as the syncs listed them, linked to the entry each enrolled as.

-- One row per device of a tenant (a serial number is one piece of hardware); token_id is the token
-- whose sync listed it last. A device Apple removed from the server keeps its row, flagged removed.
create table ade_device (
    tenant_id            uuid        not null,
    serial_number        varchar(64) not null,
    token_id             uuid        not null,
    model                text,
    description          text,
    color                text,
    os                   text,
    device_family        text,
    profile_status       varchar(20),
    profile_uuid         varchar(64),
    profile_assign_time  timestamptz,
    device_assigned_by   text,
    device_assigned_date timestamptz,
    op_type              varchar(20),
    op_date              timestamptz,
    removed              boolean     not null default false,
    removed_at           timestamptz,
    first_synced_at      timestamptz not null,
    last_synced_at       timestamptz not null,
    -- the token's event last applied (its aggregate sequence): an event delivered again changes nothing
    last_sequence        bigint      not null,
    primary key (tenant_id, serial_number)
);
create index ade_device_token on ade_device (tenant_id, token_id, serial_number);

-- Entries that started enrolling by ADE, with their status, to link a device to its newest entry.
create table ade_enrollment (
    device_id     uuid        primary key,
    tenant_id     uuid        not null,
    serial_number varchar(64) not null,
    started_at    timestamptz not null,
    status        varchar(20) not null
);
create index ade_enrollment_newest on ade_enrollment (tenant_id, serial_number, started_at desc);

-- The enrollment profiles defined under each token, and which one is its default.
create table ade_profile (
    token_id     uuid        not null,
    profile_uuid varchar(64) not null,
    tenant_id    uuid        not null,
    profile      jsonb       not null,
    defined_at   timestamptz not null,
    is_default   boolean     not null default false,
    primary key (token_id, profile_uuid)
);
