/**
 * The approximate matching behind the classifier: folding away Nordic diacritics, inflected forms
 * of stems, and typo lookup through deletion neighbourhoods. Pure functions and plain maps, built
 * once per classifier, so each query costs a handful of map lookups.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const A = 97;
const E = 101;
const O = 111;

/** The base letter of a non-ASCII letter: æ → a, ø → o, and the accent dropped from the rest. */
const baseLetters = new Map<number, string>([
  [0xe6, 'a'],
  [0xf8, 'o'],
]);
const baseOf = (code: number): string => {
  let base = baseLetters.get(code);
  if (base === undefined) {
    base = String.fromCharCode(code).normalize('NFD').replace(COMBINING_MARKS, '');
    baseLetters.set(code, base);
  }
  return base;
};

/**
 * The spelling people fall back to without a Nordic keyboard: å → a or aa, ä → a or ae, ö → o or
 * oe, ø → o or oe, æ → ae or a. Both sides (lexicon and query) fold to one form, so each of those
 * spellings meets the others: "köpa", "kopa" and "koepa" all fold to "kopa". Other accents go too
 * (é → e). The digraphs fold in English words as well ("shoes" → "shos"), harmlessly: the folded
 * forms are only looked at when the word as typed has no exact match.
 *
 * One pass over the letters: an a after an a, and an e after an a or an o, are dropped.
 */
export const fold = (text: string): string => {
  let out: string | null = null;
  let previous = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const base = code < 128 ? null : baseOf(code);
    const letter = base === null ? code : base.length === 1 ? base.charCodeAt(0) : -1;
    const drop =
      (letter === A && previous === A) || (letter === E && (previous === A || previous === O));
    if (out === null && (base !== null || drop)) out = text.slice(0, i);
    if (out !== null && !drop) out += base ?? text[i];
    if (!drop) previous = letter;
  }
  return out ?? text;
};

/**
 * Endings a Swedish or Norwegian stem takes ("köp*": köpa, köper, köpt; "biljett*": biljetten,
 * biljetter). A stem rule matches a folded or misspelt word only with one of these after it, so
 * "kop*" finds "kopa" but not "kopia" or "koppla".
 */
export const STEM_ENDINGS = [
  '',
  'a',
  'e',
  'er',
  'es',
  'et',
  'en',
  'ar',
  'or',
  'as',
  'at',
  'na',
  'ne',
  'ene',
  'erna',
  'arna',
  't',
  'te',
  'ta',
  'tt',
  's',
  'ade',
  'ande',
  'ende',
  'era',
  'erar',
  'erade',
  'ere',
  'ing',
  'ingen',
  'ingar',
  'inger',
  'ning',
  'ningen',
  'ste',
  'ende',
];

/**
 * Below this length a changed letter is more often another word than a slip ("pride" and "prime"
 * for "price", "ordet" for "order", "bastu" for "basta"): short terms take a missing, extra or
 * swapped letter only.
 */
export const MIN_SUBSTITUTION_LENGTH = 7;

/** Same letters, two neighbours swapped: "reveiw" for "review". */
const isSwap = (a: string, b: string) => {
  let first = -1;
  for (let i = 0; i < a.length; i += 1) {
    if (a[i] === b[i]) continue;
    if (first >= 0)
      return (
        i === first + 1 &&
        a[first] === b[i] &&
        a[i] === b[first] &&
        a.slice(i + 1) === b.slice(i + 1)
      );
    first = i;
  }
  return false;
};

/**
 * The endings a stem is indexed with for typos: the common forms only. Every ending would multiply
 * the index (and the time to build it) for forms seldom typed, and seldom mistyped.
 */
export const TYPO_STEM_ENDINGS = new Set(['', 'a', 'e', 'er', 'en', 'et', 'era', 'ing', 'ning']);

/** Typo tolerance for a term of this length (folded): none below 5 letters, 2 edits from 9. */
export const maxEdits = (length: number) => (length >= 9 ? 2 : length >= 5 ? 1 : 0);

/** All strings made by deleting up to `depth` characters: the deletion neighbourhood. */
export const deletions = (word: string, depth: number, into = new Set<string>()): Set<string> => {
  into.add(word);
  if (depth === 0 || word.length <= 1) return into;
  for (let i = 0; i < word.length; i += 1) {
    const shorter = word.slice(0, i) + word.slice(i + 1);
    if (!into.has(shorter)) deletions(shorter, depth - 1, into);
  }
  return into;
};

let previous = new Uint8Array(64);
let current = new Uint8Array(64);
let beforePrevious = new Uint8Array(64);

/**
 * Edit distance counting a swap of two neighbouring letters as one edit (optimal string
 * alignment), stopping early once it exceeds `limit`: "downlaod" is one edit from "download".
 * Three reused rows instead of a matrix: this runs for every typo candidate.
 */
export const editDistance = (a: string, b: string, limit: number): number => {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (b.length + 1 > previous.length) {
    previous = new Uint8Array(b.length + 1);
    current = new Uint8Array(b.length + 1);
    beforePrevious = new Uint8Array(b.length + 1);
  }
  for (let j = 0; j <= b.length; j += 1) previous[j] = Math.min(j, 255);
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = Math.min(i, 255);
    let rowMin = current[0];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      )
        d = Math.min(d, beforePrevious[j - 2] + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    const spare = beforePrevious;
    beforePrevious = previous;
    previous = current;
    current = spare;
  }
  return previous[b.length];
};

/**
 * Typo lookup: every term's deletion neighbourhood is indexed once, so a word's candidates are
 * the terms sharing a deletion with it (symmetric delete), checked by edit distance.
 */
const HASH_BASE = 31;
const FILTER_BITS = 1 << 20;

/** A 32-bit polynomial hash, the same as `deletionHashes` computes for a word's deletions. */
const hash = (text: string) => {
  let h = 0;
  for (let i = 0; i < text.length; i += 1) h = (Math.imul(h, HASH_BASE) + text.charCodeAt(i)) | 0;
  return h >>> 0;
};

/**
 * Which endings of a word may be compound tails, from hashes alone: a word's tails are hashed
 * right to left in one pass, and only those whose hash is in the filter are cut out and looked up.
 */
export class SuffixFilter {
  private readonly bits = new Uint32Array(FILTER_BITS / 32);

  add(tail: string) {
    const bit = hash(tail) & (FILTER_BITS - 1);
    this.bits[bit >>> 5] |= 1 << (bit & 31);
  }

  /** Start positions of the word's possible tails, longest tail first. */
  endings(word: string, minHead: number, minTail: number): number[] {
    const found: number[] = [];
    let h = 0;
    let power = 1;
    for (let at = word.length - 1; at >= minHead; at -= 1) {
      h = (h + Math.imul(word.charCodeAt(at), power)) | 0;
      power = Math.imul(power, HASH_BASE);
      if (word.length - at < minTail) continue;
      const bit = (h >>> 0) & (FILTER_BITS - 1);
      if (this.bits[bit >>> 5] & (1 << (bit & 31))) found.push(at);
    }
    return found.reverse();
  }
}

export class TypoIndex {
  private readonly index = new Map<string, string[]>();
  /**
   * One bit per hash of an indexed deletion: most words are no term's neighbour, and the filter
   * says so from hashes alone, without building the deleted strings or reading the map.
   */
  private readonly filter = new Uint32Array(FILTER_BITS / 32);
  private prefix = new Int32Array(64);
  private powers = new Int32Array(64);

  private mayHave(h: number) {
    const bit = h & (FILTER_BITS - 1);
    return (this.filter[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }

  private readonly terms = new Set<string>();

  add(term: string) {
    const edits = maxEdits(term.length);
    if (!edits || this.terms.has(term)) return;
    this.terms.add(term);
    for (const variant of deletions(term, edits)) {
      const bit = hash(variant) & (FILTER_BITS - 1);
      this.filter[bit >>> 5] |= 1 << (bit & 31);
      const list = this.index.get(variant);
      if (!list) this.index.set(variant, [term]);
      else if (!list.includes(term)) list.push(term);
    }
  }

  /**
   * The closest term within its allowed edits, or null. The first letter must agree: a different
   * first letter is more often another word ("pasta", "bästa") than a slip of the finger.
   *
   * The terms' neighbourhoods go two deletions deep, the word's one: that finds every single edit,
   * and two edits when at most one of them added a letter or changed one (a word typed longer by
   * two letters is missed). One level on the word's side keeps a lookup to length + 1 map reads.
   */
  lookup(word: string): { term: string; distance: number } | null {
    if (word.length < 4) return null;
    let best: { term: string; distance: number } | null = null;
    let checked: string[] | null = null;
    const length = word.length;
    if (length + 1 > this.prefix.length) {
      this.prefix = new Int32Array(length + 1);
      this.powers = new Int32Array(length + 1);
    }
    const { prefix, powers } = this;
    prefix[0] = 0;
    powers[0] = 1;
    for (let i = 0; i < length; i += 1) {
      prefix[i + 1] = (Math.imul(prefix[i], HASH_BASE) + word.charCodeAt(i)) | 0;
      powers[i + 1] = Math.imul(powers[i], HASH_BASE);
    }
    for (let i = -1; i < length; i += 1) {
      // The hash of the word without letter i: its head shifted over the tail that follows.
      const h =
        i < 0
          ? prefix[length]
          : (Math.imul(prefix[i], powers[length - 1 - i]) +
              (prefix[length] - Math.imul(prefix[i + 1], powers[length - 1 - i]))) |
            0;
      if (!this.mayHave(h >>> 0)) continue;
      const variant = i < 0 ? word : word.slice(0, i) + word.slice(i + 1);
      const candidates = this.index.get(variant);
      if (!candidates) continue;
      for (const term of candidates) {
        if (term.charCodeAt(0) !== word.charCodeAt(0) || term === word) continue;
        if (checked?.includes(term)) continue;
        (checked ??= []).push(term);
        const limit = maxEdits(term.length);
        const distance = editDistance(word, term, limit);
        if (distance > limit) continue;
        if (
          term.length < MIN_SUBSTITUTION_LENGTH &&
          word.length === term.length &&
          !isSwap(word, term)
        )
          continue;
        if (
          !best ||
          distance < best.distance ||
          (distance === best.distance && term.length > best.term.length)
        )
          best = { term, distance };
      }
    }
    return best;
  }

  get size() {
    return this.index.size;
  }
}
