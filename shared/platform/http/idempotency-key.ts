// The Idempotency-Key header's rule, shared by the edge that checks it and the OpenAPI
// document that states it.

/** 16 to 255 visible ASCII characters: a UUID fits; `1` or a counter does not. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{16,255}$/;
export const IDEMPOTENCY_KEY_RULE = 'must be 16 to 255 visible ASCII characters (a UUID fits)';
