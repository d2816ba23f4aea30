// A small evaluator of CloudFormation intrinsic functions, for the values the local
// runtime needs from synthesized templates (outputs, function environments, properties
// of the resources it creates itself). Unknown references fail loudly.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface ResolvedResource {
  readonly type: string;
  readonly ref: string;
  readonly attrs: Readonly<Record<string, string>>;
}

export interface EvalContext {
  readonly region: string;
  readonly account: string;
  readonly stackName: string;
  readonly resources: ReadonlyMap<string, ResolvedResource>;
  readonly exports: ReadonlyMap<string, string>;
}

export class TemplateEvalError extends Error {
  override readonly name = 'TemplateEvalError';
}

function pseudo(name: string, ctx: EvalContext): string | undefined {
  switch (name) {
    case 'AWS::Region':
      return ctx.region;
    case 'AWS::AccountId':
      return ctx.account;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::StackName':
      return ctx.stackName;
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::NoValue':
      return undefined;
    default:
      return undefined;
  }
}

function ref(name: string, ctx: EvalContext): string {
  const p = pseudo(name, ctx);
  if (p !== undefined) return p;
  const r = ctx.resources.get(name);
  if (!r) throw new TemplateEvalError(`Ref to unknown resource ${name} in ${ctx.stackName}`);
  return r.ref;
}

function getAtt(name: string, attr: string, ctx: EvalContext): string {
  const r = ctx.resources.get(name);
  if (!r) throw new TemplateEvalError(`GetAtt on unknown resource ${name} in ${ctx.stackName}`);
  const v = r.attrs[attr];
  if (v === undefined)
    throw new TemplateEvalError(`GetAtt ${name}.${attr}: attribute not known for ${r.type}`);
  return v;
}

export function evaluate(value: Json, ctx: EvalContext): Json {
  if (Array.isArray(value)) return value.map((v) => evaluate(v, ctx));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const k = keys[0] as string;
    const arg = value[k] as Json;
    switch (k) {
      case 'Ref':
        return ref(String(arg), ctx);
      case 'Fn::GetAtt': {
        const [n, a] = Array.isArray(arg) ? arg : String(arg).split('.');
        return getAtt(String(n), String(a), ctx);
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, Json[]];
        return (evaluate(parts, ctx) as Json[]).map(String).join(sep);
      }
      case 'Fn::Select': {
        const [i, list] = arg as [number, Json];
        return (evaluate(list, ctx) as Json[])[Number(evaluate(i, ctx))] ?? null;
      }
      case 'Fn::Split': {
        const [sep, s] = arg as [string, Json];
        return String(evaluate(s, ctx)).split(sep);
      }
      case 'Fn::ImportValue': {
        const name = String(evaluate(arg, ctx));
        const v = ctx.exports.get(name);
        if (v === undefined) throw new TemplateEvalError(`ImportValue ${name}: no such export`);
        return v;
      }
      case 'Fn::Sub': {
        const [tpl, vars] = Array.isArray(arg)
          ? (arg as [string, Record<string, Json>])
          : [String(arg), {}];
        return tpl.replace(/\$\{([^}]+)\}/g, (_m, expr: string) => {
          if (vars[expr] !== undefined) return String(evaluate(vars[expr] as Json, ctx));
          const [n, a] = expr.split('.');
          return a ? getAtt(n as string, a, ctx) : ref(n as string, ctx);
        });
      }
      default:
        if (k.startsWith('Fn::'))
          throw new TemplateEvalError(`${k} is not supported by the local evaluator`);
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, ctx)]));
}

/** Logical ids a value refers to (Ref / GetAtt / Sub), for dependency checks. */
export function referencedIds(value: Json, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => referencedIds(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string' && !v.startsWith('AWS::')) out.add(v);
      else if (k === 'Fn::GetAtt')
        out.add(String(Array.isArray(v) ? v[0] : String(v).split('.')[0]));
      else if (k === 'Fn::Sub') {
        const tpl = Array.isArray(v) ? String(v[0]) : String(v);
        for (const m of tpl.matchAll(/\$\{([^}.]+)/g))
          if (!m[1]?.startsWith('AWS::')) out.add(m[1] as string);
        if (Array.isArray(v) && v[1]) referencedIds(v[1], out);
      } else referencedIds(v, out);
    }
  }
  return out;
}
