-- Checkpoints: a compacted (or restored) context, from which a run of the task starts.
-- The context of a run is its checkpoint's items followed by the task's items from from_seq on.
create table checkpoints (
  task_id    text not null,
  number     integer not null,
  reason     text not null,
  from_seq   bigint not null,
  turn       integer not null,
  tokens     bigint not null,
  item_count integer not null,
  created_at timestamptz not null default now(),
  primary key (task_id, number)
);

create table checkpoint_items (
  task_id    text not null,
  number     integer not null,
  idx        integer not null,
  turn       integer not null,
  kind       text not null,
  raw        text not null,
  tokens     integer not null,
  primary key (task_id, number, idx)
);
