-- Read models of the query side. Each is fed by one processing group and can be rebuilt from events.

create table account (
    account_id    uuid         primary key,
    username      varchar(100) not null unique,
    role          varchar(20)  not null,
    tenant_id     uuid,
    password_hash varchar(200) not null
);

create table tenant (
    tenant_id              uuid         primary key,
    slug                   varchar(63)  not null,
    name                   varchar(200) not null,
    host_domain            varchar(253) not null,
    settings               jsonb        not null,
    enrollment_url_version integer      not null default 0,
    enrollment_url         varchar(400),
    account_driven_enabled boolean      not null default false,
    created_at             timestamptz  not null,
    updated_at             timestamptz  not null
);

create table app_user (
    user_id                   uuid          primary key,
    tenant_id                 uuid          not null,
    email                     varchar(320)  not null,
    display_name              varchar(200)  not null,
    source                    varchar(10)   not null,
    ldap_dn                   varchar(1000),
    status                    varchar(20)   not null,
    created_at                timestamptz   not null,
    updated_at                timestamptz   not null,
    invited_at                timestamptz,
    invitation_expires_at     timestamptz,
    pin_issued_at             timestamptz,
    pin_expires_at            timestamptz,
    pin_failed_attempts       integer       not null default 0,
    pin_accepted_at           timestamptz,
    locked_out_at             timestamptz,
    password_set_at           timestamptz,
    last_login_at             timestamptz,
    managed_apple_id          varchar(320),
    account_driven_allowed_at timestamptz
);
create index app_user_by_email on app_user (tenant_id, email, user_id);
create index app_user_by_status on app_user (tenant_id, status, email, user_id);

create table tokenentry (
    processorname varchar(255) not null,
    segment       integer      not null,
    token         bytea,
    tokentype     varchar(255),
    timestamp     varchar(255),
    owner         varchar(255),
    primary key (processorname, segment)
);
