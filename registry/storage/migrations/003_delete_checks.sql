-- Deletes are gated on their schema check like publishes: the check a delete runs is stored with origin 'delete'.
ALTER TABLE schema_checks DROP CONSTRAINT schema_checks_origin_check;
ALTER TABLE schema_checks ADD CONSTRAINT schema_checks_origin_check
  CHECK (origin IN ('check', 'publish', 'delete'));
