// The OpenAPI document of a stage, derived from the route table.
import { openApiDocument as fromRoutes } from '../shared/platform/http';
import { problemsOf, routesForStage, type SchemaSettings } from './routes';

/** The settings a documented schema is built with (the prod password policy). */
const DOCUMENTED_SETTINGS: SchemaSettings = { passwordMinLength: 10 };

export function openApiDocument(opts: { stage: string; serverUrl?: string }) {
  return fromRoutes(
    routesForStage(opts.stage).map((r) => ({
      operationId: r.operationId,
      method: r.method,
      path: r.path,
      summary: r.summary,
      tag: r.tag,
      signedIn: r.auth.kind !== 'public',
      ...(r.body
        ? { body: typeof r.body === 'function' ? r.body(DOCUMENTED_SETTINGS) : r.body }
        : {}),
      ...(r.bodyOptional ? { bodyOptional: true } : {}),
      ...(r.params ? { params: r.params } : {}),
      ...(r.query ? { query: r.query } : {}),
      ...(r.idempotencyKey ? { idempotencyKey: true } : {}),
      ok: r.ok,
      problems: problemsOf(r),
    })),
    opts,
  );
}
