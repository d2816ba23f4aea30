// GET /v1/legal-documents: the current User Agreement and Risk Disclosure (M2.1-b).
import { LEGAL_DOCUMENTS } from '../../shared/identity';
import { serve } from '../http';
import { IDENTITY_ROUTES } from '../routes/identity';

export const handler = serve(IDENTITY_ROUTES, 'getLegalDocuments', async () => ({
  body: { documents: LEGAL_DOCUMENTS },
  headers: { 'Cache-Control': 'public, max-age=300' },
}));
