const EMPTY_NUMBER = new Set(['', '-', '–', '—', 'n/a', 'na', '--']);

/** Spaces a spreadsheet puts between thousands: space, no-break space, narrow no-break, thin. */
const GROUP_SPACES = /(?<=\d)[ \u00a0\u202f\u2009'](?=\d{3}(\D|$))/g;

export interface NumberContext {
  /** The file writes decimals with a comma (Swedish and Norwegian Excel, semicolon files). */
  decimalComma: boolean;
}

/**
 * A number as Search Console and spreadsheets in en, sv and nb write it: "1,234" or "1 234"
 * (no-break space), "4.5%" or "4,5 %", "8.3" or "8,3". Returns null for an empty cell, NaN for
 * text that is no number.
 */
export const readNumber = (
  raw: unknown,
  { decimalComma }: NumberContext
): { value: number | null; percent: boolean } => {
  if (raw === null || raw === undefined) return { value: null, percent: false };
  if (typeof raw === 'number') return { value: Number.isFinite(raw) ? raw : NaN, percent: false };
  if (typeof raw !== 'string') return { value: NaN, percent: false };
  let text = raw.trim();
  if (EMPTY_NUMBER.has(text.toLowerCase())) return { value: null, percent: false };
  let percent = false;
  if (/\s*%$/.test(text)) {
    percent = true;
    text = text.replace(/\s*%$/, '');
  }
  text = text.replace(GROUP_SPACES, '');
  const hasComma = text.includes(',');
  const hasDot = text.includes('.');
  if (hasComma && hasDot) {
    // The later one is the decimal mark: "1,234.5" or "1.234,5".
    text =
      text.lastIndexOf(',') > text.lastIndexOf('.')
        ? text.replace(/\./g, '').replace(',', '.')
        : text.replace(/,/g, '');
  } else if (hasComma) {
    text =
      !decimalComma && /^-?\d{1,3}(,\d{3})+$/.test(text)
        ? text.replace(/,/g, '')
        : /^-?\d+,\d+$/.test(text)
          ? text.replace(',', '.')
          : text;
  } else if (hasDot && decimalComma && /^-?\d{1,3}(\.\d{3})+$/.test(text)) {
    text = text.replace(/\./g, '');
  }
  if (!/^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(text)) return { value: NaN, percent };
  return { value: Number(text), percent };
};
