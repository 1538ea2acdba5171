// The frame of pages the worker renders on demand; same stylesheet and header as the pre-rendered site.
import type { Child, FC } from 'hono/jsx';

export const Layout: FC<{ title: string; lang?: 'fr' | 'en'; children?: Child }> = ({ title, lang = 'fr', children }) => (
  <html lang={lang}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex" />
      <title>{title}</title>
      <link rel="icon" href="data:," />
      <link rel="stylesheet" href="/comptoir.css" />
    </head>
    <body>
      <header class="site-header">
        <a class="brand" href={lang === 'en' ? '/en/' : '/'}>
          Comptoir
        </a>
      </header>
      {children}
    </body>
  </html>
);
