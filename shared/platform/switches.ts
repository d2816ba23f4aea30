// Kill switches as items (ADR 0018): `SWITCH#<name>` / `STATE` holds whether the business
// it guards is stopped; `SWITCH#<name>` / `AT#<time>` keeps every change (who, when, why).
// A guarded transaction adds `runningCondition(name)`: it fails while the switch is off,
// in the same request, so a switch is in force the moment it is written.
import type { SwitchName, SwitchState } from '../kernel';
import { dynamo, GetCommand, queryAll, TransactWriteCommand } from './index';

const stateKey = (name: SwitchName) => ({ pk: `SWITCH#${name}`, sk: 'STATE' });

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

  /** Sets the switch and keeps the change, in one transaction. */
  async set(change: SwitchState): Promise<void> {
    const { name, ...rest } = change;
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table, Item: { ...stateKey(name), name, ...rest } } },
          {
            Put: {
              TableName: this.table,
              Item: { pk: `SWITCH#${name}`, sk: `AT#${change.at}`, name, ...rest },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
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
