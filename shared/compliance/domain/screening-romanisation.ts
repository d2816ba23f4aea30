// Romanisations of Chinese names other than Hanyu Pinyin, for name screening: the spellings
// of common surnames in Wade-Giles, Cantonese (Hong Kong government / Jyutping-like),
// Hokkien and Teochew (Singapore, Malaysia) and older conventions; and a syllable-level
// Wade-Giles -> pinyin conversion for the rest of a name. Pure.
import { isPinyinSyllable } from './screening-hanzi';

export type Romanisation = 'wade-giles' | 'surname spelling' | 'cantonese';

// pinyin surname -> other spellings of it. A spelling may belong to several surnames
// (Wong is Wang and Huang): the lookup keeps every one.
const SURNAME_SPELLINGS: Record<string, string> = {
  zhang: 'chang cheung cheong chong teo tiong',
  chen: 'chan chin tan chun ting',
  wang: 'wong ong heng',
  huang: 'wong hwang ng oei ooi wee vong',
  li: 'lee lei ly lie lai',
  zhou: 'chow chau chou jow chew',
  liu: 'lau lao liew lew low',
  wu: 'ng woo goh eng',
  lin: 'lam lim lum',
  zhao: 'chiu chao chio',
  yang: 'yeung yeong young yong yeo',
  xu: 'hsu hui tsui koh khoo',
  sun: 'suen soon sng',
  ma: 'mah mar',
  zhu: 'chu choo chue',
  hu: 'woo foo hoo',
  guo: 'kuo kwok kok quek',
  he: 'ho hoh',
  gao: 'kao ko kou',
  luo: 'lo law loh lor',
  zheng: 'cheng tay teh',
  liang: 'leung leong neo',
  xie: 'hsieh tse chia shieh',
  song: 'sung soong',
  tang: 'tong tng',
  han: 'hon hahn',
  feng: 'fung foong',
  deng: 'tang teng',
  cao: 'tsao cho tso',
  peng: 'pang phang',
  zeng: 'tseng tsang',
  xiao: 'hsiao siu siew seow',
  tian: 'tien tin',
  dong: 'tung',
  pan: 'poon phua phan',
  yuan: 'yuen',
  cai: 'tsai choi choy chua tsoi',
  jiang: 'chiang kong keung tseung',
  yu: 'yue yee yiu',
  du: 'tu to tou',
  ye: 'yeh yip ip yap',
  cheng: 'ching',
  wei: 'wai ngai',
  su: 'soo so',
  lu: 'loo lou lok lui',
  ding: 'ting',
  ren: 'jen yam',
  shen: 'shum sham sim',
  yao: 'yau',
  fang: 'fong',
  jin: 'kam kim',
  qian: 'chien',
  qiu: 'yau khoo',
  wen: 'man boon',
  hou: 'hau',
  shi: 'shih sze',
  gu: 'ku koo',
  kong: 'hung',
  fu: 'poh',
  mo: 'mok',
  long: 'lung',
  duan: 'tuan tuen',
  qin: 'chun',
  jia: 'chia',
  xia: 'hsia ha',
  zou: 'tsou',
  kang: 'hong',
  mai: 'mak',
  ou: 'au aw',
  ouyang: 'auyeung auyang owyang',
  situ: 'szeto seto',
  shangguan: 'sheungkoon',
  zhuge: 'chukot',
};

const BY_SPELLING = new Map<string, string[]>();
for (const [pinyin, spellings] of Object.entries(SURNAME_SPELLINGS)) {
  for (const s of spellings.split(' ')) BY_SPELLING.set(s, [...(BY_SPELLING.get(s) ?? []), pinyin]);
}

/** The pinyin surnames a spelling stands for (chan -> chen; wong -> wang, huang). */
export function surnamePinyin(spelling: string): readonly string[] {
  return BY_SPELLING.get(spelling) ?? [];
}

/** True if the word is a known surname spelling or pinyin surname. */
export function isSurnameSpelling(word: string): boolean {
  return BY_SPELLING.has(word) || word in SURNAME_SPELLINGS;
}

/** Splits a word into toneless pinyin syllables (xiaoming -> xiao, ming), or undefined. */
export function pinyinSyllables(word: string): string[] | undefined {
  return segment(word, (s) => (isPinyinSyllable(s) ? [s] : []), 1)[0];
}

// Wade-Giles finals (apostrophes and umlauts already dropped) -> pinyin finals.
const WG_FINALS: Record<string, string[]> = {
  a: ['a'],
  ai: ['ai'],
  an: ['an'],
  ang: ['ang'],
  ao: ['ao'],
  e: ['e'],
  ei: ['ei'],
  en: ['en'],
  eng: ['eng'],
  erh: ['er'],
  i: ['i'],
  ia: ['ia'],
  iang: ['iang'],
  iao: ['iao'],
  ieh: ['ie'],
  ien: ['ian'],
  in: ['in'],
  ing: ['ing'],
  iu: ['iu'],
  iung: ['iong'],
  o: ['o', 'e'],
  ou: ['ou'],
  u: ['u', 'v'],
  ua: ['ua'],
  uai: ['uai'],
  uan: ['uan'],
  uang: ['uang'],
  ui: ['ui'],
  uei: ['ui'],
  un: ['un'],
  ung: ['ong'],
  uo: ['uo'],
  ih: ['i'],
  ueh: ['ue'],
};
// Wade-Giles initials -> pinyin initials (unaspirated and aspirated forms, since the
// apostrophe is usually dropped).
const WG_INITIALS: Record<string, string[]> = {
  ch: ['zh', 'ch', 'j', 'q'],
  hs: ['x'],
  ts: ['z', 'c'],
  tz: ['z', 'c'],
  sz: ['s'],
  ss: ['s'],
  sh: ['sh'],
  k: ['g', 'k'],
  t: ['d', 't'],
  p: ['b', 'p'],
  j: ['r'],
  m: ['m'],
  f: ['f'],
  n: ['n'],
  l: ['l'],
  h: ['h'],
  s: ['s'],
  w: ['w'],
  y: ['y'],
  '': [''],
};

function wadeGilesSyllable(s: string): string[] {
  const out = new Set<string>();
  for (const [wi, pis] of Object.entries(WG_INITIALS)) {
    if (!s.startsWith(wi)) continue;
    const final = s.slice(wi.length);
    let finals = WG_FINALS[final] ?? [];
    if (final === 'u' && ['ts', 'tz', 'sz', 'ss'].includes(wi)) finals = ['i'];
    if (wi === 'y' && final === 'u') finals = ['ou', 'u'];
    if (wi === 'y' && (final === 'en' || final === 'eh')) finals = [final === 'en' ? 'an' : 'e'];
    for (const pi of pis) {
      for (const pf of finals) {
        const p = pi + pf;
        if (isPinyinSyllable(p)) out.add(p);
      }
    }
  }
  return [...out];
}

// Every Wade-Giles syllable with its pinyin, computed once (a few hundred).
let wgTable: Map<string, string[]> | undefined;
function wadeGilesTable(): Map<string, string[]> {
  if (wgTable) return wgTable;
  wgTable = new Map();
  for (const wi of Object.keys(WG_INITIALS)) {
    for (const wf of Object.keys(WG_FINALS)) {
      const p = wadeGilesSyllable(wi + wf);
      if (p.length > 0) wgTable.set(wi + wf, p);
    }
  }
  return wgTable;
}

/** Pinyin readings of a word written in Wade-Giles (hsiaoping -> xiaoping; chang -> zhang, chang). */
export function wadeGilesToPinyin(word: string): string[] {
  const table = wadeGilesTable();
  return segment(word, (s) => table.get(s) ?? [], 8).map((parts) => parts.join(''));
}

// Every way (up to `limit`) to split a word into syllables of 1..6 letters that `convert`
// accepts, each syllable replaced by what it converts to.
function segment(word: string, convert: (syllable: string) => string[], limit: number): string[][] {
  const memo = new Map<number, string[][]>();
  const from = (i: number): string[][] => {
    if (i === word.length) return [[]];
    const cached = memo.get(i);
    if (cached) return cached;
    const out: string[][] = [];
    for (let j = Math.min(word.length, i + 6); j > i && out.length < limit; j--) {
      const conv = convert(word.slice(i, j));
      if (conv.length === 0) continue;
      const rest = from(j);
      for (const c of conv) {
        for (const r of rest) {
          if (out.length < limit) out.push([c, ...r]);
        }
      }
    }
    memo.set(i, out);
    return out;
  };
  return from(0);
}

// Jyutping -> the Hong Kong government's spellings (the ones on HKID cards and passports):
// Jyutping zoeng1 is Cheung, sing4 Shing, jeon6 Yun, gaa1 Ka, waa4 Wa or Wah.
const JP_INITIALS: Record<string, string[]> = {
  b: ['p'],
  p: ['p'],
  m: ['m'],
  f: ['f'],
  d: ['t'],
  t: ['t'],
  n: ['n'],
  l: ['l'],
  g: ['k'],
  k: ['k'],
  ng: ['ng'],
  h: ['h'],
  gw: ['kw'],
  kw: ['kw'],
  w: ['w'],
  z: ['ch', 'ts'],
  c: ['ch', 'ts'],
  s: ['s', 'sh'],
  j: ['y'],
  '': [''],
};
const JP_FINALS: Record<string, string[]> = {
  aa: ['a', 'ah'],
  aai: ['ai'],
  aau: ['au'],
  aam: ['am'],
  aan: ['an'],
  aang: ['ang'],
  aap: ['ap'],
  aat: ['at'],
  aak: ['ak'],
  ai: ['ai'],
  au: ['au'],
  am: ['am'],
  an: ['an'],
  ang: ['ang'],
  ap: ['ap'],
  at: ['at'],
  ak: ['ak'],
  e: ['e'],
  ei: ['ei', 'ee', 'i'],
  eng: ['eng'],
  ek: ['ek'],
  i: ['i', 'ee', 'z', 'ze'],
  iu: ['iu'],
  im: ['im'],
  in: ['in'],
  ing: ['ing'],
  ip: ['ip'],
  it: ['it'],
  ik: ['ik'],
  o: ['o', 'oh'],
  oi: ['oi', 'oy'],
  ou: ['o', 'ou'],
  on: ['on'],
  ong: ['ong'],
  ot: ['ot'],
  ok: ['ok'],
  u: ['u', 'oo'],
  ui: ['ui', 'ooi'],
  un: ['un', 'oon'],
  ung: ['ung'],
  ut: ['ut'],
  uk: ['uk'],
  oe: ['oe', 'eu'],
  oeng: ['eung'],
  oek: ['euk'],
  eoi: ['ui', 'eui'],
  eon: ['un', 'eun'],
  eot: ['ut'],
  yu: ['u', 'ue', 'yu'],
  yun: ['un', 'uen', 'yun'],
  yut: ['ut', 'uet'],
  m: ['m'],
  ng: ['ng'],
};

const spellingsOf = new Map<string, string[]>();

/** Hong Kong spellings of one toneless Jyutping syllable (zoeng -> cheung, tseung). */
export function cantoneseSpellings(jyutping: string): string[] {
  let out = spellingsOf.get(jyutping);
  if (!out) {
    out = spell(jyutping);
    spellingsOf.set(jyutping, out);
  }
  return out;
}

function spell(jyutping: string): string[] {
  const m = /^(ng|gw|kw|[bpmfdtnlgkhwzcsj]?)([a-z]+)$/.exec(jyutping);
  if (!m) return [];
  const [, initial = '', final = ''] = m;
  const finals = JP_FINALS[final] ?? [];
  const out = new Set<string>();
  for (const i of JP_INITIALS[initial] ?? []) {
    for (const f of finals) {
      // Hong Kong writes sh only before i, e, eu and u sounds, ts mostly before z (Tsz)
      if (i === 'sh' && !/^(i|e|u|y)/.test(f)) continue;
      if (i === 'ts' && !/^(z|e|a|o)/.test(f)) continue;
      if ((f === 'z' || f === 'ze') && !['ts', 's', 'ch'].includes(i)) continue;
      out.add(i === 'y' && f.startsWith('y') ? f : i + f);
    }
  }
  if (initial === '' && (jyutping === 'm' || jyutping === 'ng')) out.add(jyutping);
  return [...out];
}
