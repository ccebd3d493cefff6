-- Enrollment nudges to the enrollment app: how many were sent to the entry, the last one, and why
-- they stopped (null while nudging, or before any).
alter table device add column nudge_count    integer     not null default 0;
alter table device add column last_nudge_at  timestamptz;
alter table device add column nudges_stopped varchar(20);
