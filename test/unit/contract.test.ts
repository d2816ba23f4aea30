// The e2e suites' response check (test/support/contract.ts) can fail: each kind of breach
// it must catch, on the committed document.
import { describe, expect, it } from 'vitest';
import { contractBreach } from '../support/contract';

const transfer = {
  transferId: '0b9f1c3e-8a41-4f6b-9d2e-5c7a1b3d4e6f',
  status: 'PENDING',
  amount: 12_345,
  currency: 'CNY',
  settlementCycle: 'T+0',
  settleOn: '2026-11-28',
  createdAt: '2026-11-28T02:00:00.000Z',
};
const problem = (status: number, code: string) => ({
  type: 'about:blank',
  title: 'x',
  status,
  detail: 'x',
  code,
  requestId: 'r-1',
});
const JSON_TYPE = 'application/json';
const PROBLEM_TYPE = 'application/problem+json';

describe('responses checked against the API document', () => {
  it('accepts a documented answer', () => {
    expect(contractBreach('POST', '/v1/transfers', 201, JSON_TYPE, transfer)).toBeUndefined();
    expect(
      contractBreach('GET', `/v1/transfers/${transfer.transferId}`, 200, JSON_TYPE, transfer),
    ).toBeUndefined();
    expect(
      contractBreach('POST', '/v1/transfers', 403, PROBLEM_TYPE, problem(403, 'FORBIDDEN')),
    ).toBeUndefined();
  });

  it('catches a body its schema refuses: a wrong type, a missing field, a bad timestamp, an unknown enum', () => {
    for (const body of [
      { ...transfer, amount: '12345' },
      { ...transfer, settleOn: undefined },
      { ...transfer, createdAt: '28/11/2026' },
      { ...transfer, settlementCycle: 'T0' },
    ])
      expect(contractBreach('POST', '/v1/transfers', 201, JSON_TYPE, body)).toMatch(
        /does not match its schema/,
      );
  });

  it('catches an undocumented status, content type or problem code', () => {
    expect(contractBreach('POST', '/v1/transfers', 418, JSON_TYPE, {})).toMatch(
      /status not documented/,
    );
    expect(contractBreach('POST', '/v1/transfers', 201, 'text/plain', transfer)).toMatch(
      /content type text\/plain not documented/,
    );
    // 403 is a shared answer (components/responses/Forbidden) whose code is FORBIDDEN only.
    expect(
      contractBreach('POST', '/v1/transfers', 403, PROBLEM_TYPE, problem(403, 'UNAUTHORIZED')),
    ).toMatch(/does not match its schema/);
    expect(
      contractBreach('POST', '/v1/transfers', 422, PROBLEM_TYPE, problem(422, 'PRODUCT_NOT_FOUND')),
    ).toMatch(/does not match its schema/);
  });

  it('leaves alone what the document does not describe (unknown paths, the local outbox)', () => {
    expect(contractBreach('GET', '/v1/nowhere', 404, PROBLEM_TYPE, {})).toBeUndefined();
    expect(contractBreach('GET', '/local/outbox', 200, JSON_TYPE, {})).toBeUndefined();
  });
});
