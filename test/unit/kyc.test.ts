import { describe, expect, it } from 'vitest';
import {
  ageOn,
  birthDateOf,
  checkBankCard,
  checkIdNumber,
  checkName,
  checkPhone,
  idCheckCharacter,
  luhnValid,
  normalizeBankCard,
  normalizePhone,
} from '../../shared/identity/domain/kyc';
import { currentVersion, LEGAL_DOCUMENTS } from '../../shared/identity/domain/legal';

const now = new Date('2026-11-26T00:00:00Z');
const opts = { now, minimumAge: 18 };

describe('resident ID number (M2.1-a)', () => {
  // GB 11643-1999's own worked example and the widely published 1949 example.
  it.each(['11010519491231002X', '440524188001010014'])(
    'M2.1-a accepts the published vector %s',
    (id) => {
      expect(checkIdNumber(id, opts)).toBeUndefined();
    },
  );

  it('M2.1-a computes the ISO 7064 MOD 11-2 check character of the published vectors', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(idCheckCharacter('44052418800101001')).toBe('4');
  });

  it('M2.1-a accepts a lower-case x check character', () => {
    expect(checkIdNumber('11010519491231002x', opts)).toBeUndefined();
  });

  it.each([
    ['110105194912310021', 'check character does not match'], // near miss: X -> 1
    ['440524188001010015', 'check character does not match'], // near miss: last digit +1
    ['440524188001010041', 'check character does not match'], // transposed last two
    ['11010519491231002', 'must be 18 characters'],
    ['1101051949123100211', 'must be 18 characters'],
    ['11010519491231X02X', 'must be 18 characters'],
    ['110105194902300027', 'not a real date'], // 30 February
    ['110105203001010011', 'in the future'],
  ])('M2.1-a rejects %s (%s)', (id, reason) => {
    expect(checkIdNumber(id, opts)).toContain(reason);
  });

  it('M2.1-a rejects a holder under 18, accepting the 18th birthday itself', () => {
    const body = '11010520081126001';
    const id = body + idCheckCharacter(body);
    expect(checkIdNumber(id, { now: new Date('2026-11-25T00:00:00Z'), minimumAge: 18 })).toContain(
      'at least 18',
    );
    expect(
      checkIdNumber(id, { now: new Date('2026-11-26T00:00:00Z'), minimumAge: 18 }),
    ).toBeUndefined();
  });
});

describe('bank card (M2.1-a)', () => {
  it.each([
    '4111111111111111',
    '5555555555554444',
    '6200000000000005', // UnionPay test card, 16 digits
    '6205500000000000004', // UnionPay test card, 19 digits
    '6222 0212 3456 7890 128',
  ])('M2.1-a accepts Luhn-valid test card %s', (card) => {
    expect(checkBankCard(card)).toBeUndefined();
  });

  it.each([
    ['4111111111111112', 'Luhn'],
    ['6200000000000006', 'Luhn'],
    ['411111111111111', '16 to 19'],
    ['41111111111111111111', '16 to 19'],
    ['4111a11111111111', '16 to 19'],
  ])('M2.1-a rejects %s', (card, reason) => {
    expect(checkBankCard(card)).toContain(reason);
  });

  it('computes Luhn on the classic vector', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });
});

describe('mobile number and name (M2.1-a)', () => {
  it.each(['13812341234', '+8613812341234', '8619912345678', '138 1234 1234'])(
    'M2.1-a accepts %s',
    (p) => expect(checkPhone(p)).toBeUndefined(),
  );
  it.each(['12812341234', '1381234123', '138123412345', '+1 415 555 0100'])(
    'M2.1-a rejects %s',
    (p) => expect(checkPhone(p)).toBeDefined(),
  );
  it('normalises the +86 prefix away', () =>
    expect(normalizePhone('+86 138-1234-1234')).toBe('13812341234'));
  it.each(['张三', '欧阳娜娜', '买买提·艾力', 'Li Lei'])('accepts name %s', (n) =>
    expect(checkName(n)).toBeUndefined(),
  );
  it.each(['张', '张3', '<script>', 'a'.repeat(31)])('rejects name %s', (n) =>
    expect(checkName(n)).toBeDefined(),
  );
});

describe('the ID number rules at their edges (M2.1-a)', () => {
  const withCheck = (body: string) => body + idCheckCharacter(body);
  const reason = (id: string, at = opts) => checkIdNumber(id, at);

  it('M2.1-a takes only a province-level region code of GB/T 2260 in the first two digits', () => {
    // Every province-level code of GB/T 2260.
    for (const province of '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(
      ' ',
    ))
      expect(reason(withCheck(`${province}010519491231002`))).toBeUndefined();
    for (const bad of ['01', '10', '16', '20', '38', '47', '55', '66', '70', '84', '91', '99'])
      expect(reason(withCheck(`${bad}010519491231002`))).toBe('region code is not valid');
  });

  it('M2.1-a names each failure in full, trimming and upper-casing first', () => {
    expect(reason(' 11010519491231002x ')).toBeUndefined();
    expect(reason('1101051949123100')).toBe('must be 18 characters: 17 digits and a digit or X');
    expect(reason(withCheck('11010517991231002'))).toBe('birth date is not a real date');
    expect(reason(withCheck('11010518000101002'))).toBeUndefined();
    for (const date of ['19490229', '19491301', '19490100', '19490132', '19490001'])
      expect(reason(withCheck(`110105${date}002`))).toBe('birth date is not a real date');
    expect(reason(withCheck('11010519480229002'))).toBeUndefined(); // a leap day
    expect(reason(withCheck('11010520261127002'))).toBe('birth date is in the future');
    // Born today (at midnight UTC) or last month: not in the future, only too young.
    expect(reason(withCheck('11010520261126002'))).toBe('holder must be at least 18 years old');
    expect(reason(withCheck('11010520261027002'))).toBe('holder must be at least 18 years old');
    expect(reason('110105194912310021')).toBe('check character does not match');
    expect(reason(withCheck('11010520081127002'))).toBe('holder must be at least 18 years old');
  });

  it('M2.1-a counts age in whole years: the day before the birthday in the birth month, and months before it', () => {
    const birth = { year: 2008, month: 11, day: 26 };
    expect(ageOn(birth, new Date('2026-10-30T00:00:00Z'))).toBe(17);
    expect(ageOn(birth, new Date('2026-11-25T00:00:00Z'))).toBe(17);
    expect(ageOn(birth, new Date('2026-11-26T00:00:00Z'))).toBe(18);
    expect(ageOn(birth, new Date('2026-12-01T00:00:00Z'))).toBe(18);
    expect(ageOn(birth, new Date('2027-01-01T00:00:00Z'))).toBe(18);
  });

  it('M2.1-a reads the birth date at positions 7 to 14', () => {
    expect(birthDateOf('11010519491231002X')).toEqual({ year: 1949, month: 12, day: 31 });
  });

  it('M2.1-a normalises a bank card by removing spaces and hyphens only', () => {
    expect(normalizeBankCard(' 6222-0212 3456 ')).toBe('622202123456');
    expect(checkBankCard('6200 0000 0000 0005')).toBeUndefined();
    expect(checkBankCard('6200000000000005x')).toBe('must be 16 to 19 digits');
    expect(checkBankCard('6200000000000006')).toBe('fails the Luhn check');
  });

  it('M2.1-a names what a name must be', () => {
    expect(checkName(' 张三 ')).toBeUndefined();
    expect(checkName('张')).toBe('must be 2 to 30 characters');
    expect(checkName('a'.repeat(30))).toBeUndefined();
    expect(checkName('a'.repeat(31))).toBe('must be 2 to 30 characters');
    expect(checkName('张3')).toBe('must be Han characters (with · between parts) or Latin letters');
    expect(checkName("O'Neil Smith-Jones")).toBeUndefined();
    expect(checkName('买买提·艾力')).toBeUndefined();
    expect(checkName('买买提··艾力')).toBe(
      'must be Han characters (with · between parts) or Latin letters',
    );
  });
});

describe('the legal documents a customer signs (M2.1-b)', () => {
  it('M2.1-b publishes the current User Agreement and Risk Disclosure, each with its version, title and address', () => {
    expect(LEGAL_DOCUMENTS).toEqual([
      {
        type: 'USER_AGREEMENT',
        version: '2026-09-01',
        title: 'User Agreement',
        url: 'https://legal.finplat.example/user-agreement/2026-09-01',
        publishedAt: '2026-09-01T00:00:00Z',
      },
      {
        type: 'RISK_DISCLOSURE',
        version: '2026-09-01',
        title: 'Risk Disclosure',
        url: 'https://legal.finplat.example/risk-disclosure/2026-09-01',
        publishedAt: '2026-09-01T00:00:00Z',
      },
    ]);
    expect(currentVersion('USER_AGREEMENT')).toBe('2026-09-01');
    expect(currentVersion('RISK_DISCLOSURE')).toBe('2026-09-01');
    expect(() => currentVersion('PRIVACY_POLICY' as never)).toThrow('no published PRIVACY_POLICY');
  });
});
