-- Attempts of mutating tool calls: a row is written before an attempt runs the call, and marked
-- finished once its output is stored. An executed row left unfinished means an attempt was lost
-- mid-call (its worker died, or Temporal gave up on it), so the call's effects are unknown and a
-- retry must not run it again blindly. Read-only calls write no rows.
create table tool_attempts (
  id          text primary key,
  task_id     text not null,
  output_seq  bigint not null,
  call_id     text not null,
  attempt     integer not null,
  worker      text not null,
  executed    boolean not null,
  started_at  timestamptz not null default now(),
  finished_at timestamptz,
  failed      boolean
);

create index tool_attempts_by_call on tool_attempts (task_id, output_seq);
