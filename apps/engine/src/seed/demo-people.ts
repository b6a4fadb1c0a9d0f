// Deterministic fake people and cards for the demo seed (valid ID and card checksums, plausible BINs).
import { luhnCardNo } from '@repay/rules';

const surnames = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈',
];
const givenNames = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞建国志文'];
const regionCodes = [
  '110101',
  '310104',
  '440305',
  '330106',
  '320102',
  '510107',
  '420106',
  '340304',
  '370202',
  '610113',
];
export const banks = [
  { code: 'ICBC', bin: '622202' },
  { code: 'CCB', bin: '621700' },
  { code: 'ABC', bin: '622848' },
  { code: 'BOC', bin: '621661' },
  { code: 'CMB', bin: '622588' },
  { code: 'BOCOM', bin: '622262' },
] as const;

/** mulberry32: small, fast, reproducible. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

type Rng = ReturnType<typeof prng>;

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

export function idNoWithChecksum(first17: string): string {
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * idWeights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');

export function fakePerson(rng: Rng) {
  const given = rng.int(1, 2);
  const name =
    rng.pick(surnames) + Array.from({ length: given }, () => rng.pick(givenNames)).join('');
  const birth = `${rng.int(1965, 2003)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}`;
  const idNo = idNoWithChecksum(rng.pick(regionCodes) + birth + digits(rng, 3));
  const mobile = `1${rng.pick(['3', '5', '7', '8', '9'])}${digits(rng, 9)}`;
  const bank = rng.pick(banks);
  // The same draws as ever (the demo data stays the same), one digit adjusted so the number
  // passes the Luhn check; the last four, which the channel sandbox reads, are kept.
  const drawn = digits(rng, 13);
  const cardNo = luhnCardNo(bank.bin + drawn.slice(0, 8), drawn.slice(9));
  return { name, idNo, mobile, card: { cardNo, bankCode: bank.code } };
}
