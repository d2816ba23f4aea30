// Helpers for suitability tests: staff sign-in, answers that give each level C1..C5 (the
// boundary table of docs/suitability.md), and approved products of each level R1..R5 (the
// worked examples there).
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { QUESTIONS } from '../../shared/investing/domain/questionnaire';
import { api, staffToken } from './http';

export { staffToken };

const IDS = QUESTIONS.map((q) => q.id);
/** Answers at the bottom of each level's range (0, 16, 31, 46, 59 points). */
const LETTERS: Record<number, string> = {
  1: 'AAAAAAAAAA',
  2: 'AAAAAAABDC',
  3: 'AAAAAADDDC',
  4: 'AAACDDCDDD',
  5: 'ACCDDDDDDD',
};
export const answersFor = (level: number) =>
  Object.fromEntries(IDS.map((id, i) => [id, LETTERS[level]?.[i] ?? 'A']));

export async function assessAs(token: string, level: number) {
  const res = await api<{ level: number; expiresAt: string }>('POST', '/v1/risk-assessments', {
    token,
    headers: { 'idempotency-key': randomUUID() },
    body: { questionnaireVersion: '2026-11', answers: answersFor(level) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.level).toBe(level);
  return res.body;
}

const plain = {
  leverage: false,
  complexity: 'LOW',
  principalProtected: false,
  marketEnvironment: 'STABLE',
};
const terms = { minAmount: 100, lockUpDays: 0, settlementCycle: 'T+1' };
/** Product inputs rated R1..R5 by the default model (docs/suitability.md). */
export const PRODUCT_OF_LEVEL: Record<number, Record<string, unknown>> = {
  1: {
    type: 'DEPOSIT_LIKE',
    terms,
    metrics: { annualisedReturnBp: 180, volatilityBp: 0, sharpeRatio: 0, maxDrawdownBp: 0 },
    qualitative: { ...plain, principalProtected: true },
  },
  2: {
    type: 'BOND_FUND',
    terms,
    metrics: { annualisedReturnBp: 380, volatilityBp: 300, sharpeRatio: 0.9, maxDrawdownBp: 350 },
    qualitative: plain,
  },
  3: {
    type: 'EQUITY_FUND',
    terms,
    metrics: { annualisedReturnBp: 700, volatilityBp: 1200, sharpeRatio: 0.7, maxDrawdownBp: 1200 },
    qualitative: plain,
  },
  4: {
    type: 'EQUITY_FUND',
    terms,
    metrics: { annualisedReturnBp: 800, volatilityBp: 1800, sharpeRatio: 0.6, maxDrawdownBp: 2500 },
    qualitative: { ...plain, complexity: 'MEDIUM', marketEnvironment: 'VOLATILE' },
  },
  5: {
    type: 'STRUCTURED',
    terms: { ...terms, lockUpDays: 365 },
    metrics: {
      annualisedReturnBp: 1200,
      volatilityBp: 2800,
      sharpeRatio: 0.4,
      maxDrawdownBp: 3500,
    },
    qualitative: { ...plain, leverage: true, complexity: 'HIGH' },
  },
};

export async function createProduct(
  level: number,
  token: string,
  name = `R${level} product`,
  terms: Record<string, unknown> = {},
) {
  const input = PRODUCT_OF_LEVEL[level]!;
  const res = await api<{ productId: string; version: number; rating: { level: number } }>(
    'POST',
    '/v1/ops/products',
    {
      token,
      headers: { 'idempotency-key': randomUUID() },
      body: { name, ...input, terms: { ...(input.terms as object), ...terms } },
    },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.rating.level).toBe(level);
  return res.body;
}

export async function approve(productId: string, version: number, token: string) {
  return api<{ status: string; code?: string }>('POST', `/v1/ops/products/${productId}/approve`, {
    token,
    headers: { 'idempotency-key': randomUUID() },
    body: { version },
  });
}

/** A product of the level, created by a product manager and approved by an admin. */
export async function approvedProduct(
  level: number,
  name?: string,
  terms?: Record<string, unknown>,
) {
  const p = await createProduct(level, await staffToken('product-manager'), name, terms);
  const ok = await approve(p.productId, p.version, await staffToken('admin'));
  expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  return p;
}
