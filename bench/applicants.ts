// Valid, unique applicants for benchmarks (same rules as the test fixtures).
import { randomInt } from 'node:crypto';
import { idCheckCharacter, luhnValid } from '../shared/identity/domain/kyc';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export function newApplicant() {
  const body = `110105${randomInt(1960, 2001)}${pad(randomInt(1, 13), 2)}${pad(randomInt(1, 29), 2)}${pad(randomInt(0, 999), 3)}`; // 999: the KYC simulator's mismatch
  let card = '';
  do card = `62${pad(randomInt(0, 1e7), 7)}${pad(randomInt(0, 1e7), 7)}`;
  while (!luhnValid(card));
  return {
    name: '测试用户',
    phone: `1${randomInt(3, 10)}${pad(randomInt(0, 1e9), 9)}`,
    idNumber: body + idCheckCharacter(body),
    bankCard: card,
    password: 'Bench-Passw0rd!',
    consents: { userAgreementVersion: '2026-09-01', riskDisclosureVersion: '2026-09-01' },
  };
}
