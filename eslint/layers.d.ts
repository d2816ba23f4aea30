import type { ESLint } from 'eslint';

export function placeOf(file: string): Record<string, string | undefined>;
export function violation(file: string, spec: string): string | undefined;
declare const plugin: ESLint.Plugin;
export default plugin;
