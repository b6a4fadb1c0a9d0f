// `pnpm bench rules`: ~20 domain conditions over 100,000 fact sets, evaluated by the
// compiled closures and by json-rules-engine in the same run. Prints evaluations/s for
// both, their ratio, and whether every decision matched.
import { Engine } from 'json-rules-engine';

import { compileConditions, type Conditions, type Facts } from '../src/conditions/index';

const BANKS = ['ICBC', 'CCB', 'ABC', 'BOC', 'CMB', 'BOCOM', 'PSBC', 'CITIC'];
const LINES = ['consumer', 'lease', 'supply_chain'];
const FUNDERS = ['F-TRUST-01', 'F-BANK-02', 'F-SELF-03'];
const PRODUCTS = ['CONSUMER-STD', 'LEASE-STD', 'SCF-STD'];

const leaf = (fact: string, operator: string, value: unknown) => ({ fact, operator, value });
const RULES: Conditions[] = [
  { all: [leaf('bankCode', 'equal', 'ICBC')] },
  {
    all: [
      leaf('bankCode', 'in', ['CCB', 'ABC', 'BOC']),
      leaf('amountFen', 'lessThanInclusive', 5_000_000),
    ],
  },
  {
    any: [
      leaf('amountFen', 'greaterThan', 5_000_000),
      leaf('businessLine', 'equal', 'supply_chain'),
    ],
  },
  {
    all: [leaf('businessLine', 'equal', 'consumer'), leaf('overdueDays', 'lessThanInclusive', 30)],
  },
  { all: [leaf('businessLine', 'equal', 'lease'), leaf('overdueDays', 'greaterThan', 0)] },
  { all: [leaf('funderCode', 'equal', 'F-TRUST-01'), leaf('overdueDays', 'greaterThan', 3)] },
  {
    all: [
      leaf('funderCode', 'equal', 'F-BANK-02'),
      { not: leaf('bankCode', 'in', ['PSBC', 'CITIC']) },
    ],
  },
  {
    any: [
      leaf('productCode', 'equal', 'SCF-STD'),
      leaf('amountFen', 'greaterThanInclusive', 10_000_000),
    ],
  },
  {
    all: [
      leaf('overdueDays', 'greaterThanInclusive', 31),
      leaf('overdueDays', 'lessThanInclusive', 60),
    ],
  },
  { all: [leaf('overdueDays', 'greaterThan', 90)] },
  {
    all: [
      leaf('amountDueFen', 'greaterThanInclusive', 100),
      leaf('amountDueFen', 'lessThan', 20_000_000),
    ],
  },
  { not: leaf('funderCode', 'in', ['F-SELF-03']) },
  { all: [leaf('installmentNo', 'equal', 1), leaf('businessLine', 'notEqual', 'lease')] },
  { any: [leaf('bankCode', 'equal', 'CMB'), leaf('bankCode', 'equal', 'BOCOM')] },
  { all: [leaf('tags', 'contains', 'vip'), leaf('amountFen', 'greaterThan', 100_000)] },
  { all: [leaf('tags', 'doesNotContain', 'blocked'), leaf('overdueDays', 'equal', 0)] },
  {
    all: [
      leaf('productCode', 'in', ['CONSUMER-STD', 'LEASE-STD']),
      leaf('installmentNo', 'greaterThan', 6),
    ],
  },
  {
    any: [
      { all: [leaf('businessLine', 'equal', 'consumer'), leaf('amountFen', 'lessThan', 300_000)] },
      leaf('overdueDays', 'greaterThan', 7),
    ],
  },
  {
    all: [leaf('funderCode', 'notEqual', 'F-BANK-02'), leaf('bankCode', 'notIn', ['ICBC', 'CCB'])],
  },
  { all: [leaf('amountFen', 'greaterThan', 0), leaf('paused', 'equal', false)] },
] as Conditions[];

/** Deterministic pseudo-random facts (mulberry32), so runs are comparable. */
function factSets(count: number, seed = 20260315): Facts[] {
  let s = seed;
  const rnd = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  return Array.from({ length: count }, () => ({
    bankCode: pick(BANKS),
    businessLine: pick(LINES),
    funderCode: pick(FUNDERS),
    productCode: pick(PRODUCTS),
    amountFen: Math.floor(rnd() * 20_000_000),
    amountDueFen: Math.floor(rnd() * 30_000_000),
    overdueDays: rnd() < 0.6 ? 0 : Math.floor(rnd() * 120),
    installmentNo: 1 + Math.floor(rnd() * 24),
    tags: rnd() < 0.2 ? ['vip'] : rnd() < 0.1 ? ['blocked'] : [],
    paused: rnd() < 0.05,
  }));
}

async function main(): Promise<void> {
  // `pnpm bench rules -- --facts 20000` for a quicker run.
  const flag = process.argv.indexOf('--facts');
  const factCount = flag > 0 ? Number(process.argv[flag + 1]) : 100_000;
  const engineSample = factCount;
  const facts = factSets(factCount);
  const compiled = RULES.map((r) => compileConditions(r));

  // Warm up, then time the compiled path over every fact set.
  for (let i = 0; i < 2_000; i++) for (const p of compiled) p(facts[i % facts.length]!);
  const compiledDecisions = new Uint8Array(factCount * RULES.length);
  const t0 = process.hrtime.bigint();
  for (let f = 0; f < factCount; f++) {
    const fs = facts[f]!;
    for (let r = 0; r < compiled.length; r++)
      compiledDecisions[f * RULES.length + r] = compiled[r]!(fs) ? 1 : 0;
  }
  const compiledSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const compiledRate = (factCount * RULES.length) / compiledSeconds;

  // json-rules-engine: one engine holding all rules, run per fact set (its intended use).
  const engine = new Engine([], { allowUndefinedFacts: true });
  RULES.forEach((conditions, r) =>
    engine.addRule({
      conditions: conditions,
      event: { type: String(r) },
      name: String(r),
    }),
  );
  let mismatches = 0;
  const t1 = process.hrtime.bigint();
  for (let f = 0; f < engineSample; f++) {
    const { events } = await engine.run({ ...facts[f]! });
    const passed = new Set(events.map((e) => Number(e.type)));
    for (let r = 0; r < RULES.length; r++) {
      if ((passed.has(r) ? 1 : 0) !== compiledDecisions[f * RULES.length + r]) mismatches++;
    }
  }
  const engineSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
  const engineRate = (engineSample * RULES.length) / engineSeconds;

  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(
    `rules: ${RULES.length} conditions; compiled over ${fmt(factCount)} fact sets, json-rules-engine over the first ${fmt(engineSample)}`,
  );
  console.log(
    `compiled:          ${fmt(compiledRate)} evaluations/s (${compiledSeconds.toFixed(3)} s)`,
  );
  console.log(
    `json-rules-engine: ${fmt(engineRate)} evaluations/s (${engineSeconds.toFixed(3)} s)`,
  );
  console.log(`ratio compiled/json-rules-engine: ${(compiledRate / engineRate).toFixed(1)}×`);
  console.log(
    `decisions matched: ${mismatches === 0 ? 'yes' : `NO (${mismatches} differ)`} on ${fmt(engineSample * RULES.length)} evaluations`,
  );
  console.log(
    `goal ≥ 1,000,000 evaluations/s compiled: ${compiledRate >= 1_000_000 ? 'met' : 'NOT met'}`,
  );
  if (mismatches > 0) process.exitCode = 1;
}

void main();
