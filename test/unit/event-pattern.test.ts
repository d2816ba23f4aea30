// The local runtime's event filtering (infra/local/event-pattern.ts) agrees with Lambda's
// on the patterns the platform's stream mapping uses.
import { describe, expect, it } from 'vitest';
import { matches, parsePattern, UnsupportedPatternError } from '../../infra/local/event-pattern';

const movementInserts = parsePattern(
  '{"eventName":["INSERT"],"dynamodb":{"Keys":{"pk":{"S":[{"prefix":"MOVE#"}]}}}}',
);
const record = (eventName: string, pk: string) => ({
  eventName,
  dynamodb: { Keys: { pk: { S: pk }, sk: { S: 'MOVE' } }, NewImage: {} },
});

describe('event patterns', () => {
  it('passes a new movement and nothing else', () => {
    expect(matches(movementInserts, record('INSERT', 'MOVE#1'))).toBe(true);
    expect(matches(movementInserts, record('MODIFY', 'MOVE#1'))).toBe(false);
    expect(matches(movementInserts, record('INSERT', 'ACCT#cust:1'))).toBe(false);
    expect(matches(movementInserts, record('INSERT', 'XMOVE#1'))).toBe(false);
    expect(matches(movementInserts, { eventName: 'INSERT' })).toBe(false);
  });

  it('matches any of several literals, and a value in a list', () => {
    const p = parsePattern('{"eventName":["INSERT","MODIFY"],"n":[1]}');
    expect(matches(p, { eventName: 'MODIFY', n: 1 })).toBe(true);
    expect(matches(p, { eventName: 'REMOVE', n: 1 })).toBe(false);
    expect(matches(p, { eventName: ['REMOVE', 'INSERT'], n: 1 })).toBe(true);
    expect(matches(p, { eventName: 'INSERT', n: '1' })).toBe(false);
  });

  it('refuses operators it does not implement rather than matching them wrongly', () => {
    expect(() => parsePattern('{"a":[{"anything-but":["x"]}]}')).toThrow(UnsupportedPatternError);
    expect(() => parsePattern('{"a":[{"numeric":[">",1]}]}')).toThrow(UnsupportedPatternError);
    expect(() => parsePattern('{"a":"x"}')).toThrow(UnsupportedPatternError);
  });
});
