// The back office's page frame, set once per sub-app: a handler calls c.render(<View />, { title, … })
// and gets the header, menu, language switch and session (sign-out, CSRF) from the request context.
import type { Context } from 'hono';
import { jsxRenderer } from 'hono/jsx-renderer';
import type { AdminEnv } from '../../auth/identify.ts';
import type { Locale } from './paths.ts';
import { AdminLayout, type PageFrame } from './ui.tsx';

/** What a page tells its frame: the title, and where it sits (enterprise menu, current entry, other language). */
export type PageProps = { title: string } & Pick<Partial<PageFrame>, 'enterprise' | 'current' | 'altHref'>;

declare module 'hono' {
  interface ContextRenderer {
    (content: string | Promise<string>, props: PageProps): Response | Promise<Response>;
  }
}

/** The frame of a page for this caller: the session's CSRF token and who is signed in. */
export function frameOf(c: Context<AdminEnv>, l: Locale, extra: Partial<PageFrame> = {}): PageFrame {
  const actor = c.get('actor');
  return {
    l,
    csrf: c.get('session')?.csrfToken ?? null,
    user: actor.kind === 'user' ? { email: actor.email, isPlatformAdmin: actor.isPlatformAdmin } : null,
    ...extra,
  };
}

/** The CSRF token forms on this page carry (null for API-token callers, who send none). */
export const csrfOf = (c: Context<AdminEnv>): string | null => c.get('session')?.csrfToken ?? null;

/** Back-office pages in language `l` are framed by AdminLayout. */
export const adminLayout = (l: Locale) =>
  jsxRenderer(({ children, title, enterprise, current, altHref }, c) => (
    <AdminLayout frame={frameOf(c as Context<AdminEnv>, l, { enterprise, current, altHref })} title={title}>
      {children}
    </AdminLayout>
  ));
