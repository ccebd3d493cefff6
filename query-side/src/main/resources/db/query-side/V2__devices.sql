-- The device list and the Android multi-entry view: one row per device entry, with its owner's
-- email and name copied in so that filtering, free-text search and sorting stay in one table.

create extension if not exists pg_trgm;

-- The devices processor's own copy of users (it cannot rely on the users processor's progress).
create table device_user (
    user_id      uuid         primary key,
    tenant_id    uuid         not null,
    email        varchar(320) not null,
    display_name varchar(200) not null
);

create table device (
    device_id              uuid         primary key,
    tenant_id              uuid         not null,
    user_id                uuid         not null,
    user_email             varchar(320) not null default '',
    user_name              varchar(200) not null default '',
    platform               varchar(10)  not null,
    os_version             varchar(20)  not null,
    method                 varchar(20)  not null,
    status                 varchar(10)  not null,
    last_step              varchar(30)  not null,
    account_driven         boolean      not null default false,
    enrolled_user          varchar(200),
    serial_number          varchar(100),
    udid                   varchar(100),
    imei                   varchar(20),
    enterprise_specific_id varchar(200),
    hardware_id            varchar(200),
    push_channel           varchar(10),
    profile_valid_until    timestamptz,
    superseded_by          uuid,
    manual_ca_removed_at   timestamptz,
    started_at             timestamptz  not null,
    enrolled_at            timestamptz,
    last_event_at          timestamptz  not null,
    -- the entry's last applied event (its aggregate sequence number): replays never go back in time
    last_sequence          bigint       not null default 0,
    -- what ?q= searches: serial, UDID, IMEI, enterprise id, email, name and enrolled user, lower case
    search_text            text generated always as (lower(
        coalesce(serial_number, '') || ' ' || coalesce(udid, '') || ' ' || coalesce(imei, '') || ' ' ||
        coalesce(enterprise_specific_id, '') || ' ' || user_email || ' ' || user_name || ' ' ||
        coalesce(enrolled_user, ''))) stored
);

-- Every list query names the tenant; one index per sort order and per selective filter.
create index device_by_last_event on device (tenant_id, last_event_at, device_id);
create index device_by_started on device (tenant_id, started_at, device_id);
create index device_by_enrolled on device (tenant_id, (coalesce(enrolled_at, '-infinity'::timestamptz)), device_id);
create index device_by_email on device (tenant_id, user_email, device_id);
create index device_by_status on device (tenant_id, status, last_event_at, device_id);
create index device_by_platform on device (tenant_id, platform, status, last_event_at);
create index device_by_method on device (tenant_id, method, last_event_at);
create index device_by_user on device (tenant_id, user_id);
create index device_account_driven on device (tenant_id, status, last_event_at) where account_driven;
create index device_search on device using gin (search_text gin_trgm_ops);
-- The Android view: entries grouped by hardware, found by any identifier.
create index device_by_hardware on device (tenant_id, hardware_id, started_at);
create index device_by_serial on device (tenant_id, serial_number);
create index device_by_imei on device (tenant_id, imei);
create index device_by_esid on device (tenant_id, enterprise_specific_id);
