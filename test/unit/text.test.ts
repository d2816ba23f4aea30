// Free text may not hide what it says: control characters, bidirectional overrides and
// zero-width characters are refused in memos and product names (issue 9).
import { describe, expect, it } from 'vitest';
import { isVisibleText } from '../../shared/kernel/text';
import { TransferRequest } from '../../shared/money/schemas/money';

const HIDDEN = {
  'right-to-left override U+202E': 'rent \u202Eeulav 000,01',
  'left-to-right isolate U+2066': 'rent \u2066x',
  'pop directional isolate U+2069': 'rent \u2069',
  'zero-width space U+200B': 'ren\u200Bt',
  'zero-width joiner U+200D': 'a\u200Db',
  'byte-order mark U+FEFF': '\uFEFFrent',
  'word joiner U+2060': 'ren\u2060t',
  'escape (C0)': 'rent \u001B[31m',
  'newline (C0)': 'line\nbreak',
  'C1 control U+0085': 'rent\u0085',
};

describe('visible free text (M6.2-a)', () => {
  it.each(Object.entries(HIDDEN))('refuses text with a %s', (_name, text) => {
    expect(isVisibleText(text)).toBe(false);
  });

  it('accepts ordinary text in Chinese, Latin letters, digits, punctuation and emoji', () => {
    for (const text of [
      '房租 11 月',
      'Dinner at Lǎo Wáng’s, ¥120.50',
      '🎉 生日快乐!',
      '',
      'a b\tc'.replace('\t', ' '),
    ])
      expect(isVisibleText(text), text).toBe(true);
  });

  it('refuses a transfer memo with a bidirectional override, naming the field', () => {
    const out = TransferRequest.safeParse({
      toCustomerId: '0b9f1c3e-8a41-4f6b-9d2e-5c7a1b3d4e6f',
      amount: 100,
      currency: 'CNY',
      memo: HIDDEN['right-to-left override U+202E'],
    });
    expect(out.success).toBe(false);
    expect(out.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'memo',
        'must not contain control characters, bidirectional overrides or zero-width characters',
      ],
    ]);
  });
});
