// Name and ID-number screening against a watch list (M1-c): pure. A hit explains itself:
// which tokens aligned, how (exact, simplified/traditional, pinyin, romanisation, edit
// distance n, homophone, shared characters) and the score. The index files every entry
// under its tokens' keys, so a name is compared only with the entries that share enough
// keys with it, not with every entry of the list.
import { maskIdNumber, maskName } from '../../kernel';
import {
  editsAllowed,
  foldLatin,
  normaliseIdNumber,
  screenName,
  tokenKeys,
  type NameToken,
  type ScreenName,
} from './screening-names';

export interface ScreeningConfig {
  /** A name hit needs at least this score (0..1). */
  readonly threshold: number;
  /** Latin words of at least this many letters may differ by one edit... */
  readonly oneEditFrom: number;
  /** ...and by two from this many. */
  readonly twoEditsFrom: number;
  /** Token scores by how they align (an exact or pinyin alignment scores 1). */
  readonly weights: {
    readonly romanisation: number;
    readonly oneEdit: number;
    readonly twoEdits: number;
    readonly homophone: number;
    readonly sharedCharacters: number;
  };
}

export const DEFAULT_SCREENING: ScreeningConfig = {
  threshold: 0.85,
  oneEditFrom: 5,
  twoEditsFrom: 8,
  weights: {
    romanisation: 0.95,
    oneEdit: 0.9,
    twoEdits: 0.8,
    homophone: 0.6,
    sharedCharacters: 0.8,
  },
};

export type AlignmentHow =
  | 'exact'
  | 'simplified/traditional'
  | 'pinyin'
  | 'romanisation'
  | 'edit distance'
  | 'homophone'
  | 'shared characters';

export interface Alignment {
  /** The screened name's token as written (masked by maskHit before it leaves the domain). */
  readonly query: string;
  /** The list entry's token as written. */
  readonly entry: string;
  readonly how: AlignmentHow;
  readonly score: number;
  /** What made them align: "張 = zhang1", "chan -> chen (surname spelling)", "1 edit". */
  readonly detail: string;
}

export interface WatchlistEntry {
  readonly entryId: string;
  readonly kind: 'PERSON' | 'ORGANISATION';
  /** The primary name first, then aliases (other scripts and spellings). */
  readonly names: readonly string[];
  readonly idNumbers: readonly string[];
  readonly programme: string;
}

export interface ScreeningHit {
  readonly entryId: string;
  readonly programme: string;
  readonly matchedOn: 'NAME' | 'ID_NUMBER';
  /** The entry's name that matched (lists are public; the customer's name is not). */
  readonly entryName: string;
  readonly score: number;
  readonly alignments: readonly Alignment[];
}

export interface ScreeningSubject {
  readonly name?: string;
  readonly idNumber?: string;
}

// --- tokens ---------------------------------------------------------------------------

function intersect(a: readonly string[], b: readonly string[]): string | undefined {
  return a.find((x) => b.includes(x));
}

/** Damerau-Levenshtein (optimal string alignment) distance, or max + 1 once over max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = [new Array<number>(b.length + 1).fill(0).map((_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const prev = rows[i - 1] as number[];
      let v = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}

function tonedOf(t: NameToken, pinyin: string): string {
  return t.toned.find((x) => x.replace(/[1-5]/g, '').replace(/ /g, '') === pinyin) ?? pinyin;
}

function alignTokens(
  q: NameToken,
  e: NameToken,
  sinitic: boolean,
  c: ScreeningConfig,
): Alignment | undefined {
  const at = (how: AlignmentHow, score: number, detail: string): Alignment => ({
    query: q.written,
    entry: e.written,
    how,
    score,
    detail,
  });
  if (q.text === e.text) {
    return q.han && q.written !== e.written
      ? at('simplified/traditional', 1, `${q.written} = ${e.written} = ${q.text}`)
      : at('exact', 1, q.text);
  }
  const w = c.weights;
  if (q.han && e.han) {
    const qc = [...q.text];
    const ec = [...e.text];
    const shared = qc.length === ec.length ? qc.filter((x, i) => x === ec[i]).length : 0;
    const homophone = intersect(q.pinyin, e.pinyin);
    const byChars = shared > 0 ? (w.sharedCharacters * shared) / qc.length : 0;
    if (homophone && w.homophone >= byChars) {
      return at('homophone', w.homophone, `both read ${tonedOf(q, homophone)}`);
    }
    return byChars > 0
      ? at('shared characters', byChars, `${shared} of ${qc.length} characters`)
      : undefined;
  }
  if (q.han !== e.han) {
    const h = q.han ? q : e;
    const l = q.han ? e : q;
    const direct = intersect(h.pinyin, [l.text]);
    if (direct) return at('pinyin', 1, `${h.written} = ${tonedOf(h, direct)}`);
    if (h.cantonese.includes(l.text)) {
      return at(
        'romanisation',
        w.romanisation,
        `${l.text} = ${h.written} in Cantonese (Hong Kong spelling)`,
      );
    }
    for (const [p, via] of l.romanised) {
      if (h.pinyin.includes(p)) {
        return at(
          'romanisation',
          w.romanisation,
          `${l.text} -> ${p} (${via}); ${h.written} = ${tonedOf(h, p)}`,
        );
      }
    }
    return undefined;
  }
  const r =
    q.romanised.get(e.text) !== undefined
      ? `${q.text} -> ${e.text} (${q.romanised.get(e.text)})`
      : e.romanised.get(q.text) !== undefined
        ? `${e.text} -> ${q.text} (${e.romanised.get(q.text)})`
        : (() => {
            const p = intersect([...q.romanised.keys()], [...e.romanised.keys()]);
            return p ? `${q.text}, ${e.text} -> ${p}` : undefined;
          })();
  if (r) return at('romanisation', w.romanisation, r);
  // In a Chinese name, another syllable is another character (Huang is not Kuang).
  if (sinitic && q.syllabic && e.syllabic) return undefined;
  const allowed = editsAllowed(Math.min(q.editLength, e.editLength), c.oneEditFrom, c.twoEditsFrom);
  if (allowed === 0) return undefined;
  const d = editDistance(q.text, e.text, allowed);
  if (d > allowed) return undefined;
  return at('edit distance', d === 1 ? w.oneEdit : w.twoEdits, `${d} edit${d === 1 ? '' : 's'}`);
}

// --- names ----------------------------------------------------------------------------

interface NameMatch {
  readonly score: number;
  readonly alignments: readonly Alignment[];
}

function bestAssignment(
  qs: readonly NameToken[],
  es: readonly NameToken[],
  sinitic: boolean,
  c: ScreeningConfig,
): NameMatch {
  const table = qs.map((q) => es.map((e) => alignTokens(q, e, sinitic, c)));
  // Maximum-weight assignment by dynamic programming over the entry tokens used (names
  // have few tokens); past 10 tokens, greedily.
  if (es.length > 10) {
    const used = new Set<number>();
    const chosen: Alignment[] = [];
    for (const row of table) {
      let bi = -1;
      for (let j = 0; j < row.length; j++) {
        if (!used.has(j) && row[j] && (bi < 0 || (row[j]?.score ?? 0) > (row[bi]?.score ?? 0)))
          bi = j;
      }
      const a = row[bi];
      if (a) {
        used.add(bi);
        chosen.push(a);
      }
    }
    const sum = chosen.reduce((s, a) => s + a.score, 0);
    return { score: (2 * sum) / (qs.length + es.length), alignments: chosen };
  }
  const memo = new Map<number, { sum: number; picks: Alignment[] }>();
  const go = (i: number, used: number): { sum: number; picks: Alignment[] } => {
    if (i === qs.length) return { sum: 0, picks: [] };
    const key = i * 2048 + used;
    const hit = memo.get(key);
    if (hit) return hit;
    let best = go(i + 1, used);
    const row = table[i] ?? [];
    for (let j = 0; j < row.length; j++) {
      const a = row[j];
      if (!a || used & (1 << j)) continue;
      const rest = go(i + 1, used | (1 << j));
      if (rest.sum + a.score > best.sum)
        best = { sum: rest.sum + a.score, picks: [a, ...rest.picks] };
    }
    memo.set(key, best);
    return best;
  };
  const best = go(0, 0);
  return { score: (2 * best.sum) / (qs.length + es.length), alignments: best.picks };
}

/** How well two names match (Dice over aligned tokens, the best reading of each). */
export function compareNames(
  q: ScreenName,
  e: ScreenName,
  c: ScreeningConfig = DEFAULT_SCREENING,
): NameMatch {
  const eitherSinitic = q.sinitic || e.sinitic;
  // Two names in characters compare as written (surname, given name): character by
  // character, a homophone would weigh as much as the surname.
  const bothHan = q.variants[0]?.[0]?.han === true && e.variants[0]?.[0]?.han === true;
  const qvs = bothHan ? q.variants.slice(0, 1) : q.variants;
  const evs = bothHan ? e.variants.slice(0, 1) : e.variants;
  let best: NameMatch = { score: 0, alignments: [] };
  for (const qv of qvs) {
    for (const ev of evs) {
      if (qv.length === 0 || ev.length === 0) continue;
      const m = bestAssignment(qv, ev, eitherSinitic, c);
      if (m.score > best.score) best = m;
    }
  }
  return { score: Math.round(best.score * 1000) / 1000, alignments: best.alignments };
}

// --- the index ------------------------------------------------------------------------

// Readings of one name counted by the index (a Latin name of four words has at most 8).
const MAX_VARIANTS = 8;

interface Indexed {
  readonly entry: WatchlistEntry;
  readonly names: readonly ScreenName[];
  readonly minTokens: number;
}

function minTokens(n: ScreenName): number {
  return Math.min(...n.variants.map((v) => v.length));
}

/** A watch list in memory, indexed by token keys and ID numbers. */
export class ScreeningIndex {
  private readonly indexed: Indexed[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly byId = new Map<string, number[]>();
  private hits = new Uint8Array(0);
  private lastToken = new Int32Array(0);

  constructor(
    entries: Iterable<WatchlistEntry>,
    readonly config: ScreeningConfig = DEFAULT_SCREENING,
  ) {
    for (const entry of entries) {
      const at = this.indexed.length;
      const names = entry.names.map(screenName);
      const usable = names.filter((n) => n.variants[0]?.length);
      this.indexed.push({ entry, names, minTokens: Math.min(...usable.map(minTokens)) });
      for (const n of names) {
        for (const v of n.variants) {
          for (const t of v) {
            for (const k of tokenKeys(t, config.oneEditFrom, config.twoEditsFrom)) {
              const list = this.postings.get(k);
              if (!list) this.postings.set(k, [at]);
              else if (list[list.length - 1] !== at) list.push(at);
            }
          }
        }
      }
      for (const id of entry.idNumbers) {
        const k = normaliseIdNumber(id);
        if (k) this.byId.set(k, [...(this.byId.get(k) ?? []), at]);
      }
    }
    this.hits = new Uint8Array(this.indexed.length * MAX_VARIANTS);
    this.lastToken = new Int32Array(this.indexed.length).fill(-1);
  }

  get size(): number {
    return this.indexed.length;
  }

  /** Every entry the subject's name or ID number matches, best first. */
  screen(subject: ScreeningSubject): ScreeningHit[] {
    const out: ScreeningHit[] = [];
    const seen = new Set<string>();
    if (subject.idNumber) {
      const id = normaliseIdNumber(subject.idNumber);
      for (const at of this.byId.get(id) ?? []) {
        const { entry } = this.indexed[at] as Indexed;
        seen.add(entry.entryId);
        out.push({
          entryId: entry.entryId,
          programme: entry.programme,
          matchedOn: 'ID_NUMBER',
          entryName: entry.names[0] ?? '',
          score: 1,
          alignments: [{ query: id, entry: id, how: 'exact', score: 1, detail: 'ID number' }],
        });
      }
    }
    if (subject.name) {
      for (const h of this.screenName(subject.name)) if (!seen.has(h.entryId)) out.push(h);
    }
    return out.sort((a, b) => b.score - a.score);
  }

  private screenName(name: string): ScreeningHit[] {
    const q = screenName(name);
    if (!q.variants[0]?.length) return [];
    const c = this.config;
    // Count, per entry and per reading of the query, the query's words that share a key
    // with it: an entry can reach the threshold with a reading only if enough of that
    // reading's words align (each aligned word scores at most 1). A word is counted once
    // per entry however many of its keys the entry shares.
    const variants = q.variants.slice(0, MAX_VARIANTS);
    // (a word twice in a reading, Tian Tian, counts twice)
    const inVariants = new Map<string, { token: NameToken; variants: number[] }>();
    variants.forEach((v, vi) => {
      for (const t of v) {
        const seen = inVariants.get(t.text) ?? { token: t, variants: [] };
        seen.variants.push(vi);
        inVariants.set(t.text, seen);
      }
    });
    const touched: number[] = [];
    [...inVariants.values()].forEach(({ token, variants: vs }, ti) => {
      for (const k of tokenKeys(token, c.oneEditFrom, c.twoEditsFrom)) {
        for (const at of this.postings.get(k) ?? []) {
          if (this.lastToken[at] === ti) continue;
          if (this.lastToken[at] === -1) touched.push(at);
          this.lastToken[at] = ti;
          for (const vi of vs)
            this.hits[at * MAX_VARIANTS + vi] = (this.hits[at * MAX_VARIANTS + vi] ?? 0) + 1;
        }
      }
    });
    const out: ScreeningHit[] = [];
    for (const at of touched) {
      const ix = this.indexed[at] as Indexed;
      let candidate = false;
      variants.forEach((v, vi) => {
        const hits = this.hits[at * MAX_VARIANTS + vi] ?? 0;
        if (hits >= Math.ceil((c.threshold * (v.length + ix.minTokens)) / 2 - 1e-9))
          candidate = true;
        this.hits[at * MAX_VARIANTS + vi] = 0;
      });
      this.lastToken[at] = -1;
      if (!candidate) continue;
      let best: (NameMatch & { name: string }) | undefined;
      ix.names.forEach((n, i) => {
        const m = compareNames(q, n, c);
        if (!best || m.score > best.score) best = { ...m, name: ix.entry.names[i] ?? '' };
      });
      if (best && best.score >= c.threshold) {
        out.push({
          entryId: ix.entry.entryId,
          programme: ix.entry.programme,
          matchedOn: 'NAME',
          entryName: best.name,
          score: best.score,
          alignments: best.alignments,
        });
      }
    }
    return out;
  }
}

/** A hit as it may be stored and shown: the screened person's tokens and ID number masked. */
export function maskHit(hit: ScreeningHit): ScreeningHit {
  return {
    ...hit,
    alignments: hit.alignments.map((a) => ({
      ...a,
      query: hit.matchedOn === 'ID_NUMBER' ? maskIdNumber(a.query) : maskName(a.query),
      entry: hit.matchedOn === 'ID_NUMBER' ? maskIdNumber(a.entry) : a.entry,
      detail:
        hit.matchedOn === 'ID_NUMBER'
          ? a.detail
          : maskWord(maskWord(a.detail, a.query), foldLatin(a.query) || a.query),
    })),
  };
}

// The word where it stands alone (zhang in "chang -> zhang" is the list's reading, not
// the customer's writing, and zhang1 is left as it is).
function maskWord(text: string, word: string): string {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(
    new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu'),
    maskName(word),
  );
}
