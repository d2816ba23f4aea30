// The rules of the customer's data rights (issue 14; M2.5-d, M7.1-a, M7.1-b): consent per
// purpose with its evidence, what blocks an erasure, and when the retention ends.
import { describe, expect, it } from 'vitest';
import type { ConsentChangeRefused } from '../../shared/identity/domain/consents';
import {
  consentState,
  currentNotice,
  decideConsentChange,
  isGiven,
  mayShare,
  type ConsentRecord,
} from '../../shared/identity/domain/consents';
import {
  AML_RETENTION_YEARS,
  erasureBlockers,
  retentionEnds,
  type ErasureFacts,
} from '../../shared/identity/domain/erasure';

const at = '2026-11-29T08:00:00.000Z';
const evidence = { at, channel: 'API' as const, requestId: 'req-1' };
const service: ConsentRecord = {
  purpose: 'SERVICE',
  given: true,
  documentVersion: '2026-09-01',
  at: '2026-10-01T00:00:00.000Z',
  channel: 'REGISTRATION',
  requestId: 'reg-1',
};

describe('consent per purpose (M2.5-d, M7.1-b)', () => {
  it('M7.1-b marketing and partner sharing are off until given; each is given on its own, under the notice in force, with its evidence', () => {
    const state = consentState([service]);
    expect([isGiven(state, 'SERVICE'), isGiven(state, 'MARKETING'), mayShare(state)]).toEqual([
      true,
      false,
      false,
    ]);
    const version = currentNotice('MARKETING').version;
    const record = decideConsentChange(state, {
      purpose: 'MARKETING',
      given: true,
      documentVersion: version,
      ...evidence,
    });
    expect(record).toEqual({
      purpose: 'MARKETING',
      given: true,
      documentVersion: version,
      at,
      channel: 'API',
      requestId: 'req-1',
    });
    const after = consentState([service, record as ConsentRecord]);
    expect([isGiven(after, 'MARKETING'), mayShare(after)]).toEqual([true, false]);
  });

  it('M7.1-b a withdrawal counts whatever version it names, keeps the version given under, and the latest record of a purpose decides', () => {
    const version = currentNotice('PARTNER_SHARING').version;
    const given: ConsentRecord = {
      purpose: 'PARTNER_SHARING',
      given: true,
      documentVersion: version,
      ...evidence,
    };
    const withdrawn = decideConsentChange(consentState([service, given]), {
      purpose: 'PARTNER_SHARING',
      given: false,
      ...evidence,
      at: '2026-11-29T09:00:00.000Z',
    });
    expect(withdrawn).toMatchObject({ given: false, documentVersion: version });
    expect(mayShare(consentState([service, given, withdrawn as ConsentRecord]))).toBe(false);
  });

  it('M7.1-b a change that changes nothing records nothing (given twice, or withdrawn when never given)', () => {
    const version = currentNotice('MARKETING').version;
    const given: ConsentRecord = {
      purpose: 'MARKETING',
      given: true,
      documentVersion: version,
      ...evidence,
    };
    const state = consentState([service, given]);
    expect(
      decideConsentChange(state, {
        purpose: 'MARKETING',
        given: true,
        documentVersion: version,
        ...evidence,
      }),
    ).toBeUndefined();
    expect(
      decideConsentChange(consentState([service]), {
        purpose: 'PARTNER_SHARING',
        given: false,
        ...evidence,
      }),
    ).toBeUndefined();
  });

  it('M2.5-d M7.1-b refuses withdrawing the service consent (erasure closes the account) and giving under an outdated or missing notice', () => {
    const state = consentState([service]);
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as ConsentChangeRefused).code;
      }
      return undefined;
    };
    expect(
      refusal(() => decideConsentChange(state, { purpose: 'SERVICE', given: false, ...evidence })),
    ).toBe('CONSENT_SERVICE_REQUIRED');
    expect(
      refusal(() =>
        decideConsentChange(state, {
          purpose: 'MARKETING',
          given: true,
          documentVersion: '2020-01-01',
          ...evidence,
        }),
      ),
    ).toBe('CONSENT_NOTICE_OUTDATED');
    expect(
      refusal(() =>
        decideConsentChange(state, { purpose: 'PARTNER_SHARING', given: true, ...evidence }),
      ),
    ).toBe('CONSENT_NOTICE_OUTDATED');
  });
});

describe('erasure (M7.1-b)', () => {
  const clear: ErasureFacts = {
    status: 'ACTIVE',
    cash: 0,
    held: 0,
    openHoldings: 0,
    outstandingLoans: 0,
    movementsInFlight: 0,
  };

  it('M7.1-b allows erasure only when nothing is owed either way: each outstanding item is named with its amount', () => {
    expect(erasureBlockers(clear)).toEqual([]);
    const all = erasureBlockers({
      status: 'FROZEN',
      cash: 7_000,
      held: 300,
      openHoldings: 2,
      outstandingLoans: 150_000,
      movementsInFlight: 1,
    });
    expect(all.map((b) => b.reason)).toEqual([
      'FROZEN',
      'BALANCE',
      'HELD',
      'HOLDINGS',
      'LOANS',
      'IN_FLIGHT',
    ]);
    expect(all.find((b) => b.reason === 'BALANCE')?.detail).toContain('7000 fen');
    expect(all.find((b) => b.reason === 'LOANS')?.detail).toContain('150000 fen');
    expect(erasureBlockers({ ...clear, cash: 1 }).map((b) => b.reason)).toEqual(['BALANCE']);
  });

  it('M7.1-b keeps transaction records for the AML retention period (10 years, AML Law 2024) from the erasure, on the same calendar day', () => {
    expect(AML_RETENTION_YEARS).toBe(10);
    expect(retentionEnds(new Date('2026-11-29T08:00:00.000Z')).toISOString()).toBe(
      '2036-11-29T08:00:00.000Z',
    );
    // 29 February has no namesake ten years on: the day after 28 February.
    expect(retentionEnds(new Date('2028-02-29T00:00:00.000Z')).toISOString()).toBe(
      '2038-03-01T00:00:00.000Z',
    );
    expect(retentionEnds(new Date('2026-01-01T00:00:00.000Z'), 5).toISOString()).toBe(
      '2031-01-01T00:00:00.000Z',
    );
  });
});
