/**
 * A cell a spreadsheet would not run as a formula: text starting with `=`, `+`, `-`, `@`, a tab or
 * a carriage return gets a leading apostrophe (OWASP's advice against CSV injection), since names
 * and company names come from people and files we do not control.
 */
export function neutralizeCell(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
