-- Host affinity (issue 12): the host a task's workspace is on, the hosts whose workers have run,
-- and the snapshots of workspaces that let a task move to another host.
alter table tasks add column host text;

create table hosts (
  host_id        text primary key,
  workspace_root text not null,
  last_seen      timestamptz not null default now()
);

-- Snapshot 0 of a task is its baseline: the whole workspace when the task was bound, with the
-- manifest (path and SHA-256 of every file) later snapshots are compared against. Each later
-- snapshot holds the files that differ from the baseline and the baseline's files deleted since,
-- so restoring one is: the baseline, then that snapshot. A snapshot with no baseline (it was
-- over the limit) holds the whole workspace.
create table workspace_snapshots (
  task_id    text not null,
  seq        integer not null,
  reason     text not null,
  host_id    text not null,
  full_copy  boolean not null,
  size       bigint not null,
  files      integer not null,
  deleted    text not null default '',
  manifest   text,
  created_at timestamptz not null default now(),
  primary key (task_id, seq)
);

-- A snapshot's zip archive, in chunks of a few MB: a worker reads and writes one chunk at a time,
-- so a 100 MB snapshot never sits in its heap whole (a bytea is read whole, and as hex).
create table workspace_snapshot_chunks (
  task_id text not null,
  seq     integer not null,
  idx     integer not null,
  bytes   bytea not null,
  primary key (task_id, seq, idx)
);
