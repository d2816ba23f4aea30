// Chinese characters for name screening: simplified forms and pinyin readings, from the
// trimmed table generated into screening-hanzi-data.ts (GB 2312; see its generator). Parsed
// once, on first use. Pure.
import { HANZI_JYUTPING, HANZI_READINGS, HANZI_TRADITIONAL } from './screening-hanzi-data';

interface HanziTables {
  readonly readings: ReadonlyMap<string, readonly string[]>; // simplified char -> "zhang1", ...
  readonly simplified: ReadonlyMap<string, string>; // traditional char -> simplified char
  readonly syllables: ReadonlySet<string>; // every toneless pinyin syllable ("zhang", "lv")
  readonly jyutping: ReadonlyMap<string, readonly string[]>; // simplified char -> "zoeng", ...
}

let tables: HanziTables | undefined;

function load(): HanziTables {
  if (tables) return tables;
  const readings = new Map<string, string[]>();
  const syllables = new Set<string>();
  for (const group of HANZI_READINGS.split(' ')) {
    const m = /^([a-z]+[1-5])(.+)$/u.exec(group);
    if (!m?.[1] || !m[2]) continue;
    const reading = m[1];
    syllables.add(reading.slice(0, -1));
    for (const c of m[2]) {
      const list = readings.get(c) ?? [];
      list.push(reading);
      readings.set(c, list);
    }
  }
  const simplified = new Map<string, string>();
  const pairs = [...HANZI_TRADITIONAL];
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const t = pairs[i];
    const s = pairs[i + 1];
    if (t && s) simplified.set(t, s);
  }
  const jyutping = new Map<string, string[]>();
  for (const group of HANZI_JYUTPING.split(' ')) {
    const m = /^([a-z]+)(.+)$/u.exec(group);
    if (!m?.[1] || !m[2]) continue;
    for (const c of m[2]) jyutping.set(c, [...(jyutping.get(c) ?? []), m[1]]);
  }
  tables = { readings, simplified, syllables, jyutping };
  return tables;
}

export const HAN = /\p{Script=Han}/u;

/** The simplified form of one character (itself when it has none or is not in the table). */
export function simplifiedChar(c: string): string {
  return load().simplified.get(c) ?? c;
}

/** Readings of a (simplified) character with tone numbers, e.g. 单 -> dan1, shan4, chan2. */
export function readingsOf(c: string): readonly string[] {
  return load().readings.get(simplifiedChar(c)) ?? [];
}

/** True for a toneless pinyin syllable ("zhang", "lv" for lü). */
export function isPinyinSyllable(s: string): boolean {
  return load().syllables.has(s);
}

/** Cantonese readings (Jyutping, no tones) of a character: 张 -> zoeng. */
export function jyutpingOf(c: string): readonly string[] {
  return load().jyutping.get(simplifiedChar(c)) ?? [];
}
