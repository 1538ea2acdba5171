// Throwaway (not committed): screenshots of the settings page for the report.
import { copyFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { chromium } from 'playwright-core';
import { startLocalWorker } from './local-worker.ts';
import { connect } from '../db/core/connect.ts';

const dirs = readdirSync('/tmp').filter((d) => d.startsWith('comptoir-test-')).map((d) => join('/tmp', d)).filter((d) => { try { statSync(join(d, 'dist')); statSync(join(d, 'template.db')); return true; } catch { return false; } });
const dir = dirs.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!;
const db = '/tmp/pay-shots/shots.db';
copyFileSync(join(dir, 'template.db'), db);
const w = await startLocalWorker({ dbPath: db, dist: join(dir, 'dist') });
const conn = await connect(`file:${db}`);
// Sign in through the real link.
await fetch(`${w.url}/gestion/connexion`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: w.url }, body: 'email=thomas.lefevre%40example.org' });
const rows = await conn.client.execute("SELECT payload FROM outbox WHERE topic = 'auth.sign-in-link' ORDER BY id DESC LIMIT 1");
const link = new URL(JSON.parse(String(rows.rows[0]!.payload)).url);
const res = await fetch(`${w.url}${link.pathname}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: w.url }, body: new URLSearchParams({ token: link.searchParams.get('token')!, email: link.searchParams.get('email')! }), redirect: 'manual' });
const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-comptoir_session='))!.split(';')[0]!;
void createHash;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const [name, value] = cookie.split('=');
for (const [label, width] of [['phone', 375], ['laptop', 1280]] as const) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  await ctx.addCookies([{ name: name!, value: value!, url: w.url }]);
  const page = await ctx.newPage();
  const slug = (await conn.client.execute("SELECT slug FROM enterprises e JOIN enterprise_managers m ON m.enterprise_id = e.id JOIN users u ON u.id = m.user_id WHERE u.email = 'thomas.lefevre@example.org'")).rows[0]!.slug;
  for (const path of [`/gestion/${slug}/retrait-et-paiement`, `/en/manage/${slug}/checkout`]) {
    await page.goto(w.url + path);
    await page.screenshot({ path: `/tmp/pay-shots/${label}-${path.startsWith('/en') ? 'en' : 'fr'}.png`, fullPage: true });
  }
  await ctx.close();
}
await browser.close();
await w.close();
console.log('done', dir);
