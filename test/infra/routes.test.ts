// The route table is the one declaration of every endpoint: the API stack's methods, the
// local gateway's matching, the OpenAPI document and the functions' dispatch all agree
// with it, in every stage; and a staff route refuses other callers before its code runs.
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/catalog';
import { openApiDocument } from '../../functions/openapi';
import {
  CUSTOMER_GROUP,
  ROUTE_LIST,
  ROUTE_TABLES,
  STAFF_GROUPS,
  problemsOf,
  routesForStage,
  type Route,
} from '../../functions/routes';
import { STAGES } from '../../infra/config';
import { compile, matchRoute } from '../../infra/local/gateway';
import { placeRoutes, routeStackId } from '../../infra/stacks/api-routes';
import { resourcesOf, synthStage, type Template } from '../../infra/report/synth';
import { gatewayAnswers, problemsByStatus } from '../../shared/platform/http/openapi';
import { PROBLEMS } from '../../shared/platform/problems';
import { accessRefusal } from '../../shared/platform/http/route';

/**
 * "METHOD /path -> function (auth)" for every method of the API template; a method's
 * integration imports its function's ARN from the functions stack's outputs.
 */
function templateRoutes(api: Template, functions: Template): string[] {
  const pathOf = (id: string): string => {
    const res = api.Resources[id];
    if (!res || res.Type !== 'AWS::ApiGateway::Resource') return '';
    const p = res.Properties as { ParentId: { Ref?: string }; PathPart: string };
    return `${pathOf(p.ParentId.Ref ?? '')}/${p.PathPart}`;
  };
  const exported = new Map(
    Object.values(functions.Outputs ?? {}).map((o) => {
      const out = o as { Value: { 'Fn::GetAtt'?: [string, string] }; Export: { Name: string } };
      return [out.Export.Name, out.Value['Fn::GetAtt']?.[0] ?? ''];
    }),
  );
  const fnOf = (uri: unknown): string => {
    const imported = /"Fn::ImportValue":"([^"]+)"/.exec(JSON.stringify(uri))?.[1] ?? '';
    const id = exported.get(imported) ?? '';
    return String(functions.Resources[id]?.Metadata?.['platform:function']);
  };
  return resourcesOf(api, 'AWS::ApiGateway::Method')
    .map(([, m]) => m.Properties as Record<string, unknown>)
    .filter((p) => p.HttpMethod !== 'OPTIONS' && p.HttpMethod !== 'ANY')
    .map((p) => {
      const path = pathOf((p.ResourceId as { Ref?: string }).Ref ?? '') || '/';
      const auth = p.AuthorizationType === 'COGNITO_USER_POOLS' ? 'signed-in' : 'public';
      return `${String(p.HttpMethod)} ${path} -> ${fnOf((p.Integration as { Uri: unknown }).Uri)} (${auth})`;
    })
    .sort();
}

const expected = (routes: Route[]) =>
  routes
    .map(
      (r) =>
        `${r.method} ${r.path} -> ${r.fn} (${r.auth.kind === 'public' ? 'public' : 'signed-in'})`,
    )
    .sort();

const sample = (path: string) => path.replace(/\{[^}]+\}/g, '0b7e6a52-0d2e-4b8e-9d35-2a4c3c1f7e10');

describe.each(STAGES)('the route table in stage %s', (stage) => {
  const routes = routesForStage(stage);

  it('is what the API stack deploys: every method, its function and its authorizer', () => {
    const { Api, Functions } = synthStage(stage).templates;
    expect(templateRoutes(Api, Functions)).toEqual(expected(routes));
  });

  it("deploys each module's methods in that module's route stack, each path's ANY once (ADR 0032)", () => {
    const { stacks } = synthStage(stage);
    const placement = placeRoutes(routes);
    let anys = 0;
    for (const [module, moduleRoutes] of placement.modules) {
      const template = stacks[`Finplat-${stage}-Api/${routeStackId(module)}`];
      expect(template, module).toBeDefined();
      const methods = resourcesOf(template as Template, 'AWS::ApiGateway::Method').map(
        ([, m]) => m.Properties?.HttpMethod,
      );
      expect(methods.filter((m) => m !== 'ANY').length, module).toBe(moduleRoutes.length);
      anys += methods.filter((m) => m === 'ANY').length;
    }
    expect(anys).toBe(new Set(routes.map((r) => r.path)).size);
    expect(resourcesOf(stacks[`Finplat-${stage}-Api`]!, 'AWS::ApiGateway::Method')).toEqual([]);
  });

  it('is what the local gateway serves: each route matched to itself, by method and path', () => {
    const compiled = routes.map(compile);
    for (const r of routes) {
      expect(matchRoute(compiled, r.method, sample(r.path))?.c.route.operationId).toBe(
        r.operationId,
      );
    }
    expect(matchRoute(compiled, 'DELETE', '/v1/deposits')).toBeUndefined();
  });

  it('is what the OpenAPI document describes: operation, success status and every problem status', () => {
    const doc = openApiDocument({ stage });
    const described = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { operationId: string; responses: object }>).map(
        ([method, op]) =>
          `${method.toUpperCase()} ${path} ${op.operationId} ${Object.keys(op.responses).join(',')}`,
      ),
    );
    expect(described.sort()).toEqual(
      routes
        .map(
          (r) =>
            `${r.method} ${r.path} ${r.operationId} ${[
              ...new Set([
                r.ok.status,
                ...problemsByStatus(problemsOf(r)).keys(),
                ...gatewayAnswers({ ...r, signedIn: r.auth.kind !== 'public' }).map(
                  (g) => g.status,
                ),
              ]),
            ]
              .sort()
              .join(',')}`,
        )
        .sort(),
    );
  });
});

describe('the route table', () => {
  it("keeps each function's routes in one module's route file (a function loads only that one)", () => {
    for (const [fn] of Object.entries(FUNCTIONS)) {
      const tables = Object.entries(ROUTE_TABLES)
        .filter(([, t]) => Object.values(t).some((r: { fn: string }) => r.fn === fn))
        .map(([name]) => name);
      expect(tables.length, fn).toBeLessThanOrEqual(1);
    }
    const declared = Object.values(ROUTE_TABLES).flatMap((t) => Object.keys(t));
    expect(new Set(declared).size).toBe(declared.length);
    expect(declared.length).toBe(ROUTE_LIST.length);
  });

  it('names a function of the catalog for every route, and every problem code it lists exists', () => {
    for (const r of ROUTE_LIST) {
      expect(FUNCTIONS[r.fn], r.operationId).toBeDefined();
      for (const code of problemsOf(r)) expect(PROBLEMS[code], code).toBeGreaterThanOrEqual(400);
    }
  });

  it('documents each problem once under its status (422 INSUFFICIENT_FUNDS on a transfer)', () => {
    const transfer = ROUTE_LIST.find((r) => r.operationId === 'transfer');
    const byStatus = problemsByStatus(problemsOf(transfer as Route));
    expect(byStatus.get(422)).toEqual(
      expect.arrayContaining(['INSUFFICIENT_FUNDS', 'IDEMPOTENCY_KEY_REUSED']),
    );
    expect(byStatus.get(409)).toEqual(['IDEMPOTENCY_IN_PROGRESS']);
    expect(byStatus.get(403)).toEqual(['FORBIDDEN', 'ACCOUNT_FROZEN']);
  });
});

const staffRoutes = ROUTE_LIST.filter(
  (r): r is Route & { auth: { kind: 'staff'; groups: readonly string[] } } =>
    r.auth.kind === 'staff',
);
const customerRoutes = ROUTE_LIST.filter((r) => r.auth.kind === 'customer');

describe('access at the edge', () => {
  it.each(staffRoutes.map((r) => [r.operationId, r] as const))(
    'M2.5-a M6.1-a %s refuses a customer and every staff group it does not name with 403',
    (_op, r) => {
      expect(accessRefusal(r.auth, { username: 'c', groups: [CUSTOMER_GROUP] })?.status).toBe(403);
      for (const group of STAFF_GROUPS.filter((g) => !r.auth.groups.includes(g))) {
        expect(accessRefusal(r.auth, { username: 's', groups: [group] })?.status, group).toBe(403);
      }
      for (const group of r.auth.groups) {
        expect(accessRefusal(r.auth, { username: 's', groups: [group] }), group).toBeUndefined();
      }
      expect(accessRefusal(r.auth, undefined)?.status).toBe(401);
    },
  );

  it('M2.5-a Low finding (the 403 message lists the groups): a refusal names no group', () => {
    for (const r of staffRoutes) {
      const refusal = accessRefusal(r.auth, { username: 's', groups: [CUSTOMER_GROUP] });
      expect(refusal?.message).toBe('Your role may not use this route.');
      for (const g of STAFF_GROUPS) expect(refusal?.message).not.toContain(g);
    }
  });

  it('keeps staff off customer routes', () => {
    for (const r of customerRoutes) {
      expect(accessRefusal(r.auth, { username: 's', groups: ['admin'] })?.status).toBe(403);
    }
  });

  it('M2.5-a answers 403 from the function itself before any of its code runs (no configuration needed)', async () => {
    // No environment is set: a handler that reached its own code would fail on configuration
    // (500). A 403 proves the group check came first.
    for (const r of staffRoutes) {
      const { handler } = (await import(`../../${FUNCTIONS[r.fn].entry}`)) as {
        handler: (
          e: APIGatewayProxyEvent,
          c: Context,
        ) => Promise<{ statusCode: number; body: string }>;
      };
      const event = {
        httpMethod: r.method,
        resource: r.path,
        path: sample(r.path),
        headers: {},
        body: null,
        pathParameters: null,
        queryStringParameters: null,
        requestContext: {
          authorizer: { claims: { 'cognito:username': 'x', 'cognito:groups': CUSTOMER_GROUP } },
        },
      } as unknown as APIGatewayProxyEvent;
      const res = await handler(event, { awsRequestId: 'test' } as Context);
      expect(res.statusCode, r.operationId).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});
