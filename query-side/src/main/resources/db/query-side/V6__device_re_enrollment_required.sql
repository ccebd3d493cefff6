-- Why a device must re-enroll (e.g. the push topic changed), until it does.
alter table device add column re_enrollment_required varchar(300);
