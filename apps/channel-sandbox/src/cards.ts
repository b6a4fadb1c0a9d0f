// Deterministic test cards, as payment sandboxes publish them: behaviour by the card
// number's last four digits, and a balance derived from the number itself.

export type CardBehaviour =
  | 'success'
  | 'insufficient'
  | 'frozen'
  | 'over_single_limit'
  | 'pending_then_success'
  | 'pending_then_failure'
  | 'timeout_but_succeeded'
  | 'by_balance';

export function behaviourOf(cardNo: string): CardBehaviour {
  switch (cardNo.slice(-4)) {
    case '0000':
      return 'success';
    case '0051':
      return 'insufficient';
    case '0054':
      return 'frozen';
    case '0061':
      return 'over_single_limit';
    case '0099':
      return 'pending_then_success';
    case '0098':
      return 'pending_then_failure';
    case '0097':
      return 'timeout_but_succeeded';
    default:
      return 'by_balance';
  }
}

/**
 * Payout test accounts, by the payee account number's last four digits: the debit cards' tails
 * (0054 is a frozen or invalid account), less the debit limit: 0061 is an ordinary account.
 * An ordinary account is paid when the merchant account at the channel covers amount + fee;
 * the others do what their tail says whatever that balance, as test cards do whatever theirs.
 */
export type AccountBehaviour = Exclude<CardBehaviour, 'over_single_limit'>;

export function accountBehaviourOf(accountNo: string): AccountBehaviour {
  const behaviour = behaviourOf(accountNo);
  return behaviour === 'over_single_limit' ? 'by_balance' : behaviour;
}

/** Opening balance in fen, ¥1,000.00–¥50,999.99, the same for the same card every run. */
export function openingBalanceFen(cardNo: string): number {
  let h = 0;
  for (const ch of cardNo) h = (h * 31 + ch.charCodeAt(0)) % 1_000_003;
  return 100_000 + ((h * 4_999) % 5_000_000);
}

/** docs/domain.md's card mask: first six, six stars, last four (622202******1234). */
export function maskCard(cardNo: string): string {
  return cardNo.length <= 10 ? '****' : `${cardNo.slice(0, 6)}******${cardNo.slice(-4)}`;
}
