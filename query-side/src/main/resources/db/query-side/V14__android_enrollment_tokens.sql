-- Android enrollment tokens as admins see them: who they are for, one-time or not, expiry, how
-- often they were used and refused, revocation. The status (ACTIVE, EXPIRED, USED, REVOKED) is
-- derived when asked, since expiry needs no event.
create table enrollment_token (
    token_id         uuid        primary key,
    tenant_id        uuid        not null,
    user_id          uuid,
    one_time         boolean     not null,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    redemptions      integer     not null default 0,
    last_redeemed_at timestamptz,
    refusals         integer     not null default 0,
    last_refusal     varchar(20),
    last_refused_at  timestamptz,
    revoked_at       timestamptz,
    -- the token's last applied event (its aggregate sequence number): replays never go back in time
    last_sequence    bigint      not null default 0
);
create index enrollment_token_by_created on enrollment_token (tenant_id, created_at, token_id);

-- How the Android agent manages an entry (FULLY_MANAGED, WORK_PROFILE_COMPANY_OWNED, WORK_PROFILE_PERSONAL).
alter table device add column management_mode varchar(30);
