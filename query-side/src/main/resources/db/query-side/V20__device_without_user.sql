-- An ADE device enrolled without user authentication has no user.
alter table device alter column user_id drop not null;
