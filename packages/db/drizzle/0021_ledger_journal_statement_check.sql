-- A journal without entries is refused at the end of the statement that inserts it, once per
-- statement, instead of by a deferred check per journal at COMMIT (0001): in `pnpm bench
-- debits` that was a trigger call and a count of the journal's entries for every collection,
-- queued until the commit. The ledger repository inserts a batch's journals and their entries
-- in one statement (a data-modifying WITH), so every journal the statement inserts has its
-- entries by then. Balance stays with the entries' statement trigger (0019), which also
-- checks every journal an INSERT of entries touches later.
DROP TRIGGER ledger_journals_balanced ON ledger_journals;
--> statement-breakpoint
DROP FUNCTION ledger_journals_check_balanced();
--> statement-breakpoint
DROP FUNCTION ledger_assert_balanced(bigint);
--> statement-breakpoint
CREATE FUNCTION ledger_journals_check_statement() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  empty bigint;
BEGIN
  -- One index probe per journal inserted (the entries' trigger sums the ones that have any).
  SELECT j.id INTO empty FROM added_journals j
   WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.journal_id = j.id)
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger journal % is unbalanced: 0 entries summing to 0', empty
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_journal_balanced';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_journals_balanced AFTER INSERT ON ledger_journals
  REFERENCING NEW TABLE AS added_journals
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_journals_check_statement();
