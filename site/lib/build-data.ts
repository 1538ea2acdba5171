// Build-time access to the database for the pre-rendered pages: one connection per build, and the
// build's clock (pages show which cycles are open at build time; the live overlay corrects it).
import { connect, type Connection } from '../../db/connect.ts';

let connection: Promise<Connection> | undefined;

export async function buildDb() {
  connection ??= connect();
  return (await connection).db;
}

/** COMPTOIR_BUILD_NOW (epoch ms) pins the clock, for reproducible builds and tests. */
export const buildNow = Number(process.env.COMPTOIR_BUILD_NOW) || Date.now();
