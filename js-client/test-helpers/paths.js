// Where the tests find their inputs (Node only).
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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

/** The gateway's shaded jar (ALPHASTREAM_GATEWAY_JAR, else ws-gateway/target/ws-gateway-*-all.jar). */
export function gatewayJar() {
  if (process.env.ALPHASTREAM_GATEWAY_JAR) return process.env.ALPHASTREAM_GATEWAY_JAR;
  const dir = resolve(repo, 'ws-gateway', 'target');
  const jar = existsSync(dir) && readdirSync(dir).find((f) => /^ws-gateway-.*-all\.jar$/.test(f));
  if (!jar) throw new Error(`no ws-gateway shaded jar in ${dir}: run mvn -pl ws-gateway -am package -DskipTests`);
  return join(dir, jar);
}
