-- The MDM command channel on the query side (issue 15).

-- WIPE_PENDING and RETIRE_PENDING are longer than the ten characters the status had (a longer
-- varchar limit needs no table rewrite, and the indexes on it are kept).
alter table device alter column status type varchar(20);

-- The device list: open commands, the last time the device was heard on its command channel, what
-- it answered DeviceInformation (the shared columns serial, UDID, IMEI, OS, name and model are the
-- existing ones) and SecurityInfo, and the last wipe or retire that did not happen.
alter table device add column pending_commands         integer not null default 0;
alter table device add column last_connect_at          timestamptz;
alter table device add column model_name               text;
alter table device add column product_name             text;
alter table device add column build_version            text;
alter table device add column meid                     text;
alter table device add column device_capacity_gb       double precision;
alter table device add column available_capacity_gb    double precision;
alter table device add column supervised               boolean;
alter table device add column activation_lock_enabled  boolean;
alter table device add column wifi_mac                 text;
alter table device add column bluetooth_mac            text;
alter table device add column inventory_reported_at    timestamptz;
alter table device add column passcode_present         boolean;
alter table device add column passcode_compliant       boolean;
alter table device add column hardware_encryption_caps integer;
alter table device add column file_vault_enabled       boolean;
alter table device add column sip_enabled              boolean;
alter table device add column firewall_enabled         boolean;
alter table device add column security_reported_at     timestamptz;
-- e.g. WIPE_FAILED, RETIRE_CANCELLED; the device's error when it failed
alter table device add column last_action_reverted     varchar(20);
alter table device add column last_action_failure      text;
alter table device add column last_action_reverted_at  timestamptz;

-- The device-commands processor's own copy of which tenant each entry belongs to (it cannot rely
-- on the devices processor's progress), so another tenant's entry is unknown and an entry without
-- commands yet is an empty list.
create table command_device (
    device_id uuid primary key,
    tenant_id uuid not null
);

-- Each command of a device entry as admins see it, newest first by the sequence of its
-- MdmCommandQueued event within the entry. Never the sealed command.
create table device_command (
    device_id       uuid        not null,
    command_uuid    varchar(64) not null,
    tenant_id       uuid        not null,
    queued_sequence bigint      not null,
    request_type    varchar(60) not null,
    purpose         varchar(30) not null,
    channel         varchar(20) not null,
    channel_user_id text,
    status          varchar(30) not null,
    parameters      jsonb       not null,
    attempts        integer     not null default 0,
    queued_at       timestamptz not null,
    queued_by_type  varchar(20),
    queued_by       text,
    last_sent_at    timestamptz,
    answered_at     timestamptz,
    result          jsonb,
    error_chain     jsonb,
    cancel_reason   varchar(30),
    cancelled_at    timestamptz,
    -- the entry's last event applied to this row (its aggregate sequence number): replays never go back in time
    last_sequence   bigint      not null,
    primary key (device_id, command_uuid)
);
create index device_command_newest_first on device_command (device_id, queued_sequence desc);
