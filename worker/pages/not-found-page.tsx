// A readable 404 for pages the worker serves (an order link mistyped or cut in an e-mail).
import type { FC } from 'hono/jsx';
import { Layout } from './layout.tsx';

export const NotFoundPage: FC = () => (
  <Layout title="Page introuvable — Comptoir">
    <main>
      <h1>Page introuvable</h1>
      <p>Cette page n’existe pas ou plus. Si vous suivez le lien d’une commande, vérifiez qu’il est complet.</p>
      <p>
        <a href="/">Retour à l’accueil</a>
      </p>
    </main>
  </Layout>
);
