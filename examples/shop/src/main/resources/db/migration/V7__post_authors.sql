-- Posts belong to their author. Runs unchanged on H2 (PostgreSQL mode) and on PostgreSQL.
-- Posts written before this migration, and posts written by a visitor who was not signed in, have no author
-- (NULL): only administrators may change those. A removed account leaves its posts to the administrators too.
ALTER TABLE posts ADD COLUMN author_id BIGINT;
ALTER TABLE posts ADD CONSTRAINT posts_author_fk FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX posts_author_id ON posts (author_id);
