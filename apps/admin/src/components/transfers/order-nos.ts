// The order numbers typed or pasted into the new-transfer form: one per line, or separated by
// commas (also a full-width comma, a semicolon or blanks, as pasted from a spreadsheet). Each is
// trimmed and empty entries dropped; a number listed twice stays twice, so the engine refuses
// it on the field rather than the console hiding the mistake.
const SEPARATORS = /[\s,，;；、]+/;

export function parseOrderNos(text: string | undefined): string[] {
  return (text ?? '').split(SEPARATORS).filter((orderNo) => orderNo !== '');
}
