-- The usage ledger: one row per completed model call (a sample or a compaction), attempt included.
create table usage (
  task_id     text not null,
  turn        integer not null,
  step        integer not null,
  kind        text not null,
  model       text not null,
  attempt     integer not null,
  input       bigint not null,
  cached      bigint not null,
  output      bigint not null,
  reasoning   bigint not null,
  latency_ms  bigint not null,
  cost_micros bigint,
  created_at  timestamptz not null default now()
);

create index usage_by_task on usage (task_id, turn, step);
