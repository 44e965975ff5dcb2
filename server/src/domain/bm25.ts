/**
 * Does a published document answer a search query? An explainable score: BM25F over a document's
 * title, slug (read as words) and focus keyword, with the intent classifier's tokens and its
 * diacritic folding, so "löparskor", "loparskor" and "loeparskor" are one word on both sides.
 *
 * Analysis: `tokenize` (lower case, letters and digits) → stopwords of the language dropped
 * ("how", "to", "för", "og": they say nothing about the topic and would match everything) →
 * `fold` (å, ä, æ → a; ö, ø → o; other accents dropped).
 *
 * BM25F (Robertson & Zaragoza 2009, "The Probabilistic Relevance Framework"): one pseudo term
 * frequency per (document, term) that sums the fields' occurrences, each weighted and normalised
 * by the field's length against its average in the collection:
 *
 *   tf~(t, d) = Σ_f  w_f · tf_f(t, d) / (1 − b_f + b_f · len_f(d) / avglen_f)
 *   s(t, d)   = tf~ · (k1 + 1) / (k1 + tf~)                         (saturation; s = 1 at tf~ = 1)
 *   idf(t)    = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))          (Lucene's, never negative)
 *   raw(q, d) = Σ_{t ∈ q} idf(t) · s(t, d)                          (the BM25F score)
 *
 * k1 = 1.2 (the textbook value: a second occurrence adds less than the first). Field weights and
 * b: title 1 and 0.75; focus keyword 1 and 0.5 (keywords are short and length says little);
 * slug 0.6 and 0.75 (it usually repeats the title, so it counts less, but it is all some entries
 * have). The statistics (N, df, average lengths) are those of the documents searched together.
 *
 * The normalised score, which the threshold compares against, is the share of the query's
 * information the document carries:
 *
 *   score(q, d) = Σ_{t ∈ q} idf(t) · min(1, s(t, d))  ÷  Σ_{t ∈ q} idf(t)        (0..1)
 *
 * The divisor is the query's self-score: the raw score of a document that has each query word
 * once in a title of average length. So 1 means "every word of the query is in the title (or the
 * focus keyword)"; a missing rare word costs more than a missing common one; a word found only
 * in the slug, or in a long title, counts partly. Capping each word at 1 keeps a word repeated
 * many times from making up for one that is missing. Between documents with the same score the
 * raw BM25F score decides (more occurrences, shorter fields).
 *
 * Pure: no Strapi. The index is plain typed arrays, built once and searched many times.
 */
import { fold } from '../intent/fuzzy';
import { languageOfLocale, tokenize } from '../intent/classifier';
import type { Language } from './intents';

export const K1 = 1.2;

export const FIELDS = ['title', 'slug', 'keyword'] as const;
export type Field = (typeof FIELDS)[number];

export const FIELD_PARAMS: Record<Field, { weight: number; b: number }> = {
  title: { weight: 1, b: 0.75 },
  slug: { weight: 0.6, b: 0.75 },
  keyword: { weight: 1, b: 0.5 },
};

/**
 * Words that carry no topic, per language, as typed (before folding). Kept short on purpose:
 * "best", "buy", "price", "near" stay, since they are what a query is about as often as not.
 */
export const STOPWORDS: Record<Language, ReadonlySet<string>> = {
  en: new Set(
    'a an and are as at be by can do does for from how i in is it my of on or the this to what when where which who why with you your'.split(
      ' '
    )
  ),
  sv: new Set(
    'och i på att en ett det som är för med till av den de om hur vad var när vilken vilka jag du min mitt sig kan har eller från vid så'.split(
      ' '
    )
  ),
  nb: new Set(
    'og i på å en et ei det som er for med til av den de om hvordan hva hvor når hvilken hvilke jeg du min mitt seg kan har eller fra ved så'.split(
      ' '
    )
  ),
};

const ALL_STOPWORDS = new Set(Object.values(STOPWORDS).flatMap((s) => [...s]));

/**
 * The terms of a text as the index and the queries see them. `language` picks the stopwords;
 * without one (a locale the classifier has no lexicon for) the three lists together.
 */
export const analyze = (text: string | null | undefined, language?: Language | null): string[] => {
  if (!text) return [];
  const stop = language ? STOPWORDS[language] : ALL_STOPWORDS;
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    if (stop.has(token)) continue;
    terms.push(fold(token));
  }
  return terms;
};

/** The language whose stopwords apply to a Strapi locale code (null: all of them). */
export const languageOf = (locale: string | null | undefined): Language | null =>
  languageOfLocale(locale ?? undefined);

/** Distinct terms of a query, in order of first appearance. */
export const queryTerms = (query: string, language?: Language | null): string[] => [
  ...new Set(analyze(query, language)),
];

export const idf = (documents: number, documentFrequency: number) =>
  Math.log(1 + (documents - documentFrequency + 0.5) / (documentFrequency + 0.5));

export const saturate = (tf: number) => (tf <= 0 ? 0 : (tf * (K1 + 1)) / (K1 + tf));

export interface IndexDocument {
  title?: string | null;
  slug?: string | null;
  keyword?: string | null;
}

/** What one searched collection contributes to the combined statistics. */
export interface CollectionStats {
  documents: number;
  /** Average field lengths, in terms. */
  avgLength: Record<Field, number>;
  documentFrequency: (term: string) => number;
}

/** The per-field lengths normalised as BM25F does: 1 − b + b · len / avglen. */
const lengthNorm = (field: Field, length: number, avg: number) => {
  const { b } = FIELD_PARAMS[field];
  return avg > 0 ? 1 - b + (b * length) / avg : 1;
};

/** The pseudo term frequency of every term of one document (BM25F's tf~). */
export const pseudoTf = (
  fields: Record<Field, string[]>,
  avgLength: Record<Field, number>
): Map<string, number> => {
  const tf = new Map<string, number>();
  for (const field of FIELDS) {
    const terms = fields[field];
    if (!terms.length) continue;
    const weight = FIELD_PARAMS[field].weight / lengthNorm(field, terms.length, avgLength[field]);
    for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + weight);
  }
  return tf;
};

export interface TermExplanation {
  term: string;
  idf: number;
  /** BM25F's pseudo term frequency of the term in the document (0: absent). */
  tf: number;
  /** Raw occurrences per field. */
  fields: Record<Field, number>;
  /** idf · s(tf~): the term's part of the raw score. */
  contribution: number;
  /** idf · min(1, s(tf~)) ÷ the query's self-score: the term's part of the normalised score. */
  weight: number;
}

export interface Explanation {
  /** Normalised, 0..1: what the threshold is compared with. */
  score: number;
  /** The BM25F score. */
  raw: number;
  /** Σ idf of the query's terms: the divisor of the normalised score. */
  selfScore: number;
  terms: TermExplanation[];
}

const round = (value: number, digits = 4) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/**
 * The score of one document for one query, term by term: the same numbers the index computes,
 * from the document's text, for showing why a document matched.
 */
export const explain = (
  query: string,
  doc: IndexDocument,
  stats: CollectionStats,
  language?: Language | null
): Explanation => {
  const terms = queryTerms(query, language);
  const fields = {
    title: analyze(doc.title, language),
    slug: analyze(doc.slug, language),
    keyword: analyze(doc.keyword, language),
  };
  const tf = pseudoTf(fields, stats.avgLength);
  const idfs = terms.map((t) => idf(stats.documents, stats.documentFrequency(t)));
  const selfScore = idfs.reduce((a, b) => a + b, 0);
  let raw = 0;
  let capped = 0;
  const explained = terms.map((term, i) => {
    const s = saturate(tf.get(term) ?? 0);
    raw += idfs[i] * s;
    capped += idfs[i] * Math.min(1, s);
    return {
      term,
      idf: round(idfs[i]),
      tf: round(tf.get(term) ?? 0),
      fields: {
        title: fields.title.filter((t) => t === term).length,
        slug: fields.slug.filter((t) => t === term).length,
        keyword: fields.keyword.filter((t) => t === term).length,
      },
      contribution: round(idfs[i] * s),
      weight: selfScore > 0 ? round((idfs[i] * Math.min(1, s)) / selfScore) : 0,
    };
  });
  return {
    score: selfScore > 0 ? round(capped / selfScore) : 0,
    raw: round(raw),
    selfScore: round(selfScore),
    terms: explained,
  };
};

/**
 * An inverted index over one collection (one content type in one locale), with a forward index
 * beside it: the postings add up the query's rarer words over every document holding them, the
 * forward lists add the common words to the few documents still in the running.
 */
export class Bm25Index {
  readonly size: number;
  readonly avgLength: Record<Field, number>;
  /** Documents with a non-empty field, per field: the weights of the combined averages. */
  readonly fieldDocuments: Record<Field, number>;
  private readonly termIds = new Map<string, number>();
  /** Per term: documents (ascending) and min(1, s(tf~)), as offsets into two flat arrays. */
  readonly postingStart: Int32Array;
  readonly postingDocs: Int32Array;
  readonly postingCapped: Float32Array;
  /** Per document: its terms (ids) and their tf~. */
  readonly docStart: Int32Array;
  readonly docTerms: Int32Array;
  readonly docTf: Float32Array;

  constructor(docs: IndexDocument[], language?: Language | null) {
    this.size = docs.length;
    const analysed = docs.map((d) => ({
      title: analyze(d.title, language),
      slug: analyze(d.slug, language),
      keyword: analyze(d.keyword, language),
    }));
    // Averaged over the documents that have the field: a type without slugs beside one with
    // them must not make every slug look long.
    const avg = { title: 0, slug: 0, keyword: 0 } as Record<Field, number>;
    const having = { title: 0, slug: 0, keyword: 0 } as Record<Field, number>;
    for (const a of analysed) {
      for (const f of FIELDS) {
        avg[f] += a[f].length;
        if (a[f].length) having[f] += 1;
      }
    }
    for (const f of FIELDS) avg[f] = having[f] ? avg[f] / having[f] : 0;
    this.avgLength = avg;
    this.fieldDocuments = having;

    const perDoc = analysed.map((a) => pseudoTf(a, avg));
    const df: number[] = [];
    let entries = 0;
    for (const tf of perDoc) {
      for (const term of tf.keys()) {
        let id = this.termIds.get(term);
        if (id === undefined) {
          id = this.termIds.size;
          this.termIds.set(term, id);
          df.push(0);
        }
        df[id] += 1;
        entries += 1;
      }
    }
    this.postingStart = new Int32Array(df.length + 1);
    for (let t = 0; t < df.length; t += 1) this.postingStart[t + 1] = this.postingStart[t] + df[t];
    this.postingDocs = new Int32Array(entries);
    this.postingCapped = new Float32Array(entries);
    this.docStart = new Int32Array(docs.length + 1);
    this.docTerms = new Int32Array(entries);
    this.docTf = new Float32Array(entries);
    const fill = this.postingStart.slice(0, df.length);
    let at = 0;
    perDoc.forEach((tf, doc) => {
      this.docStart[doc] = at;
      for (const [term, value] of tf) {
        const id = this.termIds.get(term) as number;
        this.docTerms[at] = id;
        this.docTf[at] = value;
        at += 1;
        const p = fill[id];
        this.postingDocs[p] = doc;
        this.postingCapped[p] = Math.min(1, saturate(value));
        fill[id] = p + 1;
      }
    });
    this.docStart[docs.length] = at;
  }

  termId(term: string): number {
    return this.termIds.get(term) ?? -1;
  }

  documentFrequency(term: string): number {
    const id = this.termId(term);
    return id < 0 ? 0 : this.postingStart[id + 1] - this.postingStart[id];
  }

  /** tf~ of a term (by id) in a document: a scan of the document's few terms. */
  tf(doc: number, termId: number): number {
    const end = this.docStart[doc + 1];
    for (let i = this.docStart[doc]; i < end; i += 1) {
      if (this.docTerms[i] === termId) return this.docTf[i];
    }
    return 0;
  }

  /** Approximate bytes held by the typed arrays and the term dictionary. */
  get bytes(): number {
    const arrays =
      this.postingStart.byteLength +
      this.postingDocs.byteLength +
      this.postingCapped.byteLength +
      this.docStart.byteLength +
      this.docTerms.byteLength +
      this.docTf.byteLength;
    let dictionary = 0;
    // A Map entry with a short string key: about 50 bytes of V8 overhead plus two per character.
    for (const term of this.termIds.keys()) dictionary += 50 + term.length * 2;
    return arrays + dictionary;
  }

  get terms(): number {
    return this.termIds.size;
  }
}

/** The statistics of several collections searched together, as one collection's. */
export const combinedStats = (indexes: Bm25Index[]): CollectionStats => {
  const documents = indexes.reduce((n, i) => n + i.size, 0);
  const avgLength = { title: 0, slug: 0, keyword: 0 } as Record<Field, number>;
  for (const f of FIELDS) {
    const having = indexes.reduce((n, i) => n + i.fieldDocuments[f], 0);
    avgLength[f] = having
      ? indexes.reduce((sum, i) => sum + i.avgLength[f] * i.fieldDocuments[f], 0) / having
      : 0;
  }
  return {
    documents,
    avgLength,
    documentFrequency: (term) => indexes.reduce((n, i) => n + i.documentFrequency(term), 0),
  };
};

export interface Hit {
  /** Which of the searched indexes, and the document's position in it. */
  index: number;
  doc: number;
  score: number;
  raw: number;
}

export interface SearchOptions {
  /** Documents that may not be returned (rows the caller may not read). */
  allowed?: (index: number, doc: number) => boolean;
  /** Documents of the query's own cell: the best of them is returned apart. */
  inCell?: (index: number, doc: number) => boolean;
  /** The normalised score a cell match must reach to matter (the served threshold). */
  cellThreshold?: number;
}

export interface SearchResult {
  terms: string[];
  /** The best document of all, and the best of the query's cell at or above the threshold. */
  best: Hit | null;
  bestInCell: Hit | null;
}

const better = (score: number, raw: number, b: Hit | null) =>
  !b || score > b.score || (score === b.score && raw > b.raw);

/** Accumulators per index, reused from query to query (search is synchronous). */
const scratch = new WeakMap<Bm25Index, { acc: Float32Array; touched: Int32Array }>();
const scratchOf = (index: Bm25Index) => {
  let found = scratch.get(index);
  if (!found) {
    found = { acc: new Float32Array(index.size), touched: new Int32Array(index.size) };
    scratch.set(index, found);
  }
  return found;
};

/**
 * The best document for a query across several indexes, and the best of its cell.
 *
 * MaxScore (Turtle & Flood 1995) on the normalised score, where a word adds at most its share
 * of the query's idf. Words are taken rarest first and their postings added up per document
 * (the leading document of each list is scored whole, for a real score to beat). Once the words
 * left could not lift a document not met yet above that score (nor to the threshold in the
 * query's cell), their postings, the longest, are not read: those common words are looked up
 * only in the documents already met that could still win, through the forward lists. Exact: the
 * same best document as scoring every document (a unit test checks it).
 */
export const search = (
  indexes: Bm25Index[],
  terms: string[],
  stats: CollectionStats,
  options: SearchOptions = {}
): SearchResult => {
  const result: SearchResult = { terms, best: null, bestInCell: null };
  if (!terms.length || !stats.documents) return result;
  const weighted = terms
    .map((term) => ({ term, idf: idf(stats.documents, stats.documentFrequency(term)) }))
    .sort((a, b) => b.idf - a.idf);
  const selfScore = weighted.reduce((sum, t) => sum + t.idf, 0);
  if (selfScore <= 0) return result;
  const m = weighted.length;
  const share = weighted.map((t) => t.idf / selfScore);
  // rest[k]: the most the words from k on can add (each capped at its share).
  const rest = new Float64Array(m + 1);
  for (let k = m - 1; k >= 0; k -= 1) rest[k] = rest[k + 1] + share[k];
  const { inCell, allowed } = options;
  const cellThreshold = options.cellThreshold ?? 0;

  const ids = indexes.map((index) => weighted.map((t) => index.termId(t.term)));
  const scratches = indexes.map(scratchOf);
  const touchedCount = indexes.map(() => 0);

  /** The document's whole score from its forward list: partial + the words from `from` on. */
  const finish = (i: number, doc: number, partial: number, from: number, isInCell: boolean) => {
    const index = indexes[i];
    let score = partial;
    let raw = 0;
    for (let j = 0; j < m; j += 1) {
      const id = ids[i][j];
      if (id < 0) continue;
      const tf = index.tf(doc, id);
      if (tf === 0) continue;
      const s = saturate(tf);
      raw += weighted[j].idf * s;
      if (j >= from) score += share[j] * Math.min(1, s);
    }
    if (better(score, raw, result.best)) result.best = { index: i, doc, score, raw };
    if (isInCell && score >= cellThreshold && better(score, raw, result.bestInCell)) {
      result.bestInCell = { index: i, doc, score, raw };
    }
  };

  let k = 0;
  for (; k < m; k += 1) {
    // A document not met yet can reach `rest[k]` at most: worth looking for only if that could
    // beat the best found, or reach the threshold (and the best so far) in the query's cell.
    const bound = rest[k];
    if (
      bound < (result.best?.score ?? 0) &&
      (!inCell || bound < Math.max(cellThreshold, result.bestInCell?.score ?? 0))
    ) {
      break;
    }
    const weight = share[k];
    for (let i = 0; i < indexes.length; i += 1) {
      const termId = ids[i][k];
      if (termId < 0) continue;
      const index = indexes[i];
      const { acc, touched } = scratches[i];
      const end = index.postingStart[termId + 1];
      let top = -1;
      let topScore = 0;
      for (let p = index.postingStart[termId]; p < end; p += 1) {
        const doc = index.postingDocs[p];
        if (allowed && !allowed(i, doc)) continue;
        const before = acc[doc];
        if (before === 0) touched[touchedCount[i]++] = doc;
        const after = before + weight * index.postingCapped[p];
        acc[doc] = after;
        if (after > topScore) {
          topScore = after;
          top = doc;
        }
      }
      // The leading document scored whole: a real score to beat, so that the common words'
      // long lists can be left unread as early as possible.
      if (top >= 0) finish(i, top, acc[top], k + 1, !!inCell && inCell(i, top));
    }
  }
  // The words left, looked up only in the documents met that could still lead or serve the cell.
  const left = rest[k];
  for (let i = 0; i < indexes.length; i += 1) {
    const { acc, touched } = scratches[i];
    const count = touchedCount[i];
    for (let n = 0; n < count; n += 1) {
      const doc = touched[n];
      const partial = acc[doc];
      const upper = partial + left;
      const couldLead = upper >= (result.best?.score ?? 0);
      const couldServe =
        !!inCell && upper >= Math.max(cellThreshold, result.bestInCell?.score ?? 0);
      if (!couldLead && !couldServe) continue;
      const isInCell = couldServe && inCell(i, doc);
      if (!couldLead && !isInCell) continue;
      finish(i, doc, partial, k, isInCell);
    }
    for (let n = 0; n < count; n += 1) acc[touched[n]] = 0;
  }
  return result;
};
