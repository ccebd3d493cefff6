-- Automated Device Enrollment as the device-facing endpoint needs it. Maintained by subscribing
-- handlers in the transaction that stores the events.

-- The serial numbers of each tenant's ADE tokens (Apple's device assignment service): a device may
-- enroll through ADE only when its serial is here and Apple has not removed it.
create table ade_device (
    tenant_id     uuid        not null,
    serial_number varchar(64) not null,
    token_id      uuid        not null,
    removed       boolean     not null default false,
    primary key (tenant_id, serial_number)
);
create index ade_device_token on ade_device (token_id);

-- The lowest OS versions ADE devices of a tenant may enroll on (null: none).
create table tenant_minimum_os (
    tenant_id uuid primary key,
    ios       varchar(20),
    macos     varchar(20)
);

-- An ADE device enrolled without user authentication has no user.
alter table device_entry alter column user_id drop not null;
