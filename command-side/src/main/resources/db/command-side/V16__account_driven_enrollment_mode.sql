-- Which account-driven enrollment the discovery offers: the tenant's mode (DEVICE or USER; USER for
-- tenants enabled before the mode existed) and a user's own mode (null: the tenant's).
alter table tenant_directory add column account_driven_mode varchar(10) not null default 'USER';
alter table user_directory add column account_driven_mode varchar(10);
create index user_directory_managed_apple_id on user_directory (tenant_id, managed_apple_id) where managed_apple_id is not null;
