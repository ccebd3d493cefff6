-- What Apple devices report at check-in (model, name) and the last MDM push: when, and its outcome
-- (sent, or the reason it was not delivered, e.g. push-certificate-expired).
alter table device add column model             varchar(100);
alter table device add column device_name       varchar(200);
alter table device add column last_mdm_push_at  timestamptz;
alter table device add column last_mdm_push     varchar(60);
