-- ADE tokens show their MDM server's name, VPP tokens their organisation.
alter table credential add column server_name varchar(200);
alter table credential add column org_name    varchar(200);
