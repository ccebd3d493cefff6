-- Where MDM pushes reach each Apple device: the device channel of its latest TokenUpdate. Token and
-- PushMagic stay sealed with the service's secrets key. Maintained by a subscribing handler in the
-- transaction that stores MdmPushTokenUpdated.
create table mdm_push_channel (
    device_id         uuid primary key,
    tenant_id         uuid         not null,
    topic             varchar(100) not null,
    sealed_token      text         not null,
    sealed_push_magic text         not null
);

-- The Managed Apple ID a user may enroll with through account-driven enrollment (null: not allowed).
alter table user_directory add column managed_apple_id varchar(320);
