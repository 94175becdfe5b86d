-- Tasks and their conversation items. Item content is the provider's raw JSON kept as text,
-- not jsonb, because jsonb reorders keys and opaque items must be re-sent byte for byte.
create table tasks (
  task_id      text primary key,
  workspace    text not null,
  title        text not null,
  model        text,
  status       text not null,
  turn         integer not null default 0,
  step         integer not null default 0,
  last_message text,
  error        text,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);

create index tasks_by_created on tasks (created_at desc);

create table items (
  task_id    text not null,
  seq        bigint not null,
  turn       integer not null,
  kind       text not null,
  raw        text not null,
  tokens     integer not null,
  created_at timestamptz not null default now(),
  primary key (task_id, seq)
);
