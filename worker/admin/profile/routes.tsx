// An enterprise's profile page: what its public page shows (description, address, contact, labels)
// and the legal identity its invoices print (registered name, SIRET, VAT number).
import { Hono } from 'hono';
import { paths as publicPaths } from '../../../domain/catalog-paths.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { databaseFor } from '../../db.ts';
import { requireEnterprise } from '../../auth/guard.ts';
import { param, type AdminEnv, type Ctx } from '../../auth/identify.ts';
import { fieldsRefused } from '../shared/constraints.ts';
import { adminLayout, csrfOf } from '../shared/layout.tsx';
import { paths, translator, type Locale } from '../shared/paths.ts';
import { publicState } from '../shared/public-status.tsx';
import type { EnterpriseRow } from '../../../db/enterprises/enterprises.ts';
import { parseProfile, readProfileForm, valuesOf, type ProfileValues } from './form.ts';
import { enterpriseProfile, enterprisePhotoKey, saveProfile, setEnterprisePhoto } from './use-cases.ts';
import { readImage } from '../catalog/form.ts';
import { photoPath, ProfilePage } from './views.tsx';

/** The public pages the profile shows on. */
function publicPagesOf(e: { slug: string; isProducer: boolean; isHub: boolean }): string[] {
  return [...(e.isProducer ? [publicPaths.producer('fr', e.slug)] : []), ...(e.isHub ? [publicPaths.shop('fr', e.slug)] : [])];
}

export function profilePages(l: Locale) {
  const p = paths(l);
  const tr = translator(l);

  /** The form, from the stored profile or as it was typed (then with the refusal's messages and 422). */
  const page = async (c: Ctx, e: EnterpriseRow, typed: ProfileValues | null, errors: FieldError[] = []) => {
    const db = databaseFor(c.env);
    const [profile, status, photoKey] = await Promise.all([
      enterpriseProfile(db, e.id),
      publicState(db, publicPagesOf(e)),
      enterprisePhotoKey(db, e.id),
    ]);
    const values = typed ?? valuesOf(profile);
    if (errors.length) c.status(422);
    return c.render(
      <ProfilePage
        l={l}
        csrf={csrfOf(c)}
        enterprise={e}
        values={values}
        labels={profile.labels}
        photoKey={photoKey}
        status={status}
        errors={errors}
        saved={Boolean(c.req.query('saved'))}
      />,
      {
        title: tr('Profil', 'Profile'),
        enterprise: e,
        current: p.profile(e.slug),
      },
    );
  };

  return new Hono<AdminEnv>()
    .use(adminLayout(l))
    .get(p.profile(':ent'), async (c) => page(c, await requireEnterprise(c, param(c, 'ent'), 'profile.edit'), null))
    .post(p.profile(':ent'), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'profile.edit');
      const typed = await readProfileForm(c);
      const refused = await fieldsRefused(() =>
        saveProfile({ db: databaseFor(c.env), actor: c.get('actor'), enterprise: e, input: parseProfile(typed), now: Date.now() }),
      );
      if (refused) return page(c, e, typed, refused);
      return c.redirect(`${p.profile(e.slug)}?saved=1`, 303);
    })
    .post(photoPath(p.profile(':ent')), async (c) => {
      const e = await requireEnterprise(c, param(c, 'ent'), 'profile.edit');
      const bytes = await readImage(c);
      const refused = await fieldsRefused(() =>
        setEnterprisePhoto({
          db: databaseFor(c.env),
          bucket: c.env.IMAGES,
          photos: c.env.PHOTOS,
          actor: c.get('actor'),
          enterprise: e,
          bytes,
          now: Date.now(),
        }),
      );
      if (refused) return page(c, e, null, refused);
      return c.redirect(`${p.profile(e.slug)}?saved=1`, 303);
    });
}
