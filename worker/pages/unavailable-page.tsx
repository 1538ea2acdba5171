// A readable 503 for the pages the worker renders (order pages, the back office) while the database
// cannot be reached: say it is temporary, and what to check before sending a form again.
import type { FC } from 'hono/jsx';
import { Layout } from './layout.tsx';

const WORDS = {
  fr: {
    title: 'Service momentanément indisponible',
    body: 'Nos données ne répondent pas pour le moment. Réessayez dans un instant.',
    form: 'Si vous veniez d’envoyer un formulaire, rechargez d’abord la page pour voir s’il a été pris en compte.',
    home: 'Retour à l’accueil',
  },
  en: {
    title: 'Service temporarily unavailable',
    body: 'Our data cannot be reached right now. Please try again in a moment.',
    form: 'If you had just sent a form, reload the page first to see whether it went through.',
    home: 'Back to the home page',
  },
} as const;

export const UnavailablePage: FC<{ lang: 'fr' | 'en' }> = ({ lang }) => {
  const w = WORDS[lang];
  return (
    <Layout title={`${w.title} — Comptoir`} lang={lang}>
      <main>
        <h1>{w.title}</h1>
        <p>{w.body}</p>
        <p>{w.form}</p>
        <p>
          <a href={lang === 'en' ? '/en/' : '/'}>{w.home}</a>
        </p>
      </main>
    </Layout>
  );
};

/** The page as HTML, for the error handler (a .ts module, without JSX). */
export const unavailablePage = (lang: 'fr' | 'en') => (<UnavailablePage lang={lang} />).toString();
