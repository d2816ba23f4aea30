// How the stage settings travel in a function's environment: gzip, then base64, behind a
// `gz:` prefix. Lambda allows 4 KB of environment in all, and the settings grow with each
// module (3.3 KB of JSON when loans arrived, about 1 KB compressed). Plain JSON is still
// read, for a test or an operator setting the variable by hand.
import { gunzipSync, gzipSync } from 'node:zlib';

const PREFIX = 'gz:';

export function encodeSettings(json: string): string {
  return PREFIX + gzipSync(Buffer.from(json), { level: 9 }).toString('base64');
}

export function decodeSettings(raw: string): string {
  return raw.startsWith(PREFIX)
    ? gunzipSync(Buffer.from(raw.slice(PREFIX.length), 'base64')).toString()
    : raw;
}
