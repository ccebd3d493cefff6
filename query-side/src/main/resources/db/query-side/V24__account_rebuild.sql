-- A rebuild of the accounts projection replays into this table and swaps it in when done, so the
-- accounts the query side authenticates against stay in place while it runs.
create table account_rebuild (like account including all);
