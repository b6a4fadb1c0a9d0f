-- The audit log is append-only like the ledger: who did what stays as it was written. Statement
-- triggers reject any UPDATE, DELETE or TRUNCATE (even one touching no row), whatever the role's
-- table privileges; only the table's owner could drop the trigger, and the engine need not run
-- as the owner (DML grants suffice).
CREATE FUNCTION audit_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'record a new audit entry instead';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_reject_change();
