-- Like the device list: each user row keeps its aggregate's last applied sequence number, so an
-- event delivered again (a segment moving between instances) never takes a row back in time.
alter table app_user add column last_sequence bigint not null default 0;
