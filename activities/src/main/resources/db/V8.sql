-- Any model (issue 14): each item is stored in the raw JSON of the provider that wrote it, tagged
-- with that provider, so the code that reads it knows its format. Rows from before were all
-- OpenAI Responses items.
alter table items add column provider text not null default 'openai-responses';
alter table checkpoint_items add column provider text not null default 'openai-responses';
