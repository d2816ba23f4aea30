// `npx tsx scripts/compliance/screening-labelled-set.ts`: writes the labelled set of name
// pairs (test/fixtures/screening/pairs.csv) that the screening's recall and precision are
// measured on. How it is built, and why so: test/fixtures/screening/README.md.
//
// The pinyin and traditional forms come from pinyin-pro (surname mode, which knows the
// surname readings of characters such as 曾 and 单) and OpenCC, not from the screening's own
// table; the Wade-Giles, Cantonese and Latin variants and every near miss are written by
// hand below. Every name is made up (common surnames and given-name characters).
import { writeFileSync } from 'node:fs';
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';

type Label = 'true-match' | 'near-miss';
interface Row {
  listName: string;
  candidate: string;
  label: Label;
  kind: string;
}
const rows: Row[] = [];
const add = (listName: string, candidate: string, label: Label, kind: string) =>
  rows.push({ listName, candidate, label, kind });

// Made-up Chinese names: surname + given name, and the near misses written for each (a
// given name one character off, in characters; the same surname with another given name).
const CHINESE: [name: string, oneOff: string, otherGiven: string][] = [
  ['张伟', '张炜', '张强'],
  ['王芳', '王方', '王丽'],
  ['李娜', '李娟', '李静'],
  ['刘洋', '刘阳', '刘涛'],
  ['陈静', '陈晶', '陈丹'],
  ['杨磊', '杨雷', '杨帆'],
  ['黄丽', '黄莉', '黄敏'],
  ['赵强', '赵刚', '赵勇'],
  ['周敏', '周民', '周杰'],
  ['吴军', '吴俊', '吴斌'],
  ['徐杰', '徐洁', '徐鹏'],
  ['孙涛', '孙滔', '孙亮'],
  ['马超', '马潮', '马骏'],
  ['朱红', '朱宏', '朱琳'],
  ['胡斌', '胡彬', '胡峰'],
  ['郭亮', '郭靓', '郭晨'],
  ['何平', '何萍', '何飞'],
  ['高峰', '高锋', '高远'],
  ['林玲', '林琳', '林海'],
  ['罗刚', '罗钢', '罗毅'],
  ['郑华', '郑桦', '郑凯'],
  ['梁勇', '梁涌', '梁辉'],
  ['谢婷', '谢亭', '谢雨'],
  ['宋佳', '宋嘉', '宋哲'],
  ['唐宁', '唐凝', '唐鑫'],
  ['许飞', '许菲', '许波'],
  ['韩雪', '韩冰', '韩松'],
  ['冯凯', '冯恺', '冯源'],
  ['邓辉', '邓晖', '邓超'],
  ['曹阳', '曹扬', '曹睿'],
  ['彭博', '彭波', '彭宇'],
  ['曾毅', '曾艺', '曾林'],
  ['肖鹏', '肖朋', '肖然'],
  ['田甜', '田恬', '田野'],
  ['董浩', '董昊', '董卿'],
  ['潘龙', '潘隆', '潘岳'],
  ['袁媛', '袁圆', '袁泉'],
  ['蔡琳', '蔡霖', '蔡明'],
  ['蒋欣', '蒋鑫', '蒋勤'],
  ['余波', '余博', '余峰'],
  ['叶青', '叶晴', '叶帆'],
  ['程成', '程诚', '程浩'],
  ['苏晴', '苏青', '苏越'],
  ['吕明', '吕鸣', '吕良'],
  ['任重', '任忠', '任远'],
  ['沈冰', '沈兵', '沈阳'],
  ['姚远', '姚源', '姚晨'],
  ['姜文', '姜雯', '姜武'],
  ['崔健', '崔建', '崔玉'],
  ['钟声', '钟生', '钟睿'],
  ['谭军', '谭骏', '谭卓'],
  ['陆毅', '陆易', '陆川'],
  ['汪洋', '汪阳', '汪峰'],
  ['范冰', '范兵', '范伟'],
  ['张小明', '张小民', '张建国'],
  ['王建国', '王建华', '王秀英'],
  ['李秀英', '李秀兰', '李志强'],
  ['刘德明', '刘德铭', '刘文静'],
  ['陈志强', '陈志刚', '陈美玲'],
  ['杨丽华', '杨丽花', '杨建军'],
  ['黄文静', '黄文晶', '黄志伟'],
  ['赵海涛', '赵海波', '赵丽娟'],
  ['周晓燕', '周晓雁', '周国庆'],
  ['吴国庆', '吴国清', '吴春梅'],
  ['徐春梅', '徐春美', '徐海涛'],
  ['孙志刚', '孙志钢', '孙晓燕'],
  ['马丽娟', '马丽君', '马建华'],
  ['朱建华', '朱建新', '朱玉兰'],
  ['胡玉兰', '胡玉莲', '胡俊杰'],
  ['郭俊杰', '郭俊洁', '郭雪梅'],
  ['何雪梅', '何雪莓', '何振宇'],
  ['高建军', '高建均', '高美玲'],
  ['林美玲', '林美琳', '林家豪'],
  ['罗振宇', '罗振雨', '罗嘉欣'],
  ['郑家豪', '郑家浩', '郑志伟'],
  ['梁嘉欣', '梁嘉馨', '梁文静'],
  ['谢志伟', '谢志炜', '谢海涛'],
  ['欧阳明远', '欧阳明源', '欧阳文静'],
  ['司马光华', '司马光辉', '司马志强'],
  ['诸葛文亮', '诸葛文良', '诸葛美玲'],
];

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const SURNAME_LENGTH = (name: string) =>
  ['欧阳', '司马', '诸葛'].some((c) => name.startsWith(c)) ? 2 : 1;

function pinyinParts(name: string, tone: 'none' | 'symbol' | 'num'): [string, string[]] {
  const syllables = pinyin(name, { surname: 'head', toneType: tone, type: 'array' });
  const n = SURNAME_LENGTH(name);
  return [syllables.slice(0, n).join(''), syllables.slice(n)];
}

CHINESE.forEach(([name, oneOff, otherGiven], i) => {
  const [surname, given] = pinyinParts(name, 'none');
  const [tonedSurname, tonedGiven] = pinyinParts(name, 'symbol');
  const [numSurname, numGiven] = pinyinParts(name, 'num');
  const g = given.join('');
  // Four true variants per name, rotating through the ways a name is written.
  const variants = [
    `${cap(surname)} ${cap(g)}`, // surname first
    `${cap(g)} ${cap(surname)}`, // given name first
    `${surname.toUpperCase()} ${cap(given.join('-'))}`, // passport style, hyphenated
    `${cap(tonedSurname)} ${cap(tonedGiven.join(''))}`, // tone marks
    `${numSurname} ${numGiven.join(' ')}`, // tone numbers, syllables apart
    toTraditional(name), // traditional characters
    `${cap(g)}, ${surname.toUpperCase()}`, // a list's "given, SURNAME"
  ];
  for (let k = 0; k < 4; k++) {
    const v = variants[(i + k) % variants.length] as string;
    const kind = [
      'surname first',
      'given first',
      'passport',
      'tone marks',
      'tone numbers',
      'traditional',
      'comma',
    ][(i + k) % variants.length] as string;
    // Half the rows have the list in characters and the candidate in the variant; half the
    // reverse (a customer registered in characters against a list in pinyin).
    if (k % 2 === 0) add(name, v, 'true-match', kind);
    else add(v, name, 'true-match', kind);
  }
  const [, oneOffGiven] = pinyinParts(oneOff, 'none');
  const [otherSurname, otherGivenPinyin] = pinyinParts(otherGiven, 'none');
  add(name, oneOff, 'near-miss', 'one character off (characters)');
  add(name, otherGiven, 'near-miss', 'same surname, other given name (characters)');
  // A one-character difference that changes the pinyin is a different name in pinyin too.
  if (oneOffGiven.join('') !== g) {
    add(
      name,
      `${cap(surname)} ${cap(oneOffGiven.join(''))}`,
      'near-miss',
      'one character off (pinyin)',
    );
  }
  add(
    `${cap(surname)} ${cap(g)}`,
    `${cap(otherSurname)} ${cap(otherGivenPinyin.join(''))}`,
    'near-miss',
    'same surname, other given name (pinyin)',
  );
});

// Homophones in characters: the same pinyin, different characters (another person on the
// register of names; a list in pinyin alone could not tell them apart).
for (const [a, b] of [
  ['张伟', '张玮'],
  ['王芳', '王方'],
  ['刘洋', '刘阳'],
  ['杨磊', '杨雷'],
  ['周敏', '周民'],
  ['何平', '何萍'],
  ['高峰', '高锋'],
  ['林玲', '林琳'],
  ['曹阳', '曹扬'],
  ['余波', '余博'],
])
  add(a as string, b as string, 'near-miss', 'homophone (characters)');

// Wade-Giles (Taiwan, older documents) and Hong Kong Cantonese spellings, written by hand.
const ROMANISED: [string, string, string][] = [
  ['邓小华', 'Teng Hsiao-hua', 'wade-giles'],
  ['周恩文', 'Chou En-wen', 'wade-giles'],
  ['蒋经民', 'Chiang Ching-min', 'wade-giles'],
  ['李登华', 'Lee Teng-hua', 'wade-giles'],
  ['张学明', 'Chang Hsueh-ming', 'wade-giles'],
  ['陈志坚', 'Chen Chih-chien', 'wade-giles'],
  ['谢长春', 'Hsieh Chang-chun', 'wade-giles'],
  ['许信德', 'Hsu Hsin-te', 'wade-giles'],
  ['郭台生', 'Kuo Tai-sheng', 'wade-giles'],
  ['高俊明', 'Kao Chun-ming', 'wade-giles'],
  ['朱立伦', 'Chu Li-lun', 'wade-giles'],
  ['王金平', 'Wang Chin-ping', 'wade-giles'],
  ['黄志芳', 'Huang Chih-fang', 'wade-giles'],
  ['赵少康', 'Chao Shao-kang', 'wade-giles'],
  ['江泽明', 'Chiang Tse-ming', 'wade-giles'],
  ['曾国强', 'Tseng Kuo-chiang', 'wade-giles'],
  ['萧万长', 'Hsiao Wan-chang', 'wade-giles'],
  ['宋楚文', 'Sung Chu-wen', 'wade-giles'],
  ['吴敦义', 'Wu Tun-yi', 'wade-giles'],
  ['连战国', 'Lien Chan-kuo', 'wade-giles'],
  ['蔡英华', 'Tsai Ing-hua', 'taiwan spelling (ing for ying)'],
  ['马英明', 'Ma Ying-ming', 'wade-giles'],
  ['陈大文', 'Chan Tai-man', 'cantonese'],
  ['李家诚', 'Lee Ka-shing', 'cantonese'],
  ['周润华', 'Chow Yun-wah', 'cantonese'],
  ['张学友', 'Cheung Hok-yau', 'cantonese'],
  ['刘德华', 'Lau Tak-wah', 'cantonese'],
  ['梁朝伟', 'Leung Chiu-wai', 'cantonese'],
  ['黄家明', 'Wong Ka-ming', 'cantonese'],
  ['吴彦明', 'Ng Yin-ming', 'cantonese'],
  ['郭富强', 'Kwok Fu-keung', 'cantonese'],
  ['曾志伟', 'Tsang Chi-wai', 'cantonese'],
  ['谢霆峰', 'Tse Ting-fung', 'cantonese'],
  ['张国荣', 'Cheung Kwok-wing', 'cantonese'],
  ['陈美玲', 'Chan Mei-ling', 'cantonese'],
  ['林子祥', 'Lam Tsz-cheung', 'cantonese'],
  ['杨千华', 'Yeung Chin-wah', 'cantonese'],
  ['何超文', 'Ho Chiu-man', 'cantonese'],
  ['周慧敏', 'Chau Wai-man', 'cantonese'],
  ['胡国雄', 'Wu Kwok-hung', 'cantonese'],
  ['邓丽君', 'Tang Lai-kwan', 'cantonese'],
  ['钟嘉欣', 'Chung Ka-yan', 'cantonese'],
  ['关之琳', 'Kwan Chi-lam', 'cantonese'],
  ['苏永康', 'So Wing-hong', 'cantonese'],
  ['黄大仙', 'Wong Tai-sin', 'cantonese'],
  ['罗家英', 'Law Ka-ying', 'cantonese'],
];
for (const [chinese, romanised, kind] of ROMANISED) {
  add(romanised, chinese, 'true-match', kind);
  add(romanised, toTraditional(chinese), 'true-match', `${kind}, traditional`);
}
// The same spellings against another person: same surname, other given name.
for (const [romanised, other] of [
  ['Teng Hsiao-hua', '邓小明'],
  ['Chou En-wen', '周恩来'],
  ['Chang Hsueh-ming', '张学良'],
  ['Chan Tai-man', '陈大明'],
  ['Lee Ka-shing', '李家明'],
  ['Cheung Hok-yau', '张国友'],
  ['Lau Tak-wah', '刘德明'],
  ['Wong Ka-ming', '黄家强'],
  ['Tsang Chi-wai', '曾志强'],
  ['Kwok Fu-keung', '郭富城'],
  ['Hsu Hsin-te', '许信良'],
  ['Kuo Tai-sheng', '郭台铭'],
])
  add(romanised as string, other as string, 'near-miss', 'romanised, other given name');
// Surname spellings: the same given name, one surname in another spelling.
for (const [a, b] of [
  ['Zhang Wei', 'Cheung Wei'],
  ['Chen Jie', 'Chan Jie'],
  ['Wang Fang', 'Wong Fang'],
  ['Huang Min', 'Wong Min'],
  ['Li Na', 'Lee Na'],
  ['Zhou Jun', 'Chow Jun'],
  ['Zhou Jun', 'Chau Jun'],
  ['Liu Yang', 'Lau Yang'],
  ['Wu Bin', 'Ng Bin'],
  ['Lin Hai', 'Lam Hai'],
  ['Lin Hai', 'Lim Hai'],
  ['Yang Fan', 'Yeung Fan'],
  ['Guo Liang', 'Kwok Liang'],
  ['Xu Tao', 'Hsu Tao'],
  ['Xie Ting', 'Tse Ting'],
])
  add(a as string, b as string, 'true-match', 'surname spelling');
// ...and a different surname that looks close in Latin letters.
for (const [a, b] of [
  ['Zhang Wei', 'Zhuang Wei'],
  ['Chen Jie', 'Cheng Jie'],
  ['Wang Fang', 'Wan Fang'],
  ['Li Na', 'Lin Na'],
  ['Liu Yang', 'Lu Yang'],
  ['Huang Min', 'Kuang Min'],
  ['Zhou Jun', 'Zou Jun'],
  ['Xu Tao', 'Xue Tao'],
  ['Yang Fan', 'Tang Fan'],
  ['Guo Liang', 'Gao Liang'],
])
  add(a as string, b as string, 'near-miss', 'close surname (pinyin)');

// Latin names (made up): true variants (case, diacritics, order, punctuation, a
// transliteration variant or a typo in a long word) and near misses (another given name, a
// short name two letters off, a shared surname).
const LATIN_TRUE: [string, string, string][] = [
  ['Maria Gonzalez', 'GONZÁLEZ, María', 'diacritics, order'],
  ['Maria Gonzalez', 'Maria Gonzales', 'one edit'],
  ['Mohammed Al-Rashid', 'Muhammad Al Rashid', 'transliteration'],
  ['Mohammed Al-Rashid', 'Mohamed Alrashid', 'transliteration'],
  ['Alexander Petrov', 'Aleksandr Petrov', 'transliteration'],
  ['Alexander Petrov', 'PETROV Alexander', 'order'],
  ['Sergei Ivanov', 'Sergey Ivanov', 'transliteration'],
  ['Sergei Ivanov', 'Ivanov, Sergei', 'order'],
  ['Jean-Pierre Dubois', 'Jean Pierre Dubois', 'hyphen'],
  ['Jean-Pierre Dubois', 'Dubois Jean-Pierre', 'order'],
  ['José Martínez', 'Jose Martinez', 'diacritics'],
  ['José Martínez', 'Martinez Jose', 'order'],
  ['Abdul Rahman Hassan', 'Abdulrahman Hassan', 'spacing'],
  ['Abdul Rahman Hassan', 'Hassan, Abdul-Rahman', 'order, hyphen'],
  ['Olumide Adebayo', 'Olumide Adebayo', 'exact'],
  ['Olumide Adebayo', 'Adebayo Olumide', 'order'],
  ['Katarzyna Nowakowska', 'Katarzyna Nowakowska', 'exact'],
  ['Katarzyna Nowakowska', 'Katarzyna Nowakowksa', 'typo (transposition)'],
  ["Patrick O'Connor", 'Patrick OConnor', 'apostrophe'],
  ["Patrick O'Connor", "O'CONNOR, Patrick", 'order'],
  ['Nguyen Van Thanh', 'Nguyễn Văn Thành', 'diacritics'],
  ['Nguyen Van Thanh', 'Thanh Nguyen Van', 'order'],
  ['Ahmed Abdullah', 'Ahmad Abdullah', 'one edit'],
  ['Ahmed Abdullah', 'Ahmed Abdulla', 'one edit'],
  ['Viktor Kuznetsov', 'Victor Kuznetsov', 'one edit'],
  ['Viktor Kuznetsov', 'Viktor Kuznetzov', 'one edit'],
  ['Friedrich Müller', 'Friedrich Muller', 'diacritics'],
  ['Friedrich Müller', 'Friedrich Mueller', 'transliteration (ue)'],
  ['Giovanni Russo', 'Russo Giovanni', 'order'],
  ['Giovanni Russo', 'Giovani Russo', 'typo (one letter)'],
  ['Hiroshi Tanaka', 'TANAKA Hiroshi', 'order'],
  ['Hiroshi Tanaka', 'Hiroshi Tanaka', 'exact'],
  ['Ekaterina Smirnova', 'Yekaterina Smirnova', 'transliteration'],
  ['Ekaterina Smirnova', 'Ekaterina Smirnowa', 'one edit'],
  ['Omar Farouk Khalil', 'Omar Farouq Khalil', 'one edit'],
  ['Omar Farouk Khalil', 'Khalil, Omar Farouk', 'order'],
  ['Dmitri Volkov', 'Dmitry Volkov', 'transliteration'],
  ['Dmitri Volkov', 'Volkov Dmitri', 'order'],
  ['Fatima Zahra Benali', 'Fatima-Zahra Benali', 'hyphen'],
  ['Fatima Zahra Benali', 'Fatima Zahra Ben Ali', 'spacing'],
];
for (const [a, b, kind] of LATIN_TRUE) add(a, b, 'true-match', `latin: ${kind}`);
const LATIN_NEAR: [string, string, string][] = [
  ['Maria Gonzalez', 'Marta Gonzalez', 'other given name (one letter, short)'],
  ['Maria Gonzalez', 'Mario Gomez', 'similar'],
  ['Sergei Ivanov', 'Sergei Ivanova', 'one letter, another person (short surname)'],
  ['Sergei Ivanov', 'Pavel Ivanov', 'same surname'],
  ['Alexander Petrov', 'Alexandra Petrova', 'feminine forms'],
  ['Alexander Petrov', 'Alexander Popov', 'same given name'],
  ['John Smith', 'Joan Smith', 'short name one letter off'],
  ['John Smith', 'John Smyth-Jones', 'similar'],
  ['José Martínez', 'Josué Martín', 'similar'],
  ['José Martínez', 'Luis Martínez', 'same surname'],
  ['Ahmed Abdullah', 'Ahmed Abdelaziz', 'same given name'],
  ['Ahmed Abdullah', 'Hamid Abdullah', 'same surname'],
  ['Viktor Kuznetsov', 'Viktor Kovalenko', 'same given name'],
  ['Friedrich Müller', 'Friedrich Meyer', 'same given name'],
  ['Giovanni Russo', 'Giovanni Rossi', 'short surname one letter off'],
  ['Giovanni Russo', 'Gianni Russo', 'same surname'],
  ['Hiroshi Tanaka', 'Hiroshi Takahashi', 'same given name'],
  ['Hiroshi Tanaka', 'Hiroko Tanaka', 'given name two letters off'],
  ['Ekaterina Smirnova', 'Ekaterina Sidorova', 'same given name'],
  ['Dmitri Volkov', 'Dmitri Sokolov', 'same given name'],
  ['Dmitri Volkov', 'Dmitri Orlov', 'same given name'],
  ['Omar Farouk Khalil', 'Omar Khalid', 'similar'],
  ["Patrick O'Connor", 'Patrick Connolly', 'same given name'],
  ['Nguyen Van Thanh', 'Nguyen Van Minh', 'same family and middle name'],
  ['Nguyen Van Thanh', 'Tran Van Thanh', 'other family name'],
  ['Olumide Adebayo', 'Olumide Adeyemi', 'same given name'],
  ['Katarzyna Nowakowska', 'Katarzyna Nowak', 'shared stem'],
  ['Fatima Zahra Benali', 'Fatima Benamar', 'similar'],
  ['Mohammed Al-Rashid', 'Mohammed Al-Rashidi Hamdan', 'longer name, more words'],
  ['Jean-Pierre Dubois', 'Jean-Paul Dubois', 'other compound given name'],
];
for (const [a, b, kind] of LATIN_NEAR) add(a, b, 'near-miss', `latin: ${kind}`);

const csv = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
writeFileSync(
  'test/fixtures/screening/pairs.csv',
  [
    'list_name,candidate,label,kind',
    ...rows.map((r) => [r.listName, r.candidate, r.label, r.kind].map(csv).join(',')),
  ].join('\n') + '\n',
);
const count = (l: Label) => rows.filter((r) => r.label === l).length;
process.stdout.write(
  `${rows.length} pairs: ${count('true-match')} true matches, ${count('near-miss')} near misses\n`,
);
