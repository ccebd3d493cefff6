-- The device list's part of identity certificate renewal and of the Mac's bootstrap token (issue 15):
-- whether the Mac has a bootstrap token escrowed (the token itself stays sealed on the command side),
-- and when the last renewal profile was sent, until a new certificate is issued.
alter table device add column bootstrap_token_escrowed         boolean not null default false;
alter table device add column certificate_renewal_requested_at timestamptz;

-- renewalOverdue=true: the few entries still managed whose certificate expires soon, found by
-- expiry. The statuses are DeviceStatus.isActiveOnServer's; the filter names them as literals, not
-- parameters, so that a prepared statement's generic plan can use this partial index too.
create index device_by_certificate_expiry on device (tenant_id, identity_certificate_not_after)
    where status in ('ACTIVE', 'WIPE_PENDING', 'RETIRE_PENDING', 'RESET');
