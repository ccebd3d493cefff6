-- WIPE_PENDING and RETIRE_PENDING (the command channel) are longer than the statuses before them.
alter table device_entry alter column status type varchar(20);
