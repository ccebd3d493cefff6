-- Audit records not chained yet (README "What a rebuild reproduces"): with the JDBC event store a
-- transaction can commit after one that took a higher global index, so live processing sees a
-- tenant's events in commit order while a rebuild replays them in global-index order. The audit
-- projection therefore keeps each record here until no lower global index can still appear (the
-- processor's token has no open gap below it, or the gap is older than mdm.audit.settle-timeout),
-- and only then chains a trail's settled records in global-index order. Not hashed, not read by
-- pages, exports, verify or checkpoints: they show the trail up to its settled head.
create table audit_pending (
    event_id      varchar(100) primary key,    -- as audit_record's (the operators' trail prefixed)
    tenant_id     uuid         not null,       -- the trail
    global_index  bigint       not null,       -- the event's in the event store: the chaining order
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
    pending_since timestamptz  not null default now()
);
create index audit_pending_order on audit_pending (global_index);
