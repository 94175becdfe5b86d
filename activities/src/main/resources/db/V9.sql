-- Any model (issue 14): Anthropic bills the input tokens a call writes to its prompt cache above
-- the input price; the ledger keeps them beside the tokens read from it. Earlier rows wrote none.
alter table usage add column cache_write bigint not null default 0;
