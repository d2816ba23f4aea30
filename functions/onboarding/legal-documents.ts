// GET /v1/legal-documents: the current User Agreement and Risk Disclosure (M2.1-b).
import { LEGAL_DOCUMENTS } from '../../shared/identity/domain/legal';
import { httpRoute } from '../../shared/platform/http/route';

export const handler = httpRoute(
  { name: 'legalDocuments', auth: { kind: 'public' } },
  async () => ({
    status: 200,
    body: { documents: LEGAL_DOCUMENTS },
    headers: { 'Cache-Control': 'public, max-age=300' },
  }),
);
