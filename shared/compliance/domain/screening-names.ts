// Names as screening compares them (M1-c): normalised tokens, each with the pinyin forms it
// may stand for, and the keys the in-memory index files it under. Pure.
//
// - Han characters: traditional forms become simplified; a name written in characters is
//   one surname token (compound surnames such as 欧阳 included) and one given-name token,
//   the shape in which Chinese names are romanised ("Zhang Xiaoming", "Xiaoming Zhang").
// - Latin script: NFKC, case folded, diacritics dropped (so pinyin with tone marks, zhāng,
//   and with tone numbers, zhang1, both read as zhang), apostrophes dropped (Ch'en -> chen),
//   hyphens join (Xiao-Ming -> xiaoming), other punctuation separates.
// - Edits: a Latin word may differ by the edits its length allows (configuration); a
//   hyphenated word by its shorter part's, two words joined by none.
// - A name is "sinitic" when it has Han characters, or every word of it splits into pinyin
//   or Wade-Giles syllables and one word is a Chinese surname spelling: such words are
//   compared by syllables, not by edit distance (one letter apart is another character).
import { HAN, jyutpingOf, readingsOf, simplifiedChar } from './screening-hanzi';
import {
  cantoneseSpellings,
  isSurnameSpelling,
  pinyinSyllables,
  surnamePinyin,
  wadeGilesToPinyin,
  type Romanisation,
} from './screening-romanisation';

export interface NameToken {
  /** Normalised text: simplified characters, or lower-case Latin letters and digits. */
  readonly text: string;
  /** As written (after NFKC), for the explanation of a hit. */
  readonly written: string;
  readonly han: boolean;
  /** Toneless pinyin this token is (Han: its readings; Latin: itself when it is pinyin). */
  readonly pinyin: readonly string[];
  /** Pinyin this Latin token stands for in another romanisation, with which one. */
  readonly romanised: ReadonlyMap<string, Romanisation>;
  /** Whether the word splits into pinyin or Wade-Giles syllables. */
  readonly syllabic: boolean;
  /** With tone numbers, for the explanation (Han tokens only): zhang1. */
  readonly toned: readonly string[];
  /** Hong Kong (Cantonese) spellings of a Han token, joined: 嘉诚 -> kashing, kasing... */
  readonly cantonese: readonly string[];
  /** The length that sets how many edits a Latin token may differ by (for words joined
   *  from two, the shorter word's: "Joan Smith" is not "John Smith" one edit away). */
  readonly editLength: number;
}

export interface ScreenName {
  readonly written: string;
  readonly sinitic: boolean;
  /** Ways to read the name as tokens (the first as written; then adjacent words joined). */
  readonly variants: readonly (readonly NameToken[])[];
}

const COMPOUND_SURNAMES = new Set(
  '欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 令狐 慕容 司徒 夏侯 宇文 长孙 端木 独孤 南宫 西门 轩辕 呼延 闻人 澹台 公冶 宗政 濮阳 太史 申屠 钟离'.split(
    ' ',
  ),
);

// Particles that carry no identity (dropped while two words or more remain).
const PARTICLES = new Set(
  'bin binti bint ibn al el van von der den del dos das mr mrs ms dr'.split(' '),
);

const MAX_FORMS = 16;

function product(parts: readonly (readonly string[])[]): string[] {
  let out = [''];
  for (const p of parts) {
    const next: string[] = [];
    for (const a of out) for (const b of p) if (next.length < MAX_FORMS) next.push(a + b);
    out = next;
  }
  return out;
}

function hanToken(chars: string, written: string): NameToken {
  const readings = [...chars].map((c) => readingsOf(c));
  const known = readings.every((r) => r.length > 0);
  const toned = known
    ? product(readings.map((r) => r.map((x) => `${x} `))).map((s) => s.trim())
    : [];
  const pinyin = known
    ? [...new Set(product(readings.map((r) => [...new Set(r.map((x) => x.slice(0, -1)))])))]
    : [];
  const cantonese = [
    ...new Set(
      product([...chars].map((c) => [...new Set(jyutpingOf(c).flatMap(cantoneseSpellings))])),
    ),
  ];
  return {
    text: chars,
    written,
    han: true,
    pinyin,
    romanised: new Map(),
    syllabic: true,
    toned,
    cantonese: cantonese.filter((x) => x.length > 0),
    editLength: 0,
  };
}

function latinToken(word: string, written: string, editLength = word.length): NameToken {
  const syllables = pinyinSyllables(word);
  const romanised = new Map<string, Romanisation>();
  for (const p of surnamePinyin(word)) romanised.set(p, 'surname spelling');
  const wg = wadeGilesToPinyin(word);
  for (const p of wg) if (p !== word && !romanised.has(p)) romanised.set(p, 'wade-giles');
  return {
    text: word,
    written,
    han: false,
    pinyin: syllables ? [word] : [],
    romanised,
    syllabic: syllables !== undefined || wg.length > 0,
    toned: [],
    cantonese: [],
    editLength,
  };
}

// Cyrillic to Latin as ICAO Doc 9303 (machine-readable passports) writes it.
const CYRILLIC: Record<string, string> = Object.fromEntries(
  'а a б b в v г g д d е e ё e ж zh з z и i й i к k л l м m н n о o п p р r с s т t у u ф f х kh ц ts ч ch ш sh щ shch ъ ie ы y ь - э e ю iu я ia і i ї i є ie ґ g'
    .split(' ')
    .reduce<[string, string][]>((pairs, x, i, all) => {
      if (i % 2 === 0) pairs.push([x, all[i + 1] === '-' ? '' : (all[i + 1] ?? '')]);
      return pairs;
    }, []),
);

/** Text folded for comparison: NFKC, lower case, no diacritics, no tone numbers, Cyrillic
 *  transliterated; other letters kept as they are. */
export function foldLatin(word: string): string {
  return word
    .toLowerCase()
    .replace(/[\u0400-\u04ff]/g, (c) => CYRILLIC[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ü/g, 'v')
    .toLowerCase()
    .replace(/['’‘`ʻ]/g, '')
    .replace(/([a-z])[1-5](?=[a-z]|$)/g, '$1')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Reads a name for screening. */
export function screenName(written: string): ScreenName {
  const text = written.normalize('NFKC').trim();
  const writtenHan = [...text].filter((c) => HAN.test(c));
  if (writtenHan.length > 0) {
    // A name in characters (the Latin letters beside it, if any, are ignored: a
    // registration name is one script; a list lists its other scripts as aliases).
    const chars = writtenHan.map(simplifiedChar);
    const surnameLength =
      chars.length > 2 && COMPOUND_SURNAMES.has(chars.slice(0, 2).join('')) ? 2 : 1;
    const part = (from: number, to?: number) =>
      hanToken(chars.slice(from, to).join(''), writtenHan.slice(from, to).join(''));
    const tokens = [part(0, surnameLength)];
    if (chars.length > surnameLength) tokens.push(part(surnameLength));
    const variants: NameToken[][] = [tokens];
    // Given names of two characters or more are also compared character by character
    // ("Zhang Xiao Ming").
    if (chars.length - surnameLength > 1) {
      const each = chars
        .slice(surnameLength)
        .map((_, i) => part(surnameLength + i, surnameLength + i + 1));
      variants.push([tokens[0] as NameToken, ...each]);
    }
    return { written: text, sinitic: true, variants };
  }
  const words = text
    // a particle's hyphen separates (Al-Rashid), any other joins (Xiao-Ming, Jean-Pierre)
    .replace(/(^|[\s,])(al|el|bin|ibn|abu)[-‐‑–]/giu, '$1$2 ')
    .split(/[\s,.;:/()\\_"“”]+/u)
    .map((written) => {
      // a hyphenated word may differ by the edits its shorter part allows
      const parts = written
        .split(/[-‐‑–]/)
        .map(foldLatin)
        .filter((p) => p.length > 0);
      return { w: parts.join(''), written, editLength: Math.min(...parts.map((p) => p.length)) };
    })
    .filter((x) => x.w.length > 0);
  const withoutParticles = words.filter((x) => !PARTICLES.has(x.w));
  const kept = withoutParticles.length >= 2 ? withoutParticles : words;
  const tokens = kept.map((x) => latinToken(x.w, x.written, x.editLength));
  const sinitic =
    tokens.length > 0 &&
    tokens.every((t) => t.syllabic) &&
    tokens.some((t) => isSurnameSpelling(t.text));
  const bases: NameToken[][] = [tokens];
  if (kept.length !== words.length) {
    // The particles glued to the next word, as some lists write them (Alrashid).
    const glued: NameToken[] = [];
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as { w: string; written: string; editLength: number };
      const next = words[i + 1];
      if (PARTICLES.has(w.w) && next) {
        glued.push(latinToken(w.w + next.w, `${w.written} ${next.written}`, next.editLength));
        i++;
      } else glued.push(latinToken(w.w, w.written, w.editLength));
    }
    bases.push(glued);
  }
  const variants: NameToken[][] = [...bases];
  // Two adjacent words joined (Zhang Xiao Ming = Zhang Xiaoming, Abdul Rahman Hassan =
  // Abdulrahman Hassan), in names of three words or four: a name joined into one word
  // would let any single shared word reach the index's candidates.
  for (const base of bases) {
    if (base.length < 3 || base.length > 4) continue;
    for (let i = 0; i + 1 < base.length; i++) {
      const a = base[i] as NameToken;
      const b = base[i + 1] as NameToken;
      // compared exactly: two words joined are a spelling, not a typo
      const joined = latinToken(a.text + b.text, `${a.written} ${b.written}`, 0);
      variants.push([...base.slice(0, i), joined, ...base.slice(i + 2)]);
    }
  }
  return { written: text, sinitic, variants };
}

/** Symmetric-deletion neighbourhood: the word with up to `n` letters deleted. */
function deletions(word: string, n: number): string[] {
  let frontier = new Set([word]);
  const all = new Set([word]);
  for (let k = 0; k < n; k++) {
    const next = new Set<string>();
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) next.add(w.slice(0, i) + w.slice(i + 1));
    }
    for (const w of next) all.add(w);
    frontier = next;
  }
  return [...all];
}

/** Edits allowed between two Latin words, the longer of this length (by configuration). */
export function editsAllowed(length: number, oneEditFrom: number, twoEditsFrom: number): number {
  return length >= twoEditsFrom ? 2 : length >= oneEditFrom ? 1 : 0;
}

/**
 * The index keys of a token: any two tokens that can align share at least one (exact, same
 * pinyin, same romanised pinyin or Cantonese spelling, or within the allowed edits). Names
 * in characters sharing only some characters of a given name are not keyed: they score at
 * most 0.8 x the share of characters, under any useful threshold.
 */
/**
 * The roles a key plays for a token (bits): what it can align with decides the most the
 * alignment can score (screening-match.ts, the index's bound).
 */
export const KeyRole = {
  /** A Han token's text (simplified). */
  hanText: 1,
  /** A pinyin reading of a Han token. */
  hanPinyin: 2,
  /** A Cantonese spelling of a Han token. */
  hanCantonese: 4,
  /** Another romanisation of a Han token's reading. */
  hanRomanised: 8,
  /** A Latin token's text (and its pinyin, which is its text). */
  latinText: 16,
  /** The pinyin a Latin token stands for in another romanisation. */
  latinRomanised: 32,
  /** A deletion of a Latin token within the edits it may differ by. */
  latinDeletion: 64,
} as const;

/** A token's keys, each with the roles it plays (a bit set of KeyRole). */
export function typedTokenKeys(
  t: NameToken,
  oneEditFrom: number,
  twoEditsFrom: number,
): Map<string, number> {
  const keys = new Map<string, number>();
  const add = (k: string, role: number) => keys.set(k, (keys.get(k) ?? 0) | role);
  if (t.han) {
    add(t.text, KeyRole.hanText);
    for (const p of t.pinyin) add(p, KeyRole.hanPinyin);
    for (const r of t.romanised.keys()) add(r, KeyRole.hanRomanised);
    for (const c of t.cantonese) add(c, KeyRole.hanCantonese);
    return keys;
  }
  add(t.text, KeyRole.latinText);
  for (const p of t.pinyin) add(p, KeyRole.latinText);
  for (const r of t.romanised.keys()) add(r, KeyRole.latinRomanised);
  for (const c of t.cantonese) add(c, KeyRole.latinText);
  const n = editsAllowed(t.editLength, oneEditFrom, twoEditsFrom);
  if (n > 0) for (const d of deletions(t.text, n)) if (d !== t.text) add(d, KeyRole.latinDeletion);
  return keys;
}

export function tokenKeys(t: NameToken, oneEditFrom: number, twoEditsFrom: number): string[] {
  // One namespace: a Latin word, its deletions, and the pinyin and Cantonese spellings a
  // token stands for (a key shared by accident only adds a candidate to score).
  return [...typedTokenKeys(t, oneEditFrom, twoEditsFrom).keys()];
}

export { normaliseIdNumber } from './screening-ids';
