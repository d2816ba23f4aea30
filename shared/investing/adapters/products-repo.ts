// Products in their own table: the current version (`PROD#<id>` / `CURRENT`), an audit
// trail of every creation, change and approval (`AUDIT#...`), and a catalog entry per
// product (`CATALOG` / <id>) that lists them without a scan. Products are few and
// read-mostly, so one catalog partition is not a hot spot.
import { GetCommand, QueryCommand } from '../../platform';
import type { ProductType, Rating } from '../domain/product-rating';
import { dynamo, queryAll, withoutKeys } from '../../platform';
import type { LedgerTx } from '../../money';

export type ProductStatus = 'PENDING_REVIEW' | 'APPROVED';

export interface Product {
  readonly productId: string;
  readonly name: string;
  readonly type: ProductType;
  readonly terms: {
    minAmount: number;
    lockUpDays: number;
    settlementCycle: 0 | 1 | 2;
    /** Exposure limits of the product (M4.2-a, ADR 0013), fen. */
    limits?: { perCustomerDaily?: number | undefined; dailyTotal?: number | undefined } | undefined;
  };
  readonly metrics: {
    annualisedReturnBp: number;
    volatilityBp: number;
    sharpeRatio: number;
    maxDrawdownBp: number;
  };
  readonly qualitative: {
    leverage: boolean;
    complexity: 'LOW' | 'MEDIUM' | 'HIGH';
    principalProtected: boolean;
    marketEnvironment: 'STABLE' | 'VOLATILE';
  };
  readonly rating: Rating;
  readonly status: ProductStatus;
  readonly version: number;
  readonly createdBy: string;
  /** Who wrote this version (its creator, or whoever last changed it). */
  readonly changedBy: string;
  readonly approvedBy?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface AuditEntry {
  readonly event: 'CREATED' | 'CHANGED' | 'APPROVED';
  readonly actor: string;
  readonly version: number;
  readonly level: number;
  readonly points: number;
  readonly at: string;
}

const current = (id: string) => ({ pk: `PROD#${id}`, sk: 'CURRENT' });

export class ProductsRepo {
  constructor(readonly table: string) {}

  /**
   * Writes a product version with its audit entry and catalog line. `expected` is the
   * version (and status) it replaces; a concurrent change fails the condition.
   */
  save(
    tx: LedgerTx,
    p: Product,
    event: AuditEntry['event'],
    expected?: { version: number; status?: ProductStatus },
  ): LedgerTx {
    tx.put(
      { kind: 'product' },
      {
        TableName: this.table,
        Item: { ...current(p.productId), ...p },
        ...(expected
          ? {
              ConditionExpression: '#v = :v' + (expected.status ? ' AND #s = :s' : ''),
              ExpressionAttributeNames: {
                '#v': 'version',
                ...(expected.status ? { '#s': 'status' } : {}),
              },
              ExpressionAttributeValues: {
                ':v': expected.version,
                ...(expected.status ? { ':s': expected.status } : {}),
              },
            }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    );
    const entry: AuditEntry = {
      event,
      actor: event === 'APPROVED' ? (p.approvedBy ?? '') : p.changedBy,
      version: p.version,
      level: p.rating.level,
      points: p.rating.points,
      at: p.updatedAt,
    };
    tx.put(
      { kind: 'product' },
      {
        TableName: this.table,
        Item: {
          pk: `PROD#${p.productId}`,
          sk: `AUDIT#${p.updatedAt}#${String(p.version).padStart(6, '0')}#${event}`,
          ...entry,
          factors: p.rating.factors,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    );
    return tx.put(undefined, {
      TableName: this.table,
      Item: {
        pk: 'CATALOG',
        sk: p.productId,
        productId: p.productId,
        name: p.name,
        type: p.type,
        status: p.status,
        version: p.version,
        level: p.rating.level,
        band: p.rating.band,
        expectedReturnBp: p.metrics.annualisedReturnBp,
        terms: p.terms,
      },
    });
  }

  async get(productId: string): Promise<Product | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: current(productId), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...p } = out.Item;
    return p as Product;
  }

  async auditTrail(productId: string): Promise<(AuditEntry & { factors: unknown })[]> {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)',
        ExpressionAttributeValues: { ':pk': `PROD#${productId}`, ':a': 'AUDIT#' },
      }),
    );
    return (out.Items ?? []).map(
      ({ pk: _pk, sk: _sk, ...e }) => e as AuditEntry & { factors: unknown },
    );
  }

  /** Catalog lines (every product, any status), page by page. */
  async catalog(): Promise<Record<string, unknown>[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'CATALOG' },
    });
    return items.map(withoutKeys);
  }
}
