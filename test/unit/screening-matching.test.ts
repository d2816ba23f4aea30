// AML name screening (issue 14, M1-c): the pure matching. Chinese names in simplified and
// traditional characters, their pinyin with and without tones, either name order,
// Wade-Giles and Cantonese spellings, Latin names by normalised tokens and edit distance,
// ID numbers exactly; every hit explains which tokens aligned, how, and the score; the
// index finds the same hits as comparing every entry one by one.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCREENING, Screening, type WatchlistEntry } from '../../shared/compliance';
import { screenName } from '../../shared/compliance/domain/screening-names';

const compare = (a: string, b: string) => Screening.compareNames(screenName(a), screenName(b));
const hows = (a: string, b: string) => compare(a, b).alignments.map((x) => x.how);

describe('M1-c name matching', () => {
  it('matches a name in characters with its pinyin, in either order, with and without tones', () => {
    expect(compare('张小明', 'Zhang Xiaoming')).toMatchObject({ score: 1 });
    expect(compare('张小明', 'Xiaoming ZHANG').score).toBe(1);
    expect(compare('张小明', 'Zhang Xiao-Ming').score).toBe(1);
    expect(compare('张小明', 'Zhang Xiao Ming').score).toBe(1);
    expect(compare('张伟', 'Zhāng Wěi').score).toBe(1);
    expect(compare('张伟', 'zhang1 wei3').score).toBe(1);
    expect(compare('张伟', 'Zhang Wei').alignments).toEqual([
      { query: '张', entry: 'Zhang', how: 'pinyin', score: 1, detail: '张 = zhang1' },
      { query: '伟', entry: 'Wei', how: 'pinyin', score: 1, detail: '伟 = wei3' },
    ]);
  });

  it('matches simplified with traditional characters and says so', () => {
    const m = compare('張偉', '张伟');
    expect(m.score).toBe(1);
    expect(m.alignments.map((a) => [a.how, a.detail])).toEqual([
      ['simplified/traditional', '張 = 张 = 张'],
      ['simplified/traditional', '偉 = 伟 = 伟'],
    ]);
    expect(compare('欧阳娜娜', 'Ouyang Nana').score).toBe(1); // a compound surname
  });

  it('matches Wade-Giles and Cantonese spellings at 0.95 per token', () => {
    expect(compare('邓小平', 'Teng Hsiao-ping').score).toBe(0.95);
    expect(compare('毛泽东', 'Mao Tse-tung').score).toBe(0.975);
    expect(compare('李嘉诚', 'Lee Ka-shing').score).toBe(0.95);
    expect(compare('周润发', 'Chow Yun-fat').score).toBe(0.95);
    expect(hows('陈大文', 'Chan Dai Man')).toEqual(['romanisation', 'pinyin', 'romanisation']);
    for (const [pinyin, other] of [
      ['Zhang', 'Cheung'],
      ['Chen', 'Chan'],
      ['Wang', 'Wong'],
      ['Huang', 'Wong'],
      ['Li', 'Lee'],
      ['Zhou', 'Chow'],
      ['Zhou', 'Chau'],
      ['Liu', 'Lau'],
      ['Wu', 'Ng'],
    ] as const) {
      const m = compare(`${pinyin} Wei`, `${other} Wei`);
      expect(m.score, `${pinyin}/${other}`).toBe(0.975);
      expect(m.alignments[0]).toMatchObject({ how: 'romanisation', score: 0.95 });
    }
  });

  it('tells apart a different given name, one character, or a homophone in characters', () => {
    expect(compare('Zhang Wei', 'Zhang Wen').score).toBe(0.5);
    expect(compare('张小明', '张小民')).toMatchObject({ score: 0.7 });
    expect(hows('张小明', '张小民')).toEqual(['exact', 'shared characters']);
    expect(compare('张伟', '张玮').score).toBe(0.8); // both read zhang wei: below 0.85
    expect(compare('Zhang Xiaoming', 'Zhang Xiaomin').score).toBe(0.5); // min is another character
  });

  it('compares Latin names by folded tokens in any order, and by edit distance by length', () => {
    expect(compare('María GONZÁLEZ', 'gonzalez, maria').score).toBe(1);
    expect(compare('Maria Gonzalez', 'Maria Gonzales').alignments[1]).toMatchObject({
      how: 'edit distance',
      score: 0.9,
      detail: '1 edit',
    });
    expect(compare('Mohammed Ali', 'Muhammad Ali').score).toBe(0.9); // 2 edits in 8 letters
    expect(compare('John Smith', 'Joan Smith').score).toBe(0.5); // 4 letters: no edit allowed
    expect(compare('John Smith', 'John Smyth').score).toBe(0.95);
    expect(compare('Abdul Rahman Al-Amin', 'Abdulrahman Alamin').score).toBe(1);
  });

  it('computes a bounded Damerau-Levenshtein distance', () => {
    expect(Screening.editDistance('gonzalez', 'gonzales', 2)).toBe(1);
    expect(Screening.editDistance('ivanov', 'ivnaov', 2)).toBe(1); // a transposition
    expect(Screening.editDistance('mohammed', 'muhammad', 2)).toBe(2);
    expect(Screening.editDistance('abcdefgh', 'hgfedcba', 2)).toBe(3); // gave up past 2
  });
});

const entries: WatchlistEntry[] = [
  {
    entryId: 'E1',
    kind: 'PERSON',
    names: ['张小明', 'Zhang Xiaoming'],
    idNumbers: ['110101 19900101 1234'],
    programme: 'SAMPLE',
  },
  { entryId: 'E2', kind: 'PERSON', names: ['Maria Gonzalez'], idNumbers: [], programme: 'SAMPLE' },
  { entryId: 'E3', kind: 'PERSON', names: ['陳大文'], idNumbers: [], programme: 'SAMPLE' },
];

describe('M1-c the screening index', () => {
  const index = new Screening.ScreeningIndex(entries);

  it('finds a name by pinyin, characters or romanisation, each hit explained and scored', () => {
    const [hit, ...rest] = index.screen({ name: 'Chang Hsiao-ming' });
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({
      entryId: 'E1',
      matchedOn: 'NAME',
      score: 0.95,
      entryName: '张小明',
    });
    expect(hit?.alignments.map((a) => a.how)).toEqual(['romanisation', 'romanisation']);
    expect(index.screen({ name: 'Chan Tai-man' }).map((h) => h.entryId)).toEqual(['E3']);
    expect(index.screen({ name: '陈大文' }).map((h) => [h.entryId, h.alignments[0]?.how])).toEqual([
      ['E3', 'simplified/traditional'],
    ]);
    expect(index.screen({ name: 'Maria Gonzales' })).toMatchObject([
      { entryId: 'E2', score: 0.95 },
    ]);
    expect(index.screen({ name: 'Zhang Wen' })).toEqual([]);
  });

  it('matches ID numbers exactly after normalising, whatever the name', () => {
    expect(index.screen({ name: 'Someone Else', idNumber: '110101199001011234' })).toMatchObject([
      { entryId: 'E1', matchedOn: 'ID_NUMBER', score: 1 },
    ]);
    expect(index.screen({ idNumber: '110101199001011235' })).toEqual([]);
  });

  it('masks the screened person in a hit as stored and shown', () => {
    const [hit] = index.screen({ name: '张小明', idNumber: '110101199001011234' });
    expect(Screening.maskHit(hit as Screening.ScreeningHit).alignments[0]?.query).toBe(
      '1101**********1234',
    );
    const [byName] = index.screen({ name: 'Zhang Xiaoming' });
    const masked = Screening.maskHit(byName as Screening.ScreeningHit);
    expect(masked.alignments.map((a) => [a.query, a.detail])).toEqual([
      ['Z****', '张 = zhang1'],
      ['X*******', '小明 = xiao3 ming2'],
    ]);
  });

  it('honours the configured threshold', () => {
    const strict = new Screening.ScreeningIndex(entries, { ...DEFAULT_SCREENING, threshold: 0.99 });
    expect(strict.screen({ name: 'Chang Hsiao-ming' })).toEqual([]);
    expect(strict.screen({ name: 'Zhang Xiaoming' })).toHaveLength(1);
  });
});
