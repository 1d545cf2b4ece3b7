-- Issue 11: the hub's persisted-operations policy also knows `ids-only` (registered operations, by id only).
ALTER TABLE client_records DROP CONSTRAINT client_records_persisted_operations_check;
ALTER TABLE client_records ADD CONSTRAINT client_records_persisted_operations_check
  CHECK (persisted_operations IN ('off', 'audit', 'enforce', 'ids-only'));
