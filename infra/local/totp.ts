// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), as an
// authenticator app computes them from the secret Cognito's AssociateSoftwareToken gives.
// The local stage's staff sign in with these; the emulator gives every user one secret.
import { createHmac } from 'node:crypto';

/** The emulator's TOTP secret (moto's COGNITO_TOTP_MFA_SECRET), the same for every user. */
export const EMULATOR_TOTP_SECRET = 'asdfasdfasdf';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = BASE32.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The code for `secret` (base32) at `atMs` (now by default). */
export function totp(secret: string, atMs = Date.now(), digits = 6, stepSeconds = 30): string {
  const counter = Math.floor(atMs / 1000 / stepSeconds);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const offset = (mac.at(-1) ?? 0) & 0x0f;
  const n = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(n % 10 ** digits).padStart(digits, '0');
}

/** Milliseconds left in the current step: a client near the end waits for a fresh code. */
export function totpMsLeft(atMs = Date.now(), stepSeconds = 30): number {
  return stepSeconds * 1000 - (atMs % (stepSeconds * 1000));
}

/** The current code, waiting for the next step when this one ends within `marginMs`. */
export async function freshTotp(secret: string, marginMs = 2000): Promise<string> {
  const left = totpMsLeft();
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 50));
  return totp(secret);
}
