-- Device entries as the command side must find them: who owns an entry (device-facing calls), its
-- status, and which entries share hardware (the Android re-enrollment rule, one ACTIVE entry per
-- hardware identity). Maintained by subscribing handlers in the transaction that stores the events.

create table device_entry (
    device_id  uuid        primary key,
    tenant_id  uuid        not null,
    user_id    uuid        not null,
    platform   varchar(10) not null,
    os_version varchar(20) not null,
    status     varchar(10) not null,
    started_at timestamptz not null
);

-- One row per known identifier of an entry (serial, UDID, IMEI, Android enterprise-specific id).
create table device_identifier (
    tenant_id uuid         not null,
    kind      varchar(10)  not null,
    value     varchar(200) not null,
    device_id uuid         not null references device_entry (device_id),
    added_seq bigserial    not null,
    primary key (tenant_id, kind, value, device_id)
);
create index device_identifier_device on device_identifier (device_id);

-- db-scheduler's table (Axon's DbSchedulerDeadlineManager): deadlines survive restarts.
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_execution_time on scheduled_tasks (priority desc, execution_time asc);
