-- Where a task's workspace came from, for diff and export: the repository it was cloned from and
-- the ref asked for (both null for a workspace given as a directory), and the commit checked out
-- when the task opened (null when the workspace was not a git repository then).
alter table tasks
  add column repo text,
  add column ref text,
  add column base_commit text;
