// The OpenAPI document of a stage, derived from the route table.
import { openApiDocument as fromRoutes } from '../shared/platform/http';
import { problemsOf, routesForStage, type SchemaSettings } from './routes';

/** The settings a documented schema is built with (the prod password policy). */
const DOCUMENTED_SETTINGS: SchemaSettings = { passwordMinLength: 10 };

export function openApiDocument(opts: { stage: string; serverUrl?: string }) {
  return fromRoutes(
    routesForStage(opts.stage).map((r) => ({
      ...r,
      signedIn: r.auth.kind !== 'public',
      body: typeof r.body === 'function' ? r.body(DOCUMENTED_SETTINGS) : r.body,
      problems: problemsOf(r),
    })),
    opts,
  );
}
