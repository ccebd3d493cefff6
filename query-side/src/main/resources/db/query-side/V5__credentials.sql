-- The tenant's Apple credentials with their expiry: push certificate now, ADE and VPP tokens later.
create table credential (
    credential_id        uuid         primary key,
    tenant_id            uuid         not null,
    kind                 varchar(30)  not null,
    topic                varchar(100),
    previous_topic       varchar(100),
    apple_id             varchar(320),
    location             varchar(200),
    certificate_pending  boolean      not null default false,
    uploaded_at          timestamptz,
    last_renewed_at      timestamptz,
    topic_changed_at     timestamptz,
    expires_at           timestamptz,
    last_warning_days    integer,
    expired_at           timestamptz,
    last_sync_result     varchar(200),
    last_event_at        timestamptz  not null,
    last_sequence        bigint       not null default 0
);
create index credential_by_tenant on credential (tenant_id, kind);
