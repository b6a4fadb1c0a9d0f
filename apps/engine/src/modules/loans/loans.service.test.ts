import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';
import { intakeRequestHash } from './loans.service';
import { createLoanInput } from './loans.schema';
import { exampleLoan } from '../../testing/harness';

const parse = (body: unknown) => createLoanInput.parse(body);

describe('intake request hash', () => {
  it('is the same for equal content written differently', () => {
    const a = parse(exampleLoan());
    const { principal: _p, residualValue: _r, paymentTiming: _t, ...rest } = exampleLoan();
    const b = parse({ ...rest, principal: '100000', paymentTiming: 'arrears' });
    expect(intakeRequestHash(a)).toBe(intakeRequestHash(b));
    const c = parse(
      exampleLoan({ principal: '100000.0', annualRate: '0.1200', residualValue: '0' }),
    );
    expect(intakeRequestHash(c)).toBe(intakeRequestHash(a));
  });

  it('differs when any term differs', () => {
    const base = intakeRequestHash(parse(exampleLoan()));
    expect(intakeRequestHash(parse(exampleLoan({ annualRate: '0.13' })))).not.toBe(base);
    expect(intakeRequestHash(parse(exampleLoan({ card: undefined })))).not.toBe(base);
    expect(
      intakeRequestHash(
        parse(
          exampleLoan({
            borrower: { name: '张三', idNo: '110101199003071233', mobile: '13900139000' },
          }),
        ),
      ),
    ).not.toBe(base);
  });
});

describe('loan list cursor', () => {
  it('round-trips and refuses junk', () => {
    expect(decodeCursor(encodeCursor(12345678901234n))).toBe(12345678901234n);
    expect(() => decodeCursor('garbage')).toThrow(/cursor/);
    expect(() => decodeCursor(Buffer.from('l:-1').toString('base64url'))).toThrow();
  });
});
