-- The audit trail: one record per event of a tenant, in the order the records were appended, each
-- holding the SHA-256 of its content and of the record before it (a hash chain per tenant).

create table audit_record (
    tenant_id     uuid         not null,
    position      bigint       not null,
    event_id      varchar(100) not null unique,
    occurred_at   timestamptz  not null,
    actor_type    varchar(10)  not null,
    actor         varchar(200) not null,
    action        varchar(100) not null,
    summary       varchar(300) not null,
    target_type   varchar(20)  not null,
    target_id     varchar(100) not null,
    device_id     uuid,
    user_id       uuid,
    result        varchar(10)  not null,
    request_id    varchar(100),
    cause         varchar(200),
    details       text         not null,
    previous_hash char(64)     not null,
    hash          char(64)     not null,
    primary key (tenant_id, position)
);
create index audit_by_time on audit_record (tenant_id, occurred_at, position);
create index audit_by_device on audit_record (tenant_id, device_id, position) where device_id is not null;
create index audit_by_user on audit_record (tenant_id, user_id, position) where user_id is not null;
create index audit_by_actor on audit_record (tenant_id, actor, position);
create index audit_by_action on audit_record (tenant_id, action, position);

-- The last record of each tenant's chain; appends lock it, so a tenant's chain grows one at a time.
create table audit_chain_head (
    tenant_id uuid     primary key,
    position  bigint   not null,
    hash      char(64) not null
);

-- Device events name their user only when the enrollment starts; the trail keeps the owner.
create table audit_device_owner (
    device_id uuid primary key,
    user_id   uuid not null
);

-- Records are only ever appended: updating or deleting one is refused. (A rebuild empties the
-- table with TRUNCATE; anyone able to do that, or to drop this trigger, is found out by
-- GET /api/audit/verify.)
create function audit_record_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit records are append-only (% refused)', tg_op;
end;
$$;
create trigger audit_record_append_only before update or delete on audit_record
    for each row execute function audit_record_append_only();
