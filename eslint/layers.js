// The layer rule (docs/architecture.md): dependencies point one way.
//   functions -> modules (through their public entry, shared/<module>/index.ts)
//   in a module: flows -> domain, flows -> adapters -> platform; schemas -> domain
//   domain (and the kernel) import no adapters, no flows, no platform, no AWS SDK
//   flows, adapters and schemas import no http (shared/platform/http): only the edge maps to HTTP
//   platform and kernel import no business module
// It reads import paths only (no type information), so it runs in a plain parser too.
import path from 'node:path';

const BUSINESS = new Set([
  'identity',
  'money',
  'investing',
  'insight',
  'risk',
  'credit',
  'compliance',
  'service',
]);
const AWS_PACKAGES = /^(@aws-sdk\/|@aws-crypto\/|@aws-lambda-powertools\/|@middy\/|aws-lambda$)/;

/** Where a repository path sits: its module (under shared/) and layer. */
export function placeOf(file) {
  const rel = file.split(path.sep).join('/');
  const m = /(?:^|\/)shared\/([^/.]+)(?:\/(.*))?$/.exec(rel);
  if (!m) {
    if (/(?:^|\/)functions\//.test(rel)) return { area: 'functions' };
    if (/(?:^|\/)shared\/[^/]+\.ts$/.test(rel)) return { area: 'composition' };
    return { area: 'other' };
  }
  const [, module, rest = ''] = m;
  const layer = /(^|\/)domain\//.test(rest)
    ? 'domain'
    : /(^|\/)flows\//.test(rest)
      ? 'flows'
      : /(^|\/)adapters\//.test(rest)
        ? 'adapters'
        : /(^|\/)schemas(\/|\.ts$)/.test(rest) || rest.startsWith('schemas')
          ? 'schemas'
          : /^http\//.test(rest)
            ? 'http'
            : /^index\.ts$/.test(rest)
              ? 'index'
              : 'other';
  return { area: 'shared', module, layer, rest };
}

/** Why importing `spec` from `file` breaks the layers, or undefined. */
export function violation(file, spec) {
  const from = placeOf(file);
  if (from.area === 'other') return undefined;
  const relative = spec.startsWith('.');
  if (!relative) {
    if (!AWS_PACKAGES.test(spec)) return undefined;
    if (from.area === 'shared' && (from.module === 'kernel' || from.layer === 'domain'))
      return `domain code imports no AWS SDK or Lambda tooling (${spec})`;
    if (from.area === 'shared' && (from.layer === 'flows' || from.layer === 'schemas'))
      return `${from.layer} reach AWS through adapters, not ${spec}`;
    return undefined;
  }
  const target = placeOf(path.posix.join(path.posix.dirname(file.split(path.sep).join('/')), spec));
  if (target.area !== 'shared') {
    if (target.area === 'functions' && from.area === 'shared')
      return 'shared code does not import the functions (they are the entry points)';
    return undefined;
  }
  const crossModule = from.area !== 'shared' || from.module !== target.module;
  const entry = target.rest.replace(/(^|\/)index(\.ts)?$/, '').replace(/\/$/, '');
  const edgeEntry = target.module === 'platform' && entry === 'http';
  if (crossModule && entry !== '' && !edgeEntry)
    return `import shared/${target.module} through its public entry (shared/${target.module}), not ${target.rest}`;
  if (crossModule && edgeEntry && from.area === 'shared')
    return 'module code imports no http edge (shared/platform/http): the edge alone maps results to HTTP';
  if (from.area !== 'shared') return undefined;
  if ((from.module === 'platform' || from.module === 'kernel') && BUSINESS.has(target.module))
    return `${from.module} depends on no business module (${target.module})`;
  if (from.module === 'kernel' && target.module !== 'kernel')
    return `the kernel is pure: it imports nothing of ${target.module}`;
  const pure = from.layer === 'domain' || from.layer === 'schemas';
  if (pure && !crossModule && (target.layer === 'adapters' || target.layer === 'flows'))
    return `${from.layer} imports no ${target.layer}`;
  if (pure && target.module === 'platform')
    return `${from.layer} imports nothing of the platform (http, AWS clients, config)`;
  if (
    (from.layer === 'flows' || from.layer === 'adapters' || pure) &&
    target.module === 'platform' &&
    target.layer === 'http'
  )
    return `${from.layer} import no http: the edge alone maps results to HTTP`;
  if (from.layer === 'adapters' && !crossModule && target.layer === 'flows')
    return 'adapters import no flows';
  return undefined;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Dependencies point one way between modules and layers' },
    schema: [],
  },
  create(context) {
    const file = path.relative(context.cwd, context.filename);
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const why = violation(file, source.value);
      if (why) context.report({ node, message: why });
    };
    return {
      ImportDeclaration: (n) => check(n, n.source),
      ExportNamedDeclaration: (n) => check(n, n.source),
      ExportAllDeclaration: (n) => check(n, n.source),
      ImportExpression: (n) => check(n, n.source),
    };
  },
};

export default { rules: { boundaries: rule } };
