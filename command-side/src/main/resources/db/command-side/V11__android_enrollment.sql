-- Android Enterprise enrollment and the portal's QR login, as the device-facing endpoints must find
-- them. Maintained by subscribing handlers in the transaction that stores the events.

-- Each tenant's provisioning settings (the AndroidProvisioning record; the Wi-Fi password sealed).
create table android_provisioning (
    tenant_id    uuid  primary key,
    provisioning jsonb not null
);

-- Enrollment tokens by the SHA-256 of the token: the agent presents the token, the server finds it
-- here. The sealed token is kept while the token can still be used, so its QR code can be shown
-- again (GET .../qr.png); it is dropped once the token is revoked or, one-time, used.
create table enrollment_token (
    token_id     uuid        primary key,
    tenant_id    uuid        not null,
    token_hash   char(64)    not null unique,
    sealed_token text,
    user_id      uuid,
    one_time     boolean     not null,
    expires_at   timestamptz not null,
    used         boolean     not null default false,
    revoked      boolean     not null default false
);
create index enrollment_token_tenant on enrollment_token (tenant_id);

-- The Android agent of each entry: the SHA-256 of the secret it authenticates its calls with.
create table android_agent (
    device_id       uuid        primary key,
    tenant_id       uuid        not null,
    secret_hash     char(64)    not null,
    management_mode varchar(30) not null
);

-- The current portal QR login of each user, found by the SHA-256 of its token.
create table qr_login (
    token_hash char(64)    primary key,
    tenant_id  uuid        not null,
    user_id    uuid        not null unique,
    expires_at timestamptz not null
);
