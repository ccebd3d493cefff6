-- When an ADE token's devices were last synced (or the sync refused); last_sync_result says how it went.
alter table credential add column last_sync_at timestamptz;
