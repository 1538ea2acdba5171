// The back office's photo block (a product's photo, an enterprise's photo or logo): the photo the public
// pages show, and a multipart form to send another through the same resizing path.
import type { FC } from 'hono/jsx';
import { imageSize } from '../catalog/images.ts';
import { translator, type Locale } from './paths.ts';
import { Csrf } from './ui.tsx';

export const PhotoSection: FC<{
  l: Locale;
  csrf: string | null;
  heading: string;
  /** The stored key (large size), or null before the first upload. */
  photoKey: string | null | undefined;
  alt: string;
  testId: string;
  action: string;
  /** The file field's label: what is sent, in the page's language. */
  fileLabel: string;
}> = ({ l, csrf, heading, photoKey, alt, testId, action, fileLabel }) => {
  const tr = translator(l);
  const size = photoKey ? imageSize(photoKey) : null;
  return (
    <section>
      <h2>{heading}</h2>
      {photoKey ? (
        <img
          src={`/images/${photoKey}`}
          alt={alt}
          width={size?.width}
          height={size?.height}
          style="max-width:100%;height:auto"
          data-testid={testId}
        />
      ) : (
        <p class="muted">{tr('Pas encore de photo.', 'No photo yet.')}</p>
      )}
      <form method="post" action={action} enctype="multipart/form-data" class="filters">
        <Csrf token={csrf} />
        <div class="field">
          <label for="image">{fileLabel}</label>
          <input id="image" name="image" type="file" accept="image/jpeg,image/png,image/webp" required />
        </div>
        <button type="submit">{tr('Envoyer la photo', 'Upload the photo')}</button>
      </form>
    </section>
  );
};
