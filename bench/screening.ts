// AML name screening in-process (issue 14, M1-c): names screened per second against a watch
// list of 100,000 entries held in memory (the index the screening function builds), and the
// false-negative rate on the labelled set the repository ships
// (test/fixtures/screening/pairs.csv). The list is synthetic: made-up Chinese names in
// characters with their pinyin as aliases (two in three entries), and Latin names.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { seededRandom } from '../shared/credit/domain/random';
import { DEFAULT_SCREENING, Screening, type WatchlistEntry } from '../shared/compliance';
import { screenName } from '../shared/compliance/domain/screening-names';
import { parseCsv } from '../shared/compliance/domain/watchlist-csv';
import { pinyin } from './screening-pinyin';

export interface ScreeningBench {
  readonly entries: number;
  readonly buildMs: number;
  readonly heapMb: number;
  readonly screened: number;
  readonly perSecond: number;
  readonly p99Us: number;
  readonly hits: number;
  readonly labelled: {
    pairs: number;
    trueMatches: number;
    missed: number;
    falseHits: number;
    nearMisses: number;
  };
}

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华文辉玲萍红鹏飞斌宇浩凯建国志海波宁晨博雪梅琳欣怡佳慧颖婷嘉俊豪鑫磊晓燕春燕丹阳亮峰林云龙凤雨晴',
];
const LATIN_GIVEN = [
  'maria',
  'john',
  'ahmed',
  'olga',
  'pierre',
  'hans',
  'carlos',
  'fatima',
  'ivan',
  'yuki',
  'david',
  'elena',
  'omar',
  'sofia',
  'peter',
  'anna',
  'luis',
  'nadia',
  'james',
  'irina',
];
const LATIN_SYLLABLES = [
  'ko',
  'val',
  'ski',
  'an',
  'der',
  'son',
  'mar',
  'tin',
  'ez',
  'ro',
  'ber',
  'ga',
  'li',
  'no',
  'vic',
  'ha',
  'sen',
  'ger',
  'lo',
  'pez',
  'dra',
  'mi',
  'hov',
  'ul',
  'ta',
  'ne',
  'kas',
  'bo',
  'rin',
  'fel',
  'do',
  'vski',
  'tti',
  'ra',
  'sch',
  'mid',
  'el',
  'wa',
  'ny',
  'quist',
];
// A family name of two or three syllables: some 68,000 of them, as diverse as a real list.
const latinFamily = (r: () => number) =>
  Array.from({ length: r() < 0.5 ? 2 : 3 }, () => pick(LATIN_SYLLABLES, r)).join('');

const pick = <T>(xs: readonly T[], r: () => number): T => xs[Math.floor(r() * xs.length)] as T;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function syntheticList(n: number, r: () => number): WatchlistEntry[] {
  const out: WatchlistEntry[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 3 === 2) {
      const name = `${cap(pick(LATIN_GIVEN, r))} ${cap(latinFamily(r))}${i % 7 === 0 ? `-${cap(latinFamily(r))}` : ''}`;
      out.push({
        entryId: `B${i}`,
        kind: 'PERSON',
        names: [name],
        idNumbers: [],
        programme: 'BENCH',
      });
      continue;
    }
    const given = r() < 0.7 ? pick(GIVEN, r) + pick(GIVEN, r) : pick(GIVEN, r);
    const chinese = pick(SURNAMES, r) + given;
    const [surname, ...rest] = pinyin(chinese);
    out.push({
      entryId: `B${i}`,
      kind: 'PERSON',
      names: [chinese, `${cap(surname ?? '')} ${cap(rest.join(''))}`],
      idNumbers: [String(110101_19700101_0000 + i).padStart(18, '0')],
      programme: 'BENCH',
    });
  }
  return out;
}

function labelledSet(): ScreeningBench['labelled'] {
  const parsed = parseCsv(readFileSync('test/fixtures/screening/pairs.csv', 'utf8'));
  if (!parsed.ok) throw new Error(`pairs.csv line ${parsed.line}: ${parsed.reason}`);
  const rows = parsed.records.slice(1).map((x) => x.fields);
  let trueMatches = 0;
  let missed = 0;
  let falseHits = 0;
  for (const [a = '', b = '', label] of rows) {
    const hit =
      Screening.compareNames(screenName(a), screenName(b)).score >= DEFAULT_SCREENING.threshold;
    if (label === 'true-match') {
      trueMatches++;
      if (!hit) missed++;
    } else if (hit) falseHits++;
  }
  return {
    pairs: rows.length,
    trueMatches,
    missed,
    falseHits,
    nearMisses: rows.length - trueMatches,
  };
}

export function benchScreening(opts: { entries: number; names: number }): ScreeningBench {
  // Deterministic (mulberry32), so every run screens the same names.
  const r = seededRandom(14);
  const list = syntheticList(opts.entries, r);
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const index = new Screening.ScreeningIndex(list);
  const buildMs = performance.now() - t0;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  // The names screened: a third are list names written another way (characters for a
  // pinyin entry and the reverse, traditional, other order), the rest new names.
  const queries: string[] = [];
  for (let i = 0; i < opts.names; i++) {
    const e = list[Math.floor(r() * list.length)] as WatchlistEntry;
    if (i % 3 === 0)
      queries.push(e.names[e.names.length - 1]?.split(' ').reverse().join(' ') ?? '');
    else if (i % 3 === 1) queries.push(pick(SURNAMES, r) + pick(GIVEN, r) + pick(GIVEN, r));
    else queries.push(`${cap(latinFamily(r))} ${cap(pick(LATIN_GIVEN, r))}`);
  }
  for (const q of queries.slice(0, 200)) index.screen({ name: q }); // warm-up
  const times: number[] = [];
  let hits = 0;
  const start = performance.now();
  for (const q of queries) {
    const s = performance.now();
    hits += index.screen({ name: q }).length;
    times.push(performance.now() - s);
  }
  const elapsed = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  return {
    entries: index.size,
    buildMs,
    heapMb,
    screened: queries.length,
    perSecond: queries.length / elapsed,
    p99Us: (times[Math.floor(times.length * 0.99)] ?? 0) * 1000,
    hits,
    labelled: labelledSet(),
  };
}

export interface RescreeningBench {
  readonly changedEntries: number;
  readonly customers: number;
  readonly fingerprintUs: number;
  readonly fingerprintBytes: number;
  readonly keyedBuildMs: number;
  readonly perSecond: number;
  readonly candidates: number;
  /** On a sample of customers: candidates, and those the name's score confirms. */
  readonly sample: { customers: number; candidates: number; scoredHits: number; missed: number };
  readonly fullListBuildMs: number;
}

/**
 * Re-screening on a list update (ADR 0031), in-process: fingerprints of synthetic customers
 * (as registration makes them, HMAC-keyed), then every fingerprint matched against a keyed
 * index of a day's changed entries; and the keyed index of a whole list (a first version).
 */
export function benchRescreening(opts: {
  entries: number;
  changed: number;
  customers: number;
}): RescreeningBench {
  const r = seededRandom(31);
  const key = createHmac('sha256', 'bench').digest();
  const keyOf = (k: string) => createHmac('sha256', key).update(k).digest('base64url').slice(0, 16);
  const names: string[] = [];
  for (let i = 0; i < opts.customers; i++) {
    names.push(
      i % 4 === 3
        ? `${cap(pick(LATIN_GIVEN, r))} ${cap(latinFamily(r))}`
        : pick(SURNAMES, r) + pick(GIVEN, r) + (r() < 0.7 ? pick(GIVEN, r) : ''),
    );
  }
  let t = performance.now();
  const fps = names.map((name, i) =>
    Screening.fingerprintOf({ name, idNumber: String(110101_19800101_0000 + i) }, keyOf),
  );
  const fingerprintUs = ((performance.now() - t) * 1000) / fps.length;
  const fingerprintBytes =
    fps.slice(0, 1000).reduce((s, fp) => s + JSON.stringify(fp).length, 0) / 1000;
  const changed = syntheticList(opts.changed, r);
  t = performance.now();
  const index = new Screening.ScreeningIndex(changed, DEFAULT_SCREENING, keyOf);
  const keyedBuildMs = performance.now() - t;
  t = performance.now();
  let candidates = 0;
  for (const fp of fps) candidates += index.candidatesOf(fp).length;
  const perSecond = fps.length / ((performance.now() - t) / 1000);
  // What scoring the names would keep (re-screening cannot: it has no names).
  const clear = new Screening.ScreeningIndex(changed);
  const sample = {
    customers: Math.min(5_000, fps.length),
    candidates: 0,
    scoredHits: 0,
    missed: 0,
  };
  for (let i = 0; i < sample.customers; i++) {
    const found = new Set(
      index.candidatesOf(fps[i] as Screening.ScreeningFingerprint).map((c) => c.entry.entryId),
    );
    const scored = clear.screen({ name: names[i] });
    sample.candidates += found.size;
    sample.scoredHits += scored.length;
    sample.missed += scored.filter((h) => !found.has(h.entryId)).length;
  }
  const full = syntheticList(opts.entries, r);
  t = performance.now();
  new Screening.ScreeningIndex(full, DEFAULT_SCREENING, keyOf);
  const fullListBuildMs = performance.now() - t;
  return {
    changedEntries: changed.length,
    customers: fps.length,
    fingerprintUs,
    fingerprintBytes,
    keyedBuildMs,
    perSecond,
    candidates,
    sample,
    fullListBuildMs,
  };
}
