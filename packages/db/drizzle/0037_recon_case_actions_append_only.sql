-- A case's history is append-only like the audit log: what was done to a difference, by whom,
-- stays as written. Statement triggers reject UPDATE, DELETE and TRUNCATE whatever the role's
-- table privileges (only the owner could drop them).
CREATE FUNCTION recon_case_actions_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'recon_case_actions is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'restrict_violation', HINT = 'record a new action instead';
END
$$;
--> statement-breakpoint
CREATE TRIGGER recon_case_actions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON recon_case_actions
  FOR EACH STATEMENT EXECUTE FUNCTION recon_case_actions_reject_change();
