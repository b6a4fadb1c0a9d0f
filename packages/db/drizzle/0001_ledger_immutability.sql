-- The ledger is append-only: a wrong posting is corrected by a reversing journal, never
-- edited or removed. Statement-level triggers reject any UPDATE, DELETE or TRUNCATE, even
-- one that would touch no row, so a mistaken statement fails loudly in development.
CREATE FUNCTION ledger_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation', HINT = 'post a reversing journal instead';
END
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_journals_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_journals
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();
--> statement-breakpoint
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_reject_change();
--> statement-breakpoint
-- A journal must have at least two entries and they must sum to zero (debits = credits).
-- Checked at COMMIT (deferred constraint triggers), so a writer inserts the journal and its
-- entries in any order inside one transaction. A caller who wants the error sooner runs
-- `SET CONSTRAINTS ledger_entries_balanced IMMEDIATE` and inserts each journal's entries in
-- one statement (row triggers then fire at the end of that statement).
CREATE FUNCTION ledger_assert_balanced(jid bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  n bigint;
  total numeric;
BEGIN
  SELECT count(*), coalesce(sum(amount), 0) INTO n, total FROM ledger_entries WHERE journal_id = jid;
  IF n < 2 OR total <> 0 THEN
    RAISE EXCEPTION 'ledger journal % is unbalanced: % entries summing to %', jid, n, total
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_journal_balanced';
  END IF;
END
$$;
--> statement-breakpoint
CREATE FUNCTION ledger_entries_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_assert_balanced(NEW.journal_id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION ledger_journals_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ledger_assert_balanced(NEW.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entries_check_balanced();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_journals_balanced AFTER INSERT ON ledger_journals
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_journals_check_balanced();
