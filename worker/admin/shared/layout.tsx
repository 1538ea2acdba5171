// The back office's page frame, set once per sub-app: a handler calls c.render(<View />, { title, … })
// and gets the header, menu, language switch and session (sign-out, CSRF) from the request context.
import type { Context, MiddlewareHandler } from 'hono';
import { jsxRenderer } from 'hono/jsx-renderer';
import type { AdminEnv } from '../../auth/identify.ts';
import { ADMIN_BASE, type Locale } from './paths.ts';
import { AdminLayout, type PageFrame } from './ui.tsx';

/** What a page tells its frame: the title, and where it sits (enterprise menu, current entry, other language). */
export type PageProps = { title: string } & Pick<Partial<PageFrame>, 'enterprise' | 'current' | 'altHref'>;

declare module 'hono' {
  interface ContextRenderer {
    // biome-ignore lint/style/useShorthandFunctionType: an interface, so that it merges with Hono's declaration
    (content: string | Promise<string>, props: PageProps): Response | Promise<Response>;
  }
}

/** The frame of a page for this caller: the session's CSRF token and who is signed in (nobody before identification). */
export function frameOf(c: Context<AdminEnv>, l: Locale, extra: Partial<PageFrame> = {}): PageFrame {
  const actor = c.get('actor') as AdminEnv['Variables']['actor'] | undefined;
  return {
    l,
    csrf: c.get('session')?.csrfToken ?? null,
    user: actor?.kind === 'user' ? { email: actor.email, isPlatformAdmin: actor.isPlatformAdmin } : null,
    ...extra,
  };
}

/** The CSRF token forms on this page carry (null for API-token callers, who send none). */
export const csrfOf = (c: Context<AdminEnv>): string | null => c.get('session')?.csrfToken ?? null;

const framed = (l: Locale) =>
  jsxRenderer(({ children, title, enterprise, current, altHref }, c) => (
    <AdminLayout frame={frameOf(c as Context<AdminEnv>, l, { enterprise, current, altHref })} title={title}>
      {children}
    </AdminLayout>
  ));

/**
 * Back-office pages in language `l` are framed by AdminLayout. A sub-app's `use` reaches every path of
 * the app it is mounted in, so each sub-app's frame would also be set on the other language's pages
 * (and on the API) before their own: it is set only on this language's pages.
 */
export function adminLayout(l: Locale): MiddlewareHandler<AdminEnv> {
  const base = ADMIN_BASE[l];
  const frame = framed(l);
  return (c, next) => (c.req.path === base || c.req.path.startsWith(`${base}/`) ? frame(c, next) : next());
}

/** Frames an answer given outside the sub-apps' middleware (the error handler, which may run before it). */
export async function setAdminFrame(c: Context<AdminEnv>, l: Locale): Promise<void> {
  await framed(l)(c, async () => {});
}
