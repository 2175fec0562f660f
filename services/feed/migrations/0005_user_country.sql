-- The country of a person's profile (ISO 3166-1 alpha-2), for rules that differ by country.
ALTER TABLE users ADD COLUMN country text NOT NULL DEFAULT '';
