-- Uploaded files: who uploaded each one, its size and when. Runs unchanged on H2 (PostgreSQL mode) and on PostgreSQL.
-- A user's rows are what counts against their quota (shop.data.Uploads). The hourly sweep deletes a file and its row
-- once the file is older than 30 days and nothing references it (no product shows it as its image).
CREATE TABLE uploads (
    name       VARCHAR(40) PRIMARY KEY,
    owner_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
    created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);
CREATE INDEX uploads_owner_id ON uploads (owner_id);
CREATE INDEX uploads_created_at ON uploads (created_at);
