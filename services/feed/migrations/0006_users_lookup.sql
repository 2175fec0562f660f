-- The directory's sync looks people up by e-mail address (SCIM's userName) and lists them by name.
CREATE INDEX users_email ON users (lower(email));
CREATE INDEX users_by_name ON users (lower(display_name), user_id);
