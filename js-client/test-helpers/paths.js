// Where the tests find their inputs (Node only).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '..', '..');

/** The shared fixtures (ALPHASTREAM_SHARED, default ../shared next to the checkout). */
export function sharedDir() {
  return process.env.ALPHASTREAM_SHARED || resolve(repo, '..', 'shared');
}

/** The vectors of vertx-alphastream JsCrossCheckVectorsTest (ALPHASTREAM_CROSSCHECK_DIR to override). */
export function crossCheckDir() {
  return process.env.ALPHASTREAM_CROSSCHECK_DIR || resolve(repo, 'vertx-alphastream', 'target', 'js-crosscheck');
}
