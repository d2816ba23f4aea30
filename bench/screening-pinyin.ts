// Pinyin of a made-up name for the screening bench's synthetic list, from the screening's
// own character table (the first reading of each character).
import { readingsOf } from '../shared/compliance/domain/screening-hanzi';

export function pinyin(chinese: string): string[] {
  return [...chinese].map((c) => (readingsOf(c)[0] ?? '').replace(/[1-5]$/, ''));
}
