// The routes of the api description: one entry per endpoint (functions/routes.ts gathers
// every module's; a function imports only its own module's, so it evaluates only its
// routes' schemas).
import * as z from 'zod';

import { publicBecause, type RouteSpec } from './spec';

export const META_ROUTES = {
  getOpenApi: {
    method: 'GET',
    path: '/openapi.json',
    fn: 'openapi',
    auth: publicBecause('the API description is published so that clients can generate their SDKs'),
    summary: 'This document',
    tag: 'Meta',
    ok: { status: 200, schema: z.looseObject({}), description: 'OpenAPI 3.1' },
    problems: [],
  },
} as const satisfies Record<string, RouteSpec>;
