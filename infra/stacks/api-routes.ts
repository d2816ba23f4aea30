// The REST API's resources and methods, one nested stack per route module (functions/routes.ts
// ROUTE_TABLES), so that no CloudFormation template nears its 500 resources as routes grow
// (ADR 0032). The API itself, its authorizers, deployment, stage, invoke permissions, WAF,
// dashboards and alarms stay in the API stack; a path used by more than one module (/v1,
// /v1/ops, ...) is a resource of the API stack too, and each module's stack hangs its own
// paths under it. The deployment depends on every method, wherever it lives, and its logical
// id changes with them (CDK's Method does both for the RestApi it is given), so a deploy
// always carries the nested stacks' methods to the stage.
import { NestedStack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ROUTE_TABLES, type Route } from '../../functions/routes';
import { CORS_ALLOW_HEADERS, CORS_MAX_AGE_SECONDS } from '../../shared/platform/http/cors';
import { GATEWAY_PROBLEMS, gatewayProblemBody } from '../../shared/platform/http/gateway-responses';

export type RouteModule = keyof typeof ROUTE_TABLES;

const MODULE_OF = new Map<string, RouteModule>(
  (Object.entries(ROUTE_TABLES) as [RouteModule, object][]).flatMap(([module, table]) =>
    Object.keys(table).map((op) => [op, module] as const),
  ),
);

/** The route module that declares an operation. */
export function moduleOf(route: Pick<Route, 'operationId'>): RouteModule {
  const module = MODULE_OF.get(route.operationId);
  if (!module) throw new Error(`route ${route.operationId}: in no route table`);
  return module;
}

/** The nested stack's construct id for a module: IDENTITY_ROUTES -> IdentityRoutes. */
export function routeStackId(module: RouteModule): string {
  return module
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** Every prefix of a path, shortest first: /v1/a/b -> /v1, /v1/a, /v1/a/b. */
function prefixes(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

export interface RoutePlacement {
  /** Paths under which more than one module has routes: resources of the API stack itself. */
  readonly sharedPaths: readonly string[];
  /** Each module's routes, in declaration order. */
  readonly modules: ReadonlyMap<RouteModule, readonly Route[]>;
  /** Every route path's methods, in declaration order (the 405 answer's Allow). */
  readonly methodsByPath: ReadonlyMap<string, readonly string[]>;
  /** The module whose stack carries a path's ANY method (405 and CORS preflight). */
  readonly anyOwner: ReadonlyMap<string, RouteModule>;
}

/**
 * Which stack carries what: a resource belongs to the one module whose routes are all under
 * it, else to the API stack; a method belongs to its route's module; a path's ANY method to
 * the module of the path's first route.
 */
export function placeRoutes(routes: readonly Route[]): RoutePlacement {
  const modulesUnder = new Map<string, Set<RouteModule>>();
  const modules = new Map<RouteModule, Route[]>();
  const methodsByPath = new Map<string, string[]>();
  const anyOwner = new Map<string, RouteModule>();
  for (const r of routes) {
    const module = moduleOf(r);
    modules.set(module, [...(modules.get(module) ?? []), r]);
    methodsByPath.set(r.path, [...(methodsByPath.get(r.path) ?? []), r.method]);
    if (!anyOwner.has(r.path)) anyOwner.set(r.path, module);
    for (const p of prefixes(r.path)) {
      const set = modulesUnder.get(p) ?? new Set<RouteModule>();
      set.add(module);
      modulesUnder.set(p, set);
    }
  }
  const sharedPaths = [...modulesUnder].filter(([, set]) => set.size > 1).map(([p]) => p);
  return { sharedPaths, modules, methodsByPath, anyOwner };
}

export interface RouteStackProps {
  readonly api: apigw.RestApi;
  /** The API stack's resources by path ('/' is the root): the shared paths. */
  readonly shared: ReadonlyMap<string, apigw.IResource>;
  readonly routes: readonly Route[];
  readonly placement: RoutePlacement;
  readonly module: RouteModule;
  readonly authorizers: Record<'customer' | 'staff', apigw.IAuthorizer>;
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
  /** The stage's web app origins (CORS preflights on the ANY methods), if any. */
  readonly corsOrigins: readonly string[];
}

/** One route module's resources and methods (a nested stack of the API stack). */
export class RouteStack extends NestedStack {
  private readonly own = new Map<string, apigw.IResource>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: RouteStackProps,
  ) {
    super(scope, id, {
      description: `Finance platform API routes: ${props.module} (nested in the API stack)`,
    });
    const { placement, module } = props;
    for (const [path, owner] of placement.anyOwner) {
      if (owner !== module) continue;
      this.addAnyMethod(path, placement.methodsByPath.get(path) ?? []);
    }
    for (const route of props.routes) this.addRoute(route);
  }

  /** The resource for a path: the API stack's if shared, else this stack's own. */
  private resourceFor(path: string): apigw.IResource {
    const shared = this.props.shared.get(path);
    if (shared) return shared;
    const known = this.own.get(path);
    if (known) return known;
    const cut = path.lastIndexOf('/');
    const parentPath = path.slice(0, cut) || '/';
    const pathPart = path.slice(cut + 1);
    const parent = this.resourceFor(parentPath);
    // Under a shared resource, the first resource of this stack's subtree; below it, the
    // subtree as CDK builds it (construct ids by path part, as in a single stack).
    const resource = this.props.shared.has(parentPath)
      ? new apigw.Resource(this, idOf(path), { parent, pathPart })
      : parent.addResource(pathPart);
    this.own.set(path, resource);
    return resource;
  }

  /** A method on a path: a child of its resource here, or of this stack on a shared one. */
  private method(
    path: string,
    httpMethod: string,
    integration: apigw.Integration,
    options: apigw.MethodOptions,
  ) {
    const resource = this.resourceFor(path);
    return this.props.shared.has(path)
      ? new apigw.Method(this, `${idOf(path)}${httpMethod}`, {
          resource,
          httpMethod,
          integration,
          options,
        })
      : resource.addMethod(httpMethod, integration, options);
  }

  private addRoute(route: Route) {
    const fn = this.props.functions.get(route.fn);
    if (!fn) throw new Error(`route ${route.method} ${route.path}: no function ${route.fn}`);
    // One invoke permission per function for this API (not one per method, and one more per
    // method for the console's test stage): it lives with the API, in the API stack, and
    // names the API; its own routes are all there is.
    const integration = new apigw.LambdaIntegration(fn, { scopePermissionToMethod: false });
    const method = this.method(route.path, route.method, integration, {
      ...(route.auth.kind === 'public'
        ? {}
        : {
            authorizer: this.props.authorizers[route.auth.kind],
            authorizationType: apigw.AuthorizationType.COGNITO,
          }),
    });
    if (route.auth.kind === 'public') {
      for (const id of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) {
        Validations.of(method).acknowledge({
          id,
          reason: `${route.method} ${route.path} is public: ${route.auth.reason}.`,
        });
      }
    }
  }

  /**
   * A known path with a method it does not take: 405 with Allow, answered by API Gateway
   * itself (ANY catches only the methods a path does not declare), as the local gateway does.
   * Where the stage names web app origins, the same method answers CORS preflights (OPTIONS,
   * 204 with the path's methods): one method per path instead of two.
   */
  private addAnyMethod(path: string, methods: readonly string[]) {
    const origins = this.props.corsOrigins;
    const notAllowed = GATEWAY_PROBLEMS.METHOD_NOT_ALLOWED;
    const preflight = origins.length ? preflightResponse(origins, methods) : undefined;
    const any = this.method(
      path,
      'ANY',
      new apigw.MockIntegration({
        requestTemplates: {
          'application/json': preflight
            ? '#if($context.httpMethod == "OPTIONS"){"statusCode": 204}#else{"statusCode": 405}#end'
            : '{"statusCode": 405}',
        },
        integrationResponses: [
          ...(preflight ? [preflight.integration] : []),
          {
            statusCode: '405',
            responseParameters: {
              'method.response.header.Allow': `'${methods.join(', ')}'`,
              'method.response.header.Content-Type': "'application/problem+json'",
            },
            responseTemplates: {
              'application/json': gatewayProblemBody(notAllowed, {
                requestId: '$context.requestId',
              }),
            },
          },
        ],
      }),
      {
        methodResponses: [
          ...(preflight ? [preflight.method] : []),
          {
            statusCode: '405',
            responseParameters: {
              'method.response.header.Allow': true,
              'method.response.header.Content-Type': true,
            },
          },
        ],
      },
    );
    for (const id of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) {
      Validations.of(any).acknowledge({
        id,
        reason: `ANY ${path} only answers CORS preflights (where the stage has origins) and 405 for the methods the path does not take (mock integration): a browser sends a preflight without credentials; no function runs and nothing is read.`,
      });
    }
  }
}

/** A construct id for a path (construct ids take no '/'): /v1/ops/{id} -> v1.ops.id */
function idOf(path: string): string {
  return path
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/[{}]/g, ''))
    .join('.');
}

/**
 * A CORS preflight's answer from API Gateway's mock integration (204, selected by the status
 * the request template chose): the path's methods, the headers a web client sends, the cache
 * age, and the request's origin echoed where it is one of the stage's (as CDK's
 * addCorsPreflight renders it).
 */
function preflightResponse(origins: readonly string[], methods: readonly string[]) {
  const headers: Record<string, string> = {
    'Access-Control-Allow-Headers': `'${CORS_ALLOW_HEADERS.join(',')}'`,
    'Access-Control-Allow-Origin': `'${origins[0]}'`,
    Vary: "'Origin'",
    'Access-Control-Allow-Methods': `'${[...methods, 'OPTIONS'].join(',')}'`,
    'Access-Control-Max-Age': `'${CORS_MAX_AGE_SECONDS}'`,
  };
  const others = origins.slice(1);
  const template = others.length
    ? [
        '#set($origin = $input.params().header.get("Origin"))',
        '#if($origin == "")',
        '  #set($origin = $input.params().header.get("origin"))',
        '#end',
        `#if(${others.map((o) => `$origin == "${o}"`).join(' || ')})`,
        '  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)',
        '#end',
      ].join('\n')
    : '';
  const name = (h: string) => `method.response.header.${h}`;
  return {
    integration: {
      selectionPattern: '204',
      statusCode: '204',
      responseParameters: Object.fromEntries(Object.entries(headers).map(([h, v]) => [name(h), v])),
      ...(template ? { responseTemplates: { 'application/json': template } } : {}),
    },
    method: {
      statusCode: '204',
      responseParameters: Object.fromEntries(Object.keys(headers).map((h) => [name(h), true])),
    },
  };
}
