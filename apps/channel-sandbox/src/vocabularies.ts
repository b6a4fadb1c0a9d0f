// Each instance answers in its own raw code vocabulary, imitating a different real channel,
// so that classification really has to be per adapter (docs/domain.md, result classes).
export const OUTCOMES = [
  'SUCCESS',
  'PROCESSING',
  'BUSY',
  'INSUFFICIENT_FUNDS',
  'OVER_SINGLE_LIMIT',
  'OVER_DAILY_LIMIT',
  'CARD_FROZEN',
  'NO_AGREEMENT',
  'SIGNATURE_ERROR',
  'PARAM_ERROR',
  'DUPLICATE_ORDER',
  'ORDER_NOT_FOUND',
  'BIND_CODE_WRONG',
  'MAINTENANCE',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type Vocabulary = Record<Outcome, { code: string; msg: string }>;

/** 宝付-like: "0000" and BFxxxxx codes. */
const baofooLike: Vocabulary = {
  SUCCESS: { code: '0000', msg: '交易成功' },
  PROCESSING: { code: 'BF00100', msg: '交易处理中' },
  BUSY: { code: 'BF00112', msg: '系统繁忙，请稍后查询' },
  INSUFFICIENT_FUNDS: { code: 'BF00313', msg: '余额不足' },
  OVER_SINGLE_LIMIT: { code: 'BF00315', msg: '超过单笔限额' },
  OVER_DAILY_LIMIT: { code: 'BF00316', msg: '超过单日限额' },
  CARD_FROZEN: { code: 'BF00311', msg: '卡状态异常（挂失/冻结）' },
  NO_AGREEMENT: { code: 'BF00312', msg: '协议不存在或已解约' },
  SIGNATURE_ERROR: { code: 'BF00401', msg: '验签失败' },
  PARAM_ERROR: { code: 'BF00402', msg: '参数错误' },
  DUPLICATE_ORDER: { code: 'BF00201', msg: '订单已存在' },
  ORDER_NOT_FOUND: { code: 'BF00202', msg: '订单不存在' },
  BIND_CODE_WRONG: { code: 'BF00501', msg: '短信验证码错误' },
  MAINTENANCE: { code: 'BF00999', msg: '系统维护中' },
};

/** 通联-like: four-digit codes, "0000" success, 2xxx processing, 3xxx business failures. */
const allinpayLike: Vocabulary = {
  SUCCESS: { code: '0000', msg: '处理成功' },
  PROCESSING: { code: '2000', msg: '处理中' },
  BUSY: { code: '2008', msg: '结果未知' },
  INSUFFICIENT_FUNDS: { code: '3051', msg: '资金不足' },
  OVER_SINGLE_LIMIT: { code: '3061', msg: '超出单笔金额限制' },
  OVER_DAILY_LIMIT: { code: '3065', msg: '超出当日累计限额' },
  CARD_FROZEN: { code: '3054', msg: '卡已挂失或冻结' },
  NO_AGREEMENT: { code: '3058', msg: '无效协议号' },
  SIGNATURE_ERROR: { code: '1001', msg: '签名错误' },
  PARAM_ERROR: { code: '1002', msg: '请求参数不合法' },
  DUPLICATE_ORDER: { code: '3045', msg: '重复的交易流水' },
  ORDER_NOT_FOUND: { code: '3046', msg: '交易不存在' },
  BIND_CODE_WRONG: { code: '3080', msg: '验证码不正确' },
  MAINTENANCE: { code: '3999', msg: '系统错误' },
};

/** 银联-like: two-character ISO 8583 style response codes. */
const unionpayLike: Vocabulary = {
  SUCCESS: { code: '00', msg: '成功' },
  PROCESSING: { code: '05', msg: '交易处理中' },
  BUSY: { code: '96', msg: '系统异常' },
  INSUFFICIENT_FUNDS: { code: '51', msg: '余额不足' },
  OVER_SINGLE_LIMIT: { code: '61', msg: '超出金额限制' },
  OVER_DAILY_LIMIT: { code: '65', msg: '超出取款次数/累计限制' },
  CARD_FROZEN: { code: '14', msg: '无效卡号（挂失或冻结）' },
  NO_AGREEMENT: { code: '40', msg: '协议未签约' },
  SIGNATURE_ERROR: { code: 'A0', msg: 'MAC校验错' },
  PARAM_ERROR: { code: '30', msg: '报文格式错' },
  DUPLICATE_ORDER: { code: '94', msg: '重复交易' },
  ORDER_NOT_FOUND: { code: '25', msg: '找不到原始交易' },
  BIND_CODE_WRONG: { code: '55', msg: '验证码错误' },
  MAINTENANCE: { code: '91', msg: '发卡方或交换中心不能操作' },
};

export const VOCABULARIES = {
  baofoo: baofooLike,
  allinpay: allinpayLike,
  unionpay: unionpayLike,
} as const;
export type VocabularyName = keyof typeof VOCABULARIES;
