// The published legal documents a customer signs at registration (M2.1-b). A new version
// is a new entry here; registrations must accept the current version of each type.

export type LegalDocumentType = 'USER_AGREEMENT' | 'RISK_DISCLOSURE';

export interface LegalDocument {
  readonly type: LegalDocumentType;
  readonly version: string;
  readonly title: string;
  readonly url: string;
  readonly publishedAt: string;
}

export const LEGAL_DOCUMENTS: readonly LegalDocument[] = [
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
];

export function currentVersion(type: LegalDocumentType): string {
  const doc = LEGAL_DOCUMENTS.find((d) => d.type === type);
  if (!doc) throw new Error(`no published ${type}`);
  return doc.version;
}
