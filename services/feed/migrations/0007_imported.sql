-- What imported history brought in (`kantine.history`): the import token may change only that, never
-- a group, post or comment someone made in Kantine itself. Set from the creating event's envelope, so a
-- rebuild gives the same answer.
ALTER TABLE groups ADD COLUMN imported boolean NOT NULL DEFAULT false;
ALTER TABLE posts ADD COLUMN imported boolean NOT NULL DEFAULT false;
ALTER TABLE comments ADD COLUMN imported boolean NOT NULL DEFAULT false;
