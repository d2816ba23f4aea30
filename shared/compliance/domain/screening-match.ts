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
  KeyRole,
  typedTokenKeys,
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

/**
 * A name reduced to what the index counts, with every key passed through the caller's keyed
 * hash (ADR 0031, re-screening): its distinct words, each with its token keys and the roles
 * each key plays (KeyRole bits: not secret), and its readings (up to 8) as lists of words.
 * Kept at registration in place of the name, so a list update can find the customers a new
 * entry may hit without reading any name.
 */
export interface ScreeningFingerprint {
  readonly words: readonly (readonly string[])[];
  /** Per word, per key: its roles (absent in a fingerprint older than roles: any role). */
  readonly roles?: readonly (readonly number[])[];
  readonly readings: readonly (readonly number[])[];
  /** The normalised ID number, keyed. */
  readonly idNumber?: string;
}

/** The key of a normalised ID number (apart from names' keys, which are words). */
const idKey = (normalised: string) => `id:${normalised}`;

/** What the index counts of a name: its distinct words (with their tokens) and readings. */
function wordsOf(q: ScreenName): { tokens: NameToken[]; readings: number[][] } {
  const tokens: NameToken[] = [];
  const at = new Map<string, number>();
  const readings = q.variants.slice(0, MAX_VARIANTS).map((v) =>
    v.map((t) => {
      let i = at.get(t.text);
      if (i === undefined) {
        i = tokens.length;
        at.set(t.text, i);
        tokens.push(t);
      }
      return i;
    }),
  );
  return { tokens, readings };
}

// A Han token long enough to align by shared characters (all but one) above the homophone
// weight: its keys carry this bit, and a homophone with it is bounded by the larger weight.
const LONG_HAN = 128;
const ANY_ROLE = 127;

/** The shortest Han token whose shared characters can outscore a homophone. */
function longHan(c: ScreeningConfig): number {
  const { sharedCharacters: sc, homophone: h } = c.weights;
  // sc * (n - 1) / n > h  <=>  n > sc / (sc - h)
  return sc > h ? Math.floor(sc / (sc - h)) + 1 : Number.POSITIVE_INFINITY;
}

// Not bounded: shared characters between Han tokens that share no key (小红, 小明: 0.4).
// Beside a surname aligned exactly they reach (1 + 0.8 (n-1)/n) / 2 for a given name of n
// characters, under 0.85 for n < 8: the bound holds at the shipped threshold (0.85) and
// above; a threshold below 0.85 would need a key per shared character.
function rolesOf(t: NameToken, c: ScreeningConfig): Map<string, number> {
  const keys = typedTokenKeys(t, c.oneEditFrom, c.twoEditsFrom);
  if (t.han && [...t.text].length >= longHan(c))
    for (const [k, r] of keys) keys.set(k, r | LONG_HAN);
  return keys;
}

/**
 * The most two tokens can score when they share a key playing these roles on each side
 * (alignTokens' rules, each at its weight): a bound, so the index never drops a hit.
 */
function pairBound(a: number, b: number, c: ScreeningConfig): number {
  const w = c.weights;
  const has = (m: number, r: number) => (m & r) !== 0;
  const either = (ra: number, rb: number) =>
    (has(a, ra) && has(b, rb)) || (has(a, rb) && has(b, ra));
  const R = KeyRole;
  let best = 0;
  const up = (cond: boolean, score: number) => {
    if (cond && score > best) best = score;
  };
  up(either(R.hanText, R.hanText), 1);
  up(
    either(R.hanPinyin, R.hanPinyin),
    has(a | b, LONG_HAN) ? Math.max(w.homophone, w.sharedCharacters) : w.homophone,
  );
  up(either(R.hanPinyin, R.latinText), 1);
  up(either(R.hanCantonese, R.latinText), w.romanisation);
  up(either(R.hanRomanised, R.latinText), w.romanisation);
  up(either(R.hanPinyin, R.latinRomanised), w.romanisation);
  up(either(R.latinText, R.latinText), 1);
  up(either(R.latinText, R.latinRomanised), w.romanisation);
  up(either(R.latinRomanised, R.latinRomanised), w.romanisation);
  const edits = Math.max(w.oneEdit, w.twoEdits);
  up(either(R.latinDeletion, R.latinDeletion), edits);
  up(either(R.latinDeletion, R.latinText), edits);
  return best;
}

const boundTables = new WeakMap<ScreeningConfig, Float32Array>();
function boundTable(c: ScreeningConfig): Float32Array {
  let t = boundTables.get(c);
  if (!t) {
    t = new Float32Array(256 * 256);
    for (let a = 1; a < 256; a++) for (let b = 1; b < 256; b++) t[a * 256 + b] = pairBound(a, b, c);
    boundTables.set(c, t);
  }
  return t;
}

/** A subject's fingerprint: its keys through `keyOf` (identity keeps them in the clear). */
export function fingerprintOf(
  subject: ScreeningSubject,
  keyOf: (key: string) => string,
  c: ScreeningConfig = DEFAULT_SCREENING,
): ScreeningFingerprint {
  const { tokens, readings } = subject.name
    ? wordsOf(screenName(subject.name))
    : { tokens: [], readings: [] };
  const typed = tokens.map((t) => [...rolesOf(t, c)]);
  const id = subject.idNumber ? normaliseIdNumber(subject.idNumber) : '';
  return {
    words: typed.map((keys) => keys.map(([k]) => keyOf(k))),
    roles: typed.map((keys) => keys.map(([, r]) => r)),
    readings: readings.filter((r) => r.length > 0),
    ...(id ? { idNumber: keyOf(idKey(id)) } : {}),
  };
}

/** An entry a fingerprint may hit, found from keys alone (re-screening, ADR 0031). */
export interface Candidate {
  readonly entry: WatchlistEntry;
  readonly matchedOn: 'NAME' | 'ID_NUMBER';
  /**
   * 1 for an ID number; for a name, the highest score the shared keys allow (each word at
   * the most its keys' roles can align at): the real score needs the name, read by a
   * compliance officer.
   */
  readonly bound: number;
}

/**
 * The largest sum of a one-to-one choice of cells (rows: words, columns: tokens): exact by
 * dynamic programming over the columns used, up to 10 columns; past that the sum of each
 * row's best, which is never less.
 */
function maxAssignment(matrix: readonly (readonly number[])[]): number {
  const cols = matrix[0]?.length ?? 0;
  if (cols > 10) return matrix.reduce((s, row) => s + Math.max(0, ...row), 0);
  const memo = new Map<number, number>();
  const go = (i: number, used: number): number => {
    if (i === matrix.length) return 0;
    const key = i * 2048 + used;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let best = go(i + 1, used);
    const row = matrix[i] ?? [];
    for (let j = 0; j < cols; j++) {
      const v = row[j] ?? 0;
      if (v === 0 || used & (1 << j)) continue;
      const total = v + go(i + 1, used | (1 << j));
      if (total > best) best = total;
    }
    memo.set(key, best);
    return best;
  };
  return go(0, 0);
}

type TypedWords = readonly (readonly (readonly [string, number])[])[];

/** A watch list in memory, indexed by token keys and ID numbers. */
export class ScreeningIndex {
  private readonly indexed: Indexed[] = [];
  /** Per key: entry position * 256 + the roles the key plays for the entry. */
  private readonly postings = new Map<string, number[]>();
  private readonly byId = new Map<string, number[]>();
  private readonly bounds: Float32Array;
  private sums = new Float32Array(0);
  private wordBest = new Float32Array(0);
  private lastToken = new Int32Array(0);
  private touchedMark = new Uint8Array(0);

  /**
   * `keyOf` files the entries under keyed hashes of their keys, to be searched with
   * fingerprints (re-screening) rather than names; by default the keys as they are.
   */
  constructor(
    entries: Iterable<WatchlistEntry>,
    readonly config: ScreeningConfig = DEFAULT_SCREENING,
    private readonly keyOf: (key: string) => string = (k) => k,
  ) {
    this.bounds = boundTable(config);
    for (const entry of entries) {
      const at = this.indexed.length;
      const names = entry.names.map(screenName);
      const usable = names.filter((n) => n.variants[0]?.length);
      this.indexed.push({ entry, names, minTokens: Math.min(...usable.map(minTokens)) });
      for (const n of names) {
        for (const v of n.variants) {
          for (const t of v) {
            for (const [k, roles] of rolesOf(t, config)) {
              const key = keyOf(k);
              const list = this.postings.get(key);
              if (!list) this.postings.set(key, [at * 256 + roles]);
              else {
                const last = list.length - 1;
                const prev = list[last] as number;
                if (Math.floor(prev / 256) === at) list[last] = at * 256 + ((prev & 255) | roles);
                else list.push(at * 256 + roles);
              }
            }
          }
        }
      }
      for (const id of entry.idNumbers) {
        const n = normaliseIdNumber(id);
        if (!n) continue;
        const k = keyOf(idKey(n));
        this.byId.set(k, [...(this.byId.get(k) ?? []), at]);
      }
    }
    const n = this.indexed.length;
    this.sums = new Float32Array(n * MAX_VARIANTS);
    this.wordBest = new Float32Array(n);
    this.lastToken = new Int32Array(n).fill(-1);
    this.touchedMark = new Uint8Array(n);
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
      for (const at of this.byId.get(this.keyOf(idKey(id))) ?? []) {
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

  /**
   * The entries a fingerprinted subject may hit, by the same bound on shared keys that
   * picks the names `screen` scores (so no entry `screen` would report is missed). The
   * index must be keyed as the fingerprint is.
   */
  candidatesOf(fp: ScreeningFingerprint): Candidate[] {
    const out = new Map<number, Candidate>();
    if (fp.idNumber) {
      for (const at of this.byId.get(fp.idNumber) ?? []) {
        out.set(at, {
          entry: (this.indexed[at] as Indexed).entry,
          matchedOn: 'ID_NUMBER',
          bound: 1,
        });
      }
    }
    const words: TypedWords = fp.words.map((keys, wi) =>
      keys.map((k, ki): [string, number] => [k, fp.roles?.[wi]?.[ki] ?? ANY_ROLE]),
    );
    const maps = words.map((keys) => new Map(keys));
    for (const { at } of this.nameCandidates(words, fp.readings)) {
      if (out.has(at)) continue;
      // The count above lets two words align with one token of the entry; word by token,
      // one to one, as names are scored, the bound is much closer to the score.
      const bound = this.assignedBound(maps, fp.readings, at);
      if (bound >= this.config.threshold - 1e-6)
        out.set(at, {
          entry: (this.indexed[at] as Indexed).entry,
          matchedOn: 'NAME',
          bound: Math.round(Math.min(1, bound) * 1000) / 1000,
        });
    }
    return [...out.values()];
  }

  /** An entry's tokens' keys (keyed as the index is), per name and reading, kept. */
  private readonly entryKeys = new Map<
    number,
    { han: boolean; readings: Map<string, number>[][] }[]
  >();

  private keysOf(at: number): { han: boolean; readings: Map<string, number>[][] }[] {
    let found = this.entryKeys.get(at);
    if (!found) {
      found = (this.indexed[at] as Indexed).names.map((n) => ({
        han: n.variants[0]?.[0]?.han === true,
        readings: n.variants.map((v) =>
          v.map((t) => new Map([...rolesOf(t, this.config)].map(([k, r]) => [this.keyOf(k), r]))),
        ),
      }));
      if (this.entryKeys.size > 10_000) this.entryKeys.clear();
      this.entryKeys.set(at, found);
    }
    return found;
  }

  /**
   * The highest Dice score the shared keys allow between the query's readings and the
   * entry's, each word aligned with at most one token, over the readings compareNames
   * compares (two names in characters: as written only).
   */
  private assignedBound(
    words: readonly ReadonlyMap<string, number>[],
    readings: readonly (readonly number[])[],
    at: number,
  ): number {
    const queryHan = [...(words[readings[0]?.[0] ?? -1]?.values() ?? [])].some(
      (r) => (r & KeyRole.hanText) !== 0,
    );
    let best = 0;
    for (const name of this.keysOf(at)) {
      const bothHan = queryHan && name.han;
      const evs = bothHan ? name.readings.slice(0, 1) : name.readings;
      const qvs = bothHan ? readings.slice(0, 1) : readings.slice(0, MAX_VARIANTS);
      for (const ev of evs) {
        if (!ev.length) continue;
        for (const qv of qvs) {
          if (!qv.length) continue;
          const matrix = qv.map((w) => {
            const q = words[w] ?? new Map<string, number>();
            return ev.map((e) => {
              let m = 0;
              const [small, large, smallIsQuery] = q.size <= e.size ? [q, e, true] : [e, q, false];
              for (const [k, r] of small) {
                const o = large.get(k);
                if (o === undefined) continue;
                const b = this.bounds[(smallIsQuery ? r : o) * 256 + (smallIsQuery ? o : r)] ?? 0;
                if (b > m) m = b;
              }
              return m;
            });
          });
          const dice = (2 * maxAssignment(matrix)) / (qv.length + ev.length);
          if (dice > best) best = dice;
        }
      }
    }
    return best;
  }

  // Bound, per entry and per reading of the query, the score the reading can reach: each of
  // its words counts the most any key it shares with the entry allows (by the roles the key
  // plays on each side; at most 1), and a name's score is the Dice coefficient over aligned
  // words, so an entry whose bound stays under the threshold cannot be a hit. A word twice in
  // a reading (Tian Tian) counts twice.
  private nameCandidates(
    words: TypedWords,
    readings: readonly (readonly number[])[],
  ): { at: number; bound: number }[] {
    const c = this.config;
    const variants = readings.slice(0, MAX_VARIANTS);
    const inReadings: number[][] = words.map(() => []);
    variants.forEach((r, vi) => {
      for (const w of r) inReadings[w]?.push(vi);
    });
    const touched: number[] = [];
    words.forEach((keys, ti) => {
      const vs = inReadings[ti] ?? [];
      if (!vs.length) return;
      const seen: number[] = [];
      for (const [k, qRoles] of keys) {
        for (const v of this.postings.get(k) ?? []) {
          const score = this.bounds[qRoles * 256 + (v & 255)] ?? 0;
          if (score === 0) continue;
          const at = Math.floor(v / 256);
          if (this.lastToken[at] !== ti) {
            this.lastToken[at] = ti;
            this.wordBest[at] = score;
            seen.push(at);
          } else if (score > (this.wordBest[at] ?? 0)) this.wordBest[at] = score;
        }
      }
      for (const at of seen) {
        if (!this.touchedMark[at]) {
          this.touchedMark[at] = 1;
          touched.push(at);
        }
        const best = this.wordBest[at] ?? 0;
        for (const vi of vs)
          this.sums[at * MAX_VARIANTS + vi] = (this.sums[at * MAX_VARIANTS + vi] ?? 0) + best;
      }
    });
    const out: { at: number; bound: number }[] = [];
    for (const at of touched) {
      const ix = this.indexed[at] as Indexed;
      let bound = -1;
      variants.forEach((v, vi) => {
        const sum = this.sums[at * MAX_VARIANTS + vi] ?? 0;
        const dice = (2 * sum) / (v.length + ix.minTokens);
        if (dice >= c.threshold - 1e-6) bound = Math.max(bound, Math.min(1, dice));
        this.sums[at * MAX_VARIANTS + vi] = 0;
      });
      this.lastToken[at] = -1;
      this.touchedMark[at] = 0;
      if (bound >= 0) out.push({ at, bound: Math.round(bound * 1000) / 1000 });
    }
    return out;
  }

  private screenName(name: string): ScreeningHit[] {
    const q = screenName(name);
    if (!q.variants[0]?.length) return [];
    const c = this.config;
    const { tokens, readings } = wordsOf(q);
    const words: TypedWords = tokens.map((t) =>
      [...rolesOf(t, c)].map(([k, r]): [string, number] => [this.keyOf(k), r]),
    );
    const out: ScreeningHit[] = [];
    for (const { at } of this.nameCandidates(words, readings)) {
      const ix = this.indexed[at] as Indexed;
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
