// The API document as a contract: every response the e2e suites receive through `api()` is
// checked against docs/api/openapi.json (JSON Schema 2020-12, with formats). A response to a
// documented operation must have a documented status, the documented content type, and a
// body its schema accepts; anything else fails the test that received it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, unknown>;
interface DocumentedResponse {
  $ref?: string;
  content?: Record<string, { schema?: Json }>;
}
interface Operation {
  responses?: Record<string, DocumentedResponse>;
}

const DOCUMENT = path.join(import.meta.dirname, '../../docs/api/openapi.json');
const doc = JSON.parse(readFileSync(DOCUMENT, 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
};

// The document's own keywords (example, discriminator, ...) are not JSON Schema's.
const ajv = new Ajv2020({ strict: false, allErrors: true });
const addFormats = addFormatsModule as unknown as (a: Ajv2020) => void;
addFormats(ajv);
ajv.addSchema(doc, 'openapi');

/** The object a local reference points at ("#/components/responses/Forbidden"). */
function componentAt(ref: string): DocumentedResponse {
  let at: unknown = doc;
  for (const part of ref.slice(2).split('/'))
    at = (at as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return at as DocumentedResponse;
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
// Literal paths first: /v1/risk-assessments/questionnaire before /v1/risk-assessments/{id}.
const templates = Object.keys(doc.paths)
  .map((template) => ({
    template,
    params: (template.match(/\{/g) ?? []).length,
    re: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }))
  .sort((a, b) => a.params - b.params);

const compiled = new Map<string, ValidateFunction>();
function validatorAt(pointer: string): ValidateFunction {
  let v = compiled.get(pointer);
  if (!v) {
    v = ajv.compile({ $ref: `openapi#${pointer}` });
    compiled.set(pointer, v);
  }
  return v;
}

/** Why a response breaks the document, or undefined when it keeps to it (or is not one of its operations). */
export function contractBreach(
  method: string,
  url: string,
  status: number,
  contentType: string | null,
  body: unknown,
): string | undefined {
  const pathname = new URL(url, 'http://x').pathname;
  const match = templates.find((t) => t.re.test(pathname));
  const op = match && doc.paths[match.template]?.[method.toLowerCase()];
  if (!match || !op) return undefined; // not a documented operation (404, 405, preflight)
  const where = `${method} ${match.template} -> ${status}`;
  const declared = op.responses?.[String(status)];
  if (!declared) return `${where}: status not documented`;
  // A shared answer: #/components/responses/<name>.
  const ref = declared.$ref;
  const base = ref
    ? ref.slice(1)
    : `/paths/${escape(match.template)}/${method.toLowerCase()}/responses/${status}`;
  const response = ref ? componentAt(ref) : declared;
  if (!response.content)
    return body === undefined || body === '' ? undefined : `${where}: body not documented`;
  const type = (contentType ?? '').split(';')[0]?.trim() ?? '';
  if (!response.content[type]) return `${where}: content type ${type || 'none'} not documented`;
  const pointer = `${base}/content/${escape(type)}/schema`;
  const validate = validatorAt(pointer);
  if (validate(body)) return undefined;
  const errors = (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  return `${where}: body does not match its schema: ${errors.join('; ')}`;
}

/** Fails (throws) when a response breaks the document: what every e2e client calls. */
export function assertKeepsToDocument(
  method: string,
  url: string,
  status: number,
  contentType: string | null,
  body: unknown,
): void {
  const breach = contractBreach(method, url, status, contentType, body);
  if (breach) throw new Error(`response breaks the API document: ${breach}`);
}
