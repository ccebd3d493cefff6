-- The device's SCEP identity certificate: when the current one expires, and why the last SCEP
-- request was refused (PROFILE_EXPIRED, CHALLENGE_REUSED ...) until a certificate is issued.
alter table device add column identity_certificate_not_after timestamptz;
alter table device add column identity_certificate_refused   varchar(30);
