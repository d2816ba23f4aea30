// Kill switches as items (ADR 0018): `SWITCH#<name>` / `STATE` holds whether the business
// it guards is stopped; `SWITCH#<name>` / `AT#<time>#<n>` keeps every change (who, when, why).
// A guarded transaction adds `runningCondition(name)`: it fails while the switch is off,
// in the same request, so a switch is in force the moment it is written.
//
// Rule switches (`rule.<ruleId>`, in the risk table) guard no transaction: the scorer and
// the pre-check read them. So that one read gives every rule's, each change of one also
// sets `r_<ruleId>` (true while the rule is disabled) on one index item,
// `SWITCH#rules` / `DISABLED`, in the same transaction: the scorer asks for that item in
// the BatchGetItem it makes anyway (ADR 0018).
import { ruleOfSwitch, type SwitchName, type SwitchState } from '../kernel';
import { dynamo, GetCommand, queryAll } from './index';
import { randomUUID } from 'node:crypto';
import { transactWrite } from './transact';

const stateKey = (name: SwitchName) => ({ pk: `SWITCH#${name}`, sk: 'STATE' });

/** The index of rule switches: `r_<ruleId>` is true while the rule is disabled. */
export const RULE_SWITCHES_KEY = { pk: 'SWITCH#rules', sk: 'DISABLED' } as const;

/** The rules an index item (as read) names disabled; none for no item. */
export function disabledRulesOf(item: Record<string, unknown> | undefined): ReadonlySet<string> {
  return new Set(
    Object.entries(item ?? {})
      .filter(([k, v]) => k.startsWith('r_') && v === true)
      .map(([k]) => k.slice(2)),
  );
}

export class Switches {
  constructor(readonly table: string) {}

  /** A ConditionCheck that holds while the business the switch guards runs. */
  runningCondition(name: SwitchName) {
    return {
      TableName: this.table,
      Key: stateKey(name),
      ConditionExpression: 'attribute_not_exists(pk) OR #off = :false',
      ExpressionAttributeNames: { '#off': 'off' },
      ExpressionAttributeValues: { ':false': false },
    };
  }

  async state(name: SwitchName): Promise<SwitchState | undefined> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: stateKey(name), ConsistentRead: true }),
    );
    return out.Item ? stateOf(out.Item) : undefined;
  }

  async isOff(name: SwitchName): Promise<boolean> {
    return (await this.state(name))?.off === true;
  }

  /** The rules disabled now (rule switches, from their index). */
  async disabledRules(): Promise<ReadonlySet<string>> {
    const out = await dynamo().send(
      new GetCommand({ TableName: this.table, Key: RULE_SWITCHES_KEY, ConsistentRead: true }),
    );
    return disabledRulesOf(out.Item);
  }

  /** Sets the switch and keeps the change (a rule switch also in its index), in one transaction. */
  async set(change: SwitchState): Promise<void> {
    const { name, ...rest } = change;
    const rule = ruleOfSwitch(name);
    // Two rule switches at once conflict on the index item: transactWrite sends it again.
    await transactWrite({
      TransactItems: [
        { Put: { TableName: this.table, Item: { ...stateKey(name), name, ...rest } } },
        {
          Put: {
            TableName: this.table,
            // Two changes in the same millisecond are two records, not a failed condition.
            Item: {
              pk: `SWITCH#${name}`,
              sk: `AT#${change.at}#${randomUUID().slice(0, 8)}`,
              name,
              ...rest,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...(rule === undefined
          ? []
          : [
              {
                Update: {
                  TableName: this.table,
                  Key: RULE_SWITCHES_KEY,
                  UpdateExpression: 'SET #r = :off',
                  ExpressionAttributeNames: { '#r': `r_${rule}` },
                  ExpressionAttributeValues: { ':off': change.off },
                },
              },
            ]),
      ],
    });
  }

  /** Every change of a switch, oldest first. */
  async history(name: SwitchName): Promise<SwitchState[]> {
    const items = await queryAll({
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :at)',
      ExpressionAttributeValues: { ':pk': `SWITCH#${name}`, ':at': 'AT#' },
      ConsistentRead: true,
    });
    return items.map(stateOf);
  }
}

function stateOf(i: Record<string, unknown>): SwitchState {
  return {
    name: String(i.name) as SwitchName,
    off: i.off === true,
    reason: String(i.reason ?? ''),
    by: String(i.by ?? ''),
    at: String(i.at ?? ''),
  };
}
