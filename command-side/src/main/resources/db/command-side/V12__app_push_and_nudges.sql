-- How each tenant's enrollment app is reached for nudges: APNs token-based auth (the .p8 signing
-- key sealed with the service's secrets key) and FCM HTTP v1 (the service-account JSON, sealed).
-- Maintained by a subscribing handler in the transaction that stores the tenant's events.
create table app_push_configuration (
    tenant_id                   uuid primary key,
    apns_key_id                 varchar(20),
    apns_team_id                varchar(20),
    apns_topic                  varchar(200),
    apns_environment            varchar(10),
    apns_sealed_signing_key     text,
    fcm_project_id              varchar(40),
    fcm_client_email            varchar(320),
    fcm_sealed_service_account  text
);

-- The enrollment app's push channel of each device entry (the token stays sealed), so a nudge saga
-- can start again for an entry whose channel is known (a new profile download, a re-enrollment
-- without a new token). A token the provider rejected is kept as invalid and not nudged again.
create table enrollment_push_channel (
    device_id    uuid primary key,
    tenant_id    uuid        not null,
    channel_type varchar(10) not null,
    sealed_token text        not null,
    invalid      boolean     not null default false
);
