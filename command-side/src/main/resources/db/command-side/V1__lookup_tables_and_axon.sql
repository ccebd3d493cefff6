-- Command-side lookup tables: set-based validation (unique slugs, emails, usernames) and what the
-- device-facing endpoints must find before they can address an aggregate. Each is maintained by a
-- subscribing event handler in the transaction that stores the events.

create table tenant_directory (
    tenant_id              uuid         primary key,
    slug                   varchar(63)  not null unique,
    host_domain            varchar(253) not null unique,
    name                   varchar(200) not null,
    settings               jsonb        not null,
    enrollment_url         varchar(400),
    account_driven_enabled boolean      not null default false
);

create table account (
    account_id    uuid         primary key,
    username      varchar(100) not null unique,
    role          varchar(20)  not null,
    tenant_id     uuid,
    password_hash varchar(200) not null
);

create table user_directory (
    user_id      uuid          primary key,
    tenant_id    uuid          not null,
    email        varchar(320)  not null,
    display_name varchar(200)  not null,
    ldap_dn      varchar(1000),
    unique (tenant_id, email)
);
create unique index user_directory_ldap_dn on user_directory (tenant_id, ldap_dn) where ldap_dn is not null;

create table enrollment_session (
    token_hash        char(64)    primary key,
    tenant_id         uuid        not null,
    user_id           uuid        not null,
    expires_at        timestamptz not null,
    must_set_password boolean     not null
);
create index enrollment_session_user on enrollment_session (user_id);

-- Axon's token store and saga store for this service (JDBC, bytea).
create table tokenentry (
    processorname varchar(255) not null,
    segment       integer      not null,
    token         bytea,
    tokentype     varchar(255),
    timestamp     varchar(255),
    owner         varchar(255),
    primary key (processorname, segment)
);

create table sagaentry (
    sagaid         varchar(255) not null primary key,
    revision       varchar(255),
    sagatype       varchar(255),
    serializedsaga bytea
);

create table associationvalueentry (
    id               bigserial    not null primary key,
    associationkey   varchar(255) not null,
    associationvalue varchar(255),
    sagatype         varchar(255),
    sagaid           varchar(255)
);
create index associationvalueentry_saga on associationvalueentry (sagaid, sagatype);
create index associationvalueentry_value on associationvalueentry (sagatype, associationkey, associationvalue);
