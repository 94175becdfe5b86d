-- The workflow run that wrote each item: a late write from an attempt of an earlier run (a task
-- resumed while its old worker still ran a step) must not replace what the new run wrote.
alter table items add column writer text;
