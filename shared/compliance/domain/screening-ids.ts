// ID numbers as screening compares them (M1-c): exactly, after normalising. Pure; kept apart
// from the name tables so that what only validates a list does not bundle them.

/** ID numbers compare exactly after dropping spaces and punctuation, upper case. */
export function normaliseIdNumber(id: string): string {
  return id
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '');
}
