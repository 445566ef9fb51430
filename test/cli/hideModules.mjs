// Test helper: `node --import ./hideModules.mjs` makes the packages named in HIDE_MODULES
// (comma-separated) fail to resolve, as if they were not installed.
import { register } from 'node:module';

const hidden = (process.env.HIDE_MODULES ?? '').split(',').filter(Boolean);
const hook = `
const hidden = ${JSON.stringify(hidden)};
export async function resolve(specifier, context, next) {
  if (hidden.some((h) => specifier === h || specifier.startsWith(h + '/'))) {
    const e = new Error("Cannot find package '" + specifier + "'");
    e.code = 'ERR_MODULE_NOT_FOUND';
    throw e;
  }
  return next(specifier, context);
}`;
register('data:text/javascript,' + encodeURIComponent(hook));
