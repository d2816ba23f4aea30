// GET /v1/legal-documents: the current User Agreement and Risk Disclosure (M2.1-b).
import { LEGAL_DOCUMENTS } from '../../shared/identity';
import { serve } from '../http';

export const handler = serve('getLegalDocuments', async () => ({
  body: { documents: LEGAL_DOCUMENTS },
  headers: { 'Cache-Control': 'public, max-age=300' },
}));
