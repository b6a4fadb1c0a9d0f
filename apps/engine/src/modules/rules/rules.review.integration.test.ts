// The review workflow as the console sees it: the reviewers' inbox (four eyes: never one's own),
// the submitter's note kept for the reviewer, the publication log naming who acted, why a gray
// release is unavailable, an empty simulation said as such, and validation errors carrying a
// stable code, params and field path for the console (the REST error body unchanged).
import { addDays, exampleRuleBodies } from '@repay/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_ORIGIN, startHarness, type Caller, type Harness } from '../../testing/harness';

let h: Harness;
let pm: Caller;
let admin: Caller;
let ops: Caller;
let auditor: Caller;
beforeAll(async () => {
  h = await startHarness();
  [pm, admin, ops, auditor] = [
    await h.callerAs('pm'),
    await h.callerAs('admin'),
    await h.callerAs('ops'),
    await h.callerAs('auditor'),
  ];
});
afterAll(() => h.close());

type Body = Record<string, unknown> & {
  slots: { start: string; end: string }[];
  eligibility: Record<string, unknown>;
};
const windowBody = (): Body => structuredClone(exampleRuleBodies.window) as Body;

async function newWindowSet(name: string, scopeType: 'funder' | 'product', scopeKey: string) {
  return pm.rules.create({ kind: 'window', scopeType, scopeKey, name, body: windowBody() });
}

describe('review inbox and the submitter note', () => {
  it("lists others' submissions for reviewers only, with the note; approving empties it", async () => {
    const { set } = await newWindowSet('inbox test', 'funder', 'F-BANK-02');
    const draft = await ops.rules.saveDraft({ ruleSetId: set.id, body: windowBody() });
    await ops.rules.submit({ versionId: draft.id, note: '早间时段提前半小时' });

    const forPm = await pm.rules.reviewInbox();
    const line = forPm.find((v) => v.id === draft.id);
    expect(line).toMatchObject({
      ruleSetId: set.id,
      ruleSetName: 'inbox test',
      kind: 'window',
      scopeType: 'funder',
      scopeKey: 'F-BANK-02',
      versionNo: 2,
      status: 'submitted',
      submitNote: '早间时段提前半小时',
      authorName: expect.any(String),
    });
    expect(line?.submittedAt).toBe(h.clock.now().toISOString());
    expect((await admin.rules.reviewInbox()).map((v) => v.id)).toContain(draft.id);
    // ops and auditors do not review: nothing waits for them.
    expect(await ops.rules.reviewInbox()).toEqual([]);
    expect(await auditor.rules.reviewInbox()).toEqual([]);

    // The note is on the version and in the history too.
    expect((await pm.rules.version({ versionId: draft.id })).submitNote).toBe('早间时段提前半小时');
    const detail = await pm.rules.get({ ruleSetId: set.id });
    expect(detail.versions.find((v) => v.id === draft.id)?.submitNote).toBe('早间时段提前半小时');

    await pm.rules.approve({ versionId: draft.id, note: 'ok' });
    expect((await admin.rules.reviewInbox()).map((v) => v.id)).not.toContain(draft.id);
  });

  it('never shows a reviewer their own submission', async () => {
    const { set } = await newWindowSet('own inbox test', 'funder', 'F-SELF-03');
    const draft = await pm.rules.saveDraft({ ruleSetId: set.id, body: windowBody() });
    await pm.rules.submit({ versionId: draft.id });
    expect((await pm.rules.reviewInbox()).map((v) => v.id)).not.toContain(draft.id);
    const forAdmin = (await admin.rules.reviewInbox()).find((v) => v.id === draft.id);
    expect(forAdmin?.submitNote).toBeNull();
  });
});

describe('publication log and gray availability', () => {
  it('names who published, promoted and ended a gray release; says why gray is unavailable', async () => {
    const { set, version } = await newWindowSet('log test', 'product', 'LEASE-STD');
    let detail = await pm.rules.get({ ruleSetId: set.id });
    expect(detail.grayUnavailable).toEqual({ reason: 'no_full_publication', effectiveFrom: null });

    await pm.rules.submit({ versionId: version.id });
    await admin.rules.approve({ versionId: version.id });
    const later = new Date(h.clock.now().getTime() + 3_600_000).toISOString();
    await admin.rules.publish({
      versionId: version.id,
      expectedRevision: 0,
      effectiveFrom: later,
      reason: '首次发布',
    });
    detail = await pm.rules.get({ ruleSetId: set.id });
    // Published, but not in force yet: nothing to compare a gray side with.
    expect(detail.grayUnavailable).toEqual({
      reason: 'full_not_yet_in_force',
      effectiveFrom: new Date(later).toISOString(),
    });

    h.clock.advance(2 * 3_600_000);
    try {
      detail = await pm.rules.get({ ruleSetId: set.id });
      expect(detail.grayUnavailable).toBeNull();
      const v2 = await ops.rules.saveDraft({ ruleSetId: set.id, body: windowBody() });
      await ops.rules.submit({ versionId: v2.id });
      await pm.rules.approve({ versionId: v2.id });
      await pm.rules.publish({
        versionId: v2.id,
        expectedRevision: 1,
        gray: { percent: 10 },
        reason: '灰度 10%',
      });
      detail = await pm.rules.get({ ruleSetId: set.id });
      expect(detail.grayUnavailable).toEqual({ reason: 'gray_live', effectiveFrom: null });
      await admin.rules.abandon({ ruleSetId: set.id, expectedRevision: 2, reason: '放弃' });

      detail = await pm.rules.get({ ruleSetId: set.id });
      const [gray, full] = detail.publications;
      expect(full).toMatchObject({ mode: 'full', publishedByName: expect.any(String) });
      expect(gray).toMatchObject({ mode: 'gray', reason: '灰度 10%' });
      const names = await Promise.all(
        ['pm', 'admin'].map(async (u) => {
          const me = await (await h.callerAs(u)).auth.me();
          return me!.displayName;
        }),
      );
      expect(full?.publishedByName).toBe(names[1]);
      expect(gray?.publishedByName).toBe(names[0]);
      expect(gray?.endedByName).toBe(names[1]);
      expect(gray?.endedAt).not.toBeNull();
    } finally {
      h.clock.advance(-2 * 3_600_000);
    }
  });
});

describe('simulation scope', () => {
  it('says when nothing is in scope instead of reporting zeros', async () => {
    const { version } = await newWindowSet('sim scope test', 'product', 'CONSUMER-STD');
    const today = h.app.clock.today();
    const none = await pm.rules.simulate({ versionId: version.id, date: today });
    expect(none).toMatchObject({ kind: 'window', scanned: 0, empty: true });

    await h.createLoan();
    const some = await pm.rules.simulate({ versionId: version.id, date: addDays(today, 60) });
    expect(some).toMatchObject({ kind: 'window', empty: false });
    expect(some.kind === 'window' && some.scanned).toBeGreaterThan(0);
  });
});

describe('validation errors for the console', () => {
  let cookie = '';
  beforeAll(async () => {
    const res = await fetch(`${h.baseUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: CONSOLE_ORIGIN },
      body: JSON.stringify({ username: 'pm', password: 'repay123' }),
    });
    cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  });
  interface Issue {
    field: string;
    message: string;
    code?: string;
    params?: Record<string, unknown>;
  }
  async function mutate(path: string, input: unknown) {
    const res = await fetch(`${h.baseUrl}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: CONSOLE_ORIGIN, cookie },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as {
      error: { message: string; data: { field: string | null; issues: Issue[] | null } };
    };
    return { status: res.status, error: body.error };
  }

  it('a rule body: every problem with its code, params and field', async () => {
    const [set] = await pm.rules.list({ kind: 'window' });
    const body = windowBody();
    body.slots = [{ start: '14:00', end: '13:00' }];
    body.eligibility.maxAttemptsPerDay = 99;
    const res = await mutate('rules.saveDraft', { ruleSetId: set!.id, body });
    expect(res.status).toBe(400);
    expect(res.error.data.issues).toEqual(
      expect.arrayContaining([
        {
          field: 'eligibility.maxAttemptsPerDay',
          message: expect.any(String),
          code: 'too_big',
          params: { maximum: 24 },
        },
      ]),
    );
    body.eligibility = windowBody().eligibility;
    const again = await mutate('rules.saveDraft', { ruleSetId: set!.id, body });
    expect(again.error.data.issues).toEqual([
      {
        field: 'slots[0].end',
        message: 'a slot ends after it starts (14:00–13:00)',
        code: 'slot_end_before_start',
        params: { start: '14:00', end: '13:00' },
      },
    ]);
    expect(again.error.data.field).toBe('body.slots[0].end');
  });

  it('an input the procedure parses: required, too long, invalid option, all at once', async () => {
    const res = await mutate('rules.create', {
      kind: 'colour',
      scopeType: 'global',
      name: 'x'.repeat(61),
      body: {},
    });
    expect(res.status).toBe(400);
    // The message and field stay as before (the first issue).
    expect(res.error.data.field).toBe('kind');
    expect(res.error.data.issues).toEqual([
      expect.objectContaining({ field: 'kind', code: 'invalid_enum' }),
      expect.objectContaining({ field: 'name', code: 'too_long', params: { maximum: 60 } }),
    ]);
    const missing = await mutate('rules.reject', { versionId: '1' });
    expect(missing.error.data.issues).toEqual([
      expect.objectContaining({ field: 'note', code: 'required', params: {} }),
    ]);
    const short = await mutate('rules.reject', { versionId: '1', note: 'x' });
    expect(short.error.data.issues).toEqual([
      expect.objectContaining({ field: 'note', code: 'too_short', params: { minimum: 2 } }),
    ]);
  });

  it('an unknown scope key is named with its code', async () => {
    const res = await mutate('rules.create', {
      kind: 'window',
      scopeType: 'business_line',
      scopeKey: 'pets',
      name: 'bad line',
      body: windowBody(),
    });
    expect(res.error.data.issues).toEqual([
      expect.objectContaining({
        field: 'scopeKey',
        code: 'unknown_business_line',
        params: { code: 'pets' },
      }),
    ]);
  });

  it('leaves the REST error body as it was: no codes, no params', async () => {
    const res = await h.api('POST', '/api/v1/loans', { orderNo: 'x' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error as object).sort()).toEqual(['code', 'field', 'message']);
  });
});
