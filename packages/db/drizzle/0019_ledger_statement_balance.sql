-- A journal's balance is checked once per statement that adds entries, not once per entry.
-- 0001 checked it with a deferred constraint trigger per entry (and per journal), at COMMIT:
-- a batch of 1,000 collections ran 4,000 balance queries at its commit, a sixth of the
-- database's time in `pnpm bench debits`. The ledger repository inserts all the entries of
-- its journals in one statement, so one check at the end of that statement sees every
-- journal it touched complete: each of them must have two entries or more and sum to zero.
-- The check is now immediate: an unbalanced journal fails at the INSERT of its entries
-- (before, at COMMIT), with the same error and constraint name. A journal without any entry
-- is still refused at COMMIT by the journal's deferred trigger from 0001.
DROP TRIGGER ledger_entries_balanced ON ledger_entries;
--> statement-breakpoint
DROP FUNCTION ledger_entries_check_balanced();
--> statement-breakpoint
CREATE FUNCTION ledger_entries_check_statement() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  -- One index probe per journal touched (the lateral aggregate is never flattened into a
  -- scan of the whole table, whatever the planner thinks of a transition table's size).
  SELECT j.journal_id, s.n, s.total INTO bad
    FROM (SELECT DISTINCT journal_id FROM added_entries) j
    CROSS JOIN LATERAL (
      SELECT count(*) AS n, coalesce(sum(e.amount), 0) AS total
        FROM ledger_entries e WHERE e.journal_id = j.journal_id
    ) s
   WHERE s.n < 2 OR s.total <> 0
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger journal % is unbalanced: % entries summing to %', bad.journal_id, bad.n, bad.total
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_journal_balanced';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  REFERENCING NEW TABLE AS added_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_check_statement();
