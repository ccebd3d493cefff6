-- When a push certificate was imported from another MDM (with its key), as uploads and renewals are shown.
alter table credential add column imported_at timestamptz;
-- Account-driven enrollment's mode: the tenant's (DEVICE or USER; USER when events before the setting
-- named none) and a user's override (null: the tenant's).
alter table tenant add column account_driven_mode varchar(10) not null default 'USER';
alter table app_user add column account_driven_mode varchar(10);
