import { DemandParseError } from './errors';

const lineAt = (bytes: Uint8Array, offset: number) => {
  let line = 1;
  for (let i = 0; i < offset; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
};

/** The offset of the first byte that is not valid UTF-8, or -1. */
const firstInvalidUtf8 = (bytes: Uint8Array): number => {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i;
    let code = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k += 1) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
};

/**
 * UTF-8 text and whether it began with a byte-order mark. Anything else is refused with the line
 * of the first bad byte: guessing Latin-1 would store "lÃ¶parskor" for some files and not others.
 */
export const decodeUtf8 = (input: Uint8Array | string): { text: string; bom: boolean } => {
  if (typeof input === 'string') {
    const bom = input.charCodeAt(0) === 0xfeff;
    return { text: bom ? input.slice(1) : input, bom };
  }
  const bytes = input;
  if (
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff) ||
    // UTF-16 without a BOM: every other byte of ASCII text is zero.
    (bytes.length >= 4 && (bytes[1] === 0 || bytes[0] === 0) && bytes[2] !== 0 && bytes[3] === 0)
  ) {
    throw new DemandParseError(
      'Line 1: the file is UTF-16, not UTF-8 (Excel\'s "Unicode text" and some keyword tools write UTF-16). Save it as "CSV UTF-8" and import it again.',
      1
    );
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    const line = lineAt(body, bad);
    const byte = body[bad].toString(16).toUpperCase().padStart(2, '0');
    throw new DemandParseError(
      `Line ${line}: the file is not UTF-8 (byte 0x${byte} cannot start or continue a UTF-8 character; Latin-1 or Windows-1252, as older Excel versions save "ö" and "å", look like this). Save it as "CSV UTF-8" and import it again.`,
      line
    );
  }
  if (body.includes(0)) {
    const line = lineAt(body, body.indexOf(0));
    throw new DemandParseError(
      `Line ${line}: the file contains a NUL byte; it is not a text file, or it is UTF-16. Save it as "CSV UTF-8" and import it again.`,
      line
    );
  }
  return { text: Buffer.from(body).toString('utf8'), bom };
};
