-- Tokens scoped to graphs. NULL: every graph (what tokens created before this migration keep); otherwise a
-- publisher or reader token acts only within these graphs.
ALTER TABLE tokens ADD COLUMN graphs text[];
