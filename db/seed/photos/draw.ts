// Draws the demo co-op's photos: simple flat illustrations (SVG written here), rendered to WebP at the
// catalog's two sizes with sharp, named as the upload names them (hash of the large image, size), with
// photos.json saying whose each is. Run `node db/seed/photos/draw.ts` after changing a drawing.
import { createHash } from 'node:crypto';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const here = dirname(fileURLToPath(import.meta.url));
const W = 800;
const H = 600;

type Motif = (c: string) => string;

const ellipse = (cx: number, cy: number, rx: number, ry: number, fill: string, extra = '') =>
  `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="${fill}" ${extra}/>`;
const circle = (cx: number, cy: number, r: number, fill: string, extra = '') =>
  `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${fill}" ${extra}/>`;
const rect = (x: number, y: number, w: number, h: number, fill: string, r = 0, extra = '') =>
  `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${r}" fill="${fill}" ${extra}/>`;
const path = (d: string, fill: string, extra = '') => `<path d="${d}" fill="${fill}" ${extra}/>`;
const leaf = (x: number, y: number, angle: number, fill = '#3f8f3a', len = 90) =>
  `<path transform="translate(${x} ${y}) rotate(${angle})" d="M0 0 C ${len * 0.3} -${len * 0.25} ${len * 0.7} -${len * 0.25} ${len} 0 C ${len * 0.7} ${len * 0.25} ${len * 0.3} ${len * 0.25} 0 0Z" fill="${fill}"/>`;

const carrot: Motif = () =>
  [0, 1, 2]
    .map((i) => {
      const x = 290 + i * 110;
      return `<g transform="rotate(${-12 + i * 12} ${x} 300)">${leaf(x, 170, -110, '#3f8f3a', 80)}${leaf(x, 170, -70, '#4fa046', 80)}${path(`M${x - 38} 175 Q${x} 160 ${x + 38} 175 L${x + 6} 460 Q${x} 470 ${x - 6} 460Z`, '#ee7d22')}${path(`M${x - 20} 230 l18 4 M${x - 12} 300 l16 3 M${x + 2} 360 l14 2`, 'none', 'stroke="#c85f10" stroke-width="5" stroke-linecap="round"')}</g>`;
    })
    .join('');
const potato: Motif = () =>
  [
    [320, 330, 110, 80],
    [470, 350, 95, 70],
    [400, 250, 90, 65],
  ]
    .map(
      ([x, y, rx, ry]) =>
        `${ellipse(x!, y!, rx!, ry!, '#c9a26b')}${circle(x! - 30, y! - 10, 5, '#9c7745')}${circle(x! + 25, y! + 15, 5, '#9c7745')}`,
    )
    .join('');
const tomato: Motif = () =>
  [
    [300, 320, 95, '#d8352a'],
    [480, 330, 85, '#e8a020'],
    [390, 250, 80, '#8a2f2a'],
  ]
    .map(
      ([x, y, r, f]) =>
        `${circle(x as number, y as number, r as number, f as string)}${path(`M${x} ${(y as number) - (r as number) + 5} l-30 -12 l22 20 l8 -28 l8 28 l22 -20 z`, '#3f8f3a')}`,
    )
    .join('');
const zucchini: Motif = () =>
  [0, 1]
    .map(
      (i) =>
        `<g transform="rotate(${-20 + i * 30} 400 300)">${rect(190, 250 + i * 60, 420, 90, '#3d7a2e', 45)}${rect(215, 270 + i * 60, 370, 14, '#6aa84f', 7)}${rect(590, 280 + i * 60, 40, 30, '#8bb56c', 10)}</g>`,
    )
    .join('');
const salad: Motif = () =>
  [0, 40, 80, 120, 160, 200, 240, 280, 320].map((a) => leaf(400, 320, a, a % 80 ? '#7cc24f' : '#5aa83a', 170)).join('') +
  circle(400, 320, 70, '#b7e07a');
const leek: Motif = () =>
  [0, 1, 2]
    .map((i) => {
      const x = 300 + i * 100;
      return `${rect(x - 22, 250, 44, 220, '#f2f1dc', 18)}${path(`M${x - 22} 260 L${x - 50} 90 L${x} 240 L${x + 40} 80 L${x + 22} 260Z`, '#3f8f3a')}${path(`M${x - 18} 470 l-10 30 M${x} 470 l0 34 M${x + 18} 470 l10 30`, 'none', 'stroke="#d9cfa8" stroke-width="5"')}`;
    })
    .join('');
const onion: Motif = () =>
  [
    [320, 340],
    [480, 340],
    [400, 260],
  ]
    .map(
      ([x, y]) =>
        `${path(`M${x} ${y! - 130} C ${x! + 30} ${y! - 60} ${x! + 110} ${y! - 50} ${x! + 100} ${y! + 20} C ${x! + 90} ${y! + 90} ${x! - 90} ${y! + 90} ${x! - 100} ${y! + 20} C ${x! - 110} ${y! - 50} ${x! - 30} ${y! - 60} ${x} ${y! - 130}Z`, '#d9a441')}${path(`M${x} ${y! - 110} C ${x! + 20} ${y! - 40} ${x! + 30} ${y! + 20} ${x} ${y! + 75}`, 'none', 'stroke="#b07e26" stroke-width="5"')}`,
    )
    .join('');
const spinach: Motif = () =>
  [200, 240, 280, 320, 0, 40].map((a, i) => leaf(400, 330, a + 180, i % 2 ? '#2f7d32' : '#3f9a3f', 180)).join('');
const garlic: Motif = () =>
  [
    [340, 330],
    [470, 330],
  ]
    .map(
      ([x, y]) =>
        `${path(`M${x} ${y! - 140} C ${x! + 40} ${y! - 60} ${x! + 110} ${y! - 40} ${x! + 90} ${y! + 40} C ${x! + 70} ${y! + 100} ${x! - 70} ${y! + 100} ${x! - 90} ${y! + 40} C ${x! - 110} ${y! - 40} ${x! - 40} ${y! - 60} ${x} ${y! - 140}Z`, '#f3e4ea')}${path(`M${x} ${y! - 120} Q ${x! - 40} ${y} ${x} ${y! + 85} M${x} ${y! - 120} Q ${x! + 40} ${y} ${x} ${y! + 85}`, 'none', 'stroke="#d7a9b9" stroke-width="5"')}`,
    )
    .join('');
const basket: Motif = () =>
  `${path('M250 260 Q400 60 550 260', 'none', 'stroke="#9b6a35" stroke-width="18"')}${circle(330, 260, 60, '#d8352a')}${leaf(420, 250, -80, '#3f8f3a', 120)}${circle(470, 270, 55, '#ee7d22')}${ellipse(390, 270, 50, 40, '#c9a26b')}${path('M200 270 L600 270 L560 470 L240 470Z', '#b98146')}${path('M230 320 L570 320 M240 370 L560 370 M250 420 L550 420', 'none', 'stroke="#8e5f2e" stroke-width="8"')}`;
const steak: Motif = () =>
  `${path('M220 300 C 220 180 420 150 540 200 C 640 240 600 420 470 430 C 340 440 220 420 220 300Z', '#b8353a')}${path('M300 300 C 320 250 420 230 480 270', 'none', 'stroke="#f4d7c8" stroke-width="16" stroke-linecap="round"')}${ellipse(470, 350, 40, 25, '#f4d7c8')}`;
const parcel: Motif = () =>
  `${rect(230, 200, 340, 240, '#c8a273', 10)}${rect(230, 200, 340, 50, '#b08a5a', 10)}${path('M290 330 C 290 280 370 270 410 290 C 440 310 430 370 390 375 C 350 380 290 370 290 330Z', '#b8353a')}${path('M430 330 C 430 290 510 280 550 300 C 580 320 560 380 520 385 C 480 390 430 380 430 330Z', '#c9454a')}${rect(385, 200, 30, 240, '#e9d7b5', 0, 'opacity="0.8"')}`;
const sausage: Motif = () =>
  [0, 1, 2]
    .map(
      (i) =>
        `<g transform="rotate(${-15 + i * 8} 400 300)">${rect(200, 220 + i * 70, 400, 56, '#a8553a', 28)}${path(`M260 ${236 + i * 70} l30 0 M360 ${236 + i * 70} l30 0 M460 ${236 + i * 70} l30 0`, 'none', 'stroke="#d88a6a" stroke-width="6" stroke-linecap="round"')}</g>`,
    )
    .join('');
const crottin: Motif = () =>
  [
    [310, 330],
    [490, 330],
    [400, 250],
  ]
    .map(([x, y]) => `${rect(x! - 80, y! - 20, 160, 80, '#efe9d8', 30)}${ellipse(x!, y! - 20, 80, 28, '#f8f4e8')}`)
    .join('');
const log: Motif = () =>
  `${rect(180, 250, 440, 130, '#3b3b3b', 65)}${ellipse(600, 315, 40, 65, '#f2efe6', 'stroke="#3b3b3b" stroke-width="12"')}${circle(600, 315, 18, '#e6e0d0')}`;
const wedge: Motif = () =>
  `${path('M200 380 L600 380 L600 250 Z', '#f1c74a')}${path('M200 380 L600 250 L600 220 L200 350Z', '#e2b23a')}${rect(200, 380, 400, 60, '#f6d770')}${circle(470, 405, 14, '#e0b445')}${circle(540, 415, 10, '#e0b445')}${circle(330, 410, 12, '#e0b445')}`;
const yogurt: Motif = () =>
  [[310], [490]]
    .map(
      ([x]) =>
        `${path(`M${x! - 80} 220 L${x! + 80} 220 L${x! + 60} 440 L${x! - 60} 440Z`, '#ffffff')}${rect(x! - 88, 205, 176, 26, '#4a8fd1', 6)}${rect(x! - 60, 300, 120, 50, '#cfe3f5', 6)}`,
    )
    .join('');
const bottle: Motif = (c) =>
  `${rect(350, 120, 100, 40, '#d0d0d0', 8)}${path('M360 160 L440 160 L440 200 Q500 230 500 300 L500 470 Q500 490 480 490 L320 490 Q300 490 300 470 L300 300 Q300 230 360 200Z', c)}${rect(315, 320, 170, 90, '#ffffff', 8, 'opacity="0.85"')}`;
const butter: Motif = () =>
  `${rect(230, 250, 340, 150, '#f6e08a', 12)}${path('M230 250 L290 200 L630 200 L570 250Z', '#fbeeb0')}${path('M570 250 L630 200 L630 350 L570 400Z', '#e5c95e')}${rect(300, 290, 200, 60, '#ffffff', 6, 'opacity="0.7"')}`;
const loaf: Motif = (c) =>
  `${ellipse(400, 330, 230, 120, c)}${path('M280 280 l50 -40 M360 270 l50 -40 M440 270 l50 -40', 'none', 'stroke="#f3d9a4" stroke-width="14" stroke-linecap="round"')}`;
const brioche: Motif = () =>
  `${path('M230 420 L570 420 L540 330 L260 330Z', '#b45f1f')}${circle(320, 300, 70, '#e0952f')}${circle(400, 270, 80, '#e8a33a')}${circle(480, 300, 70, '#e0952f')}${circle(400, 190, 45, '#eeb04a')}`;
const sack: Motif = (c) =>
  `${path('M280 200 Q400 170 520 200 L560 460 Q400 500 240 460Z', c)}${path('M280 200 Q400 240 520 200', 'none', 'stroke="#8e7a56" stroke-width="10"')}${path('M400 300 l0 120 M400 330 l-25 -20 M400 330 l25 -20 M400 370 l-25 -20 M400 370 l25 -20', 'none', 'stroke="#a67c2e" stroke-width="8" stroke-linecap="round"')}`;
const cookies: Motif = () =>
  [
    [300, 320],
    [480, 300],
    [390, 400],
  ]
    .map(
      ([x, y]) => `${ellipse(x!, y!, 110, 45, '#d6a25a')}${circle(x! - 30, y! - 5, 10, '#8a5a2b')}${circle(x! + 35, y! + 8, 9, '#8a5a2b')}`,
    )
    .join('');
const jar: Motif = (c) =>
  `${rect(305, 160, 190, 50, '#d9b56a', 10)}${path('M300 210 L500 210 Q520 230 520 260 L520 460 Q520 490 490 490 L310 490 Q280 490 280 460 L280 260 Q280 230 300 210Z', c)}${rect(310, 300, 180, 100, '#fff8e6', 10)}${path('M360 350 l20 -20 l20 20 l20 -20 l20 20', 'none', 'stroke="#c98b1a" stroke-width="8" stroke-linecap="round"')}`;
const apple: Motif = (c) =>
  [
    [320, 330],
    [480, 330],
  ]
    .map(
      ([x, y]) =>
        `${path(`M${x} ${y! - 70} C ${x! + 60} ${y! - 120} ${x! + 130} ${y! - 60} ${x! + 110} ${y! + 20} C ${x! + 95} ${y! + 100} ${x! + 30} ${y! + 120} ${x} ${y! + 95} C ${x! - 30} ${y! + 120} ${x! - 95} ${y! + 100} ${x! - 110} ${y! + 20} C ${x! - 130} ${y! - 60} ${x! - 60} ${y! - 120} ${x} ${y! - 70}Z`, c)}${path(`M${x} ${y! - 70} q5 -40 -10 -55`, 'none', 'stroke="#6b4a2b" stroke-width="10" stroke-linecap="round"')}${leaf(x!, y! - 100, -30, '#4fa046', 60)}`,
    )
    .join('');
const pear: Motif = () =>
  [[330], [480]]
    .map(
      ([x]) =>
        `${path(`M${x} 170 C ${x! + 40} 170 ${x! + 45} 250 ${x! + 70} 300 C ${x! + 110} 380 ${x! + 80} 470 ${x} 470 C ${x! - 80} 470 ${x! - 110} 380 ${x! - 70} 300 C ${x! - 45} 250 ${x! - 40} 170 ${x} 170Z`, '#b9c24a')}${path(`M${x} 172 l4 -40`, 'none', 'stroke="#6b4a2b" stroke-width="9" stroke-linecap="round"')}`,
    )
    .join('');
const beer: Motif = (c) =>
  `${path('M290 200 L490 200 L480 470 Q480 490 460 490 L320 490 Q300 490 300 470Z', c)}${path('M280 200 Q300 140 350 160 Q390 120 430 160 Q480 140 500 200Z', '#fffdf4')}${path('M490 260 Q570 260 570 330 Q570 400 485 400', 'none', 'stroke="#e9e2c6" stroke-width="22"')}`;
const crate: Motif = () =>
  `${rect(220, 300, 360, 170, '#b98146', 8)}${[0, 1, 2, 3].map((i) => `${rect(245 + i * 85, 150, 50, 160, ['#e8b33a', '#a8512a', '#5b2e1e', '#f1d36b'][i]!, 12)}${rect(257 + i * 85, 120, 26, 40, '#d0d0d0', 5)}`).join('')}${rect(220, 360, 360, 14, '#8e5f2e')}`;
const eggs: Motif = () =>
  `${rect(200, 330, 400, 120, '#c8bfae', 16)}${[0, 1, 2].map((i) => `${ellipse(270 + i * 130, 300, 55, 72, i === 1 ? '#f6f0e4' : '#e8c9a0')}`).join('')}`;
const chicken: Motif = () =>
  `${ellipse(400, 340, 200, 120, '#e2a862')}${ellipse(300, 300, 50, 30, '#efc085')}${ellipse(500, 300, 50, 30, '#efc085')}${path('M560 390 l70 30 l-10 20 l-70 -25Z', '#d39550')}${path('M240 390 l-70 30 l10 20 l70 -25Z', '#d39550')}${rect(200, 430, 400, 30, '#c8bfae', 12)}`;
const drumstick: Motif = () =>
  [0, 1]
    .map(
      (i) =>
        `<g transform="rotate(${-30 + i * 60} 400 300)">${ellipse(360, 300, 120, 70, '#d9914a')}${rect(470, 290, 110, 22, '#f2eadb', 11)}${circle(590, 290, 18, '#f2eadb')}${circle(590, 314, 18, '#f2eadb')}</g>`,
    )
    .join('');
const chestnut: Motif = () =>
  [
    [310, 340],
    [490, 340],
    [400, 250],
  ]
    .map(
      ([x, y]) =>
        `${path(`M${x} ${y! - 85} C ${x! + 50} ${y! - 85} ${x! + 95} ${y! - 10} ${x! + 90} ${y! + 40} Q${x} ${y! + 75} ${x! - 90} ${y! + 40} C ${x! - 95} ${y! - 10} ${x! - 50} ${y! - 85} ${x} ${y! - 85}Z`, '#7a3e1d')}${ellipse(x!, y! + 42, 85, 18, '#cfa874')}${path(`M${x! - 30} ${y! - 40} q30 -20 60 0`, 'none', 'stroke="#9b5a34" stroke-width="8" stroke-linecap="round" opacity="0.7"')}`,
    )
    .join('');
const lemonade: Motif = () => `${bottle('#f3e27a')}${circle(560, 420, 60, '#f3d23a')}${circle(560, 420, 45, '#fbe98a')}`;

/** Each product: its drawing, the drawing's colour, the background. */
const PRODUCTS: Record<string, [Motif, string, string]> = {
  carottes: [carrot, '', '#f3ead2'],
  'pommes-de-terre-charlotte': [potato, '', '#e7efe0'],
  'tomates-anciennes': [tomato, '', '#eef3e2'],
  courgettes: [zucchini, '', '#f4eedb'],
  'salade-batavia': [salad, '', '#f1ece0'],
  poireaux: [leek, '', '#e2ecf2'],
  'oignons-jaunes': [onion, '', '#eae4f0'],
  'jeunes-pousses-epinard': [spinach, '', '#f3ecd9'],
  'ail-rose': [garlic, '', '#e5eee8'],
  'panier-de-saison': [basket, '', '#e9f1dc'],
  'colis-boeuf-limousin': [parcel, '', '#efe6da'],
  'steaks-haches': [steak, '', '#e9efe6'],
  entrecote: [steak, '', '#f2e9dc'],
  'boeuf-bourguignon': [steak, '', '#ece4ef'],
  'colis-veau': [parcel, '', '#e3ecef'],
  'saucisses-boeuf': [sausage, '', '#eef0df'],
  'crottins-frais': [crottin, '', '#dde9d6'],
  'buche-cendree': [log, '', '#e8efe3'],
  'tomme-de-chevre': [wedge, '', '#e6e1d6'],
  'yaourts-chevre': [yogurt, '', '#e4eef6'],
  'faisselle-chevre': [crottin, '', '#e5eef3'],
  'lait-cru-entier': [bottle, '#ffffff', '#d6e6f1'],
  'creme-fraiche': [yogurt, '', '#f1eadb'],
  'beurre-de-baratte': [butter, '', '#e2ecf4'],
  'yaourts-fermiers': [yogurt, '', '#eef2df'],
  'tomme-du-mas': [wedge, '', '#dfe8dc'],
  'fromage-blanc': [yogurt, '', '#f0e6ea'],
  'pain-de-campagne': [loaf, '#c4853f', '#efe7d6'],
  'pain-au-sarrasin': [loaf, '#8a5a35', '#e7ecdd'],
  'pain-aux-noix': [loaf, '#a36a38', '#ece3ee'],
  brioche: [brioche, '', '#f3ecda'],
  'farine-ble-t80': [sack, '#efe3c4', '#e1eaf0'],
  'farine-sarrasin': [sack, '#d9c9a8', '#eef0dd'],
  'croquants-noisettes': [cookies, '', '#efe6d5'],
  'miel-de-bruyere': [jar, '#c9892a', '#ece2ef'],
  'miel-de-chataignier': [jar, '#8f5217', '#efe9d6'],
  'miel-toutes-fleurs': [jar, '#f0b733', '#e3eef0'],
  'pain-d-epices': [loaf, '#9c5b25', '#f2e6d3'],
  'pommes-golden': [apple, '#e7cf45', '#e4ede0'],
  'reine-des-reinettes': [apple, '#cf5a2e', '#f1ead8'],
  'poires-conference': [pear, '', '#ece5ef'],
  'jus-de-pomme': [bottle, '#e9a93a', '#e5efe1'],
  'cidre-fermier': [bottle, '#d88a2a', '#f0e8d8'],
  'compote-pommes': [jar, '#e7c775', '#e3ecf2'],
  'biere-blonde': [beer, '#efbb3a', '#e2eadf'],
  'biere-ambree': [beer, '#c06a1f', '#efe6d8'],
  'biere-brune-chataigne': [beer, '#5b2e1e', '#ebe4ee'],
  'coffret-decouverte': [crate, '', '#e6efe7'],
  limonade: [lemonade, '', '#e1ecf4'],
  'oeufs-plein-air': [eggs, '', '#e9f0de'],
  'poulet-fermier': [chicken, '', '#f1e9d8'],
  'cuisses-de-poulet': [drumstick, '', '#e3ebef'],
  'creme-de-marrons': [jar, '#7a4a2b', '#efe5d6'],
  'confiture-myrtilles': [jar, '#3e3a78', '#e9efe0'],
  'confiture-framboises': [jar, '#c2324a', '#f2e8dc'],
  'farine-de-chataigne': [sack, '#cdb08a', '#e6e2ef'],
  'chataignes-seches': [chestnut, '', '#eee7d5'],
};

/** A farm under the sky, in the producer's colours. */
const farm = (sky: string, hill: string, barn: string) =>
  `${rect(0, 0, W, H, sky)}${circle(640, 130, 60, '#f6d36b')}${path('M0 380 Q200 280 420 360 T800 330 L800 600 L0 600Z', hill)}${path('M0 470 Q260 400 520 460 T800 450 L800 600 L0 600Z', '#5e9a48', 'opacity="0.55"')}${path('M250 420 L250 300 L320 240 L390 300 L390 420Z', barn)}${rect(300, 340, 40, 80, '#5a3a28')}${path('M250 300 L320 240 L390 300', 'none', 'stroke="#f5f0e6" stroke-width="8"')}${[0, 1, 2].map((i) => `${rect(520 + i * 70, 360, 10, 40, '#6b4a2b')}${circle(525 + i * 70, 345, 32, '#3f7f3a')}`).join('')}`;

const PRODUCERS: Record<string, string> = {
  'les-jardins-de-la-feuillade': farm('#cfe6f3', '#8cc26a', '#c0503a'),
  'gaec-du-puy-chabrol': farm('#dbe9f0', '#7fb35c', '#9c3f2c'),
  'chevrerie-des-sagnes': farm('#e6eef5', '#9cc47a', '#b8865a'),
  'ferme-laitiere-du-mas': farm('#d5e8f5', '#86bd63', '#f0f0f0'),
  'le-fournil-de-tarnac': farm('#f3e3cf', '#a9c46f', '#c8843a'),
  'le-rucher-des-bruyeres': farm('#efe0f0', '#b08bc4', '#e0a93a'),
  'les-vergers-de-la-vezere': farm('#d8ecf0', '#92c66c', '#b34a3a'),
  'brasserie-du-millevaches': farm('#e9e4d4', '#8db07a', '#7a4a2b'),
  'ferme-avicole-des-combes': farm('#d9eaf7', '#a3cc74', '#d06b3a'),
  'les-chataigneraies-deymoutiers': farm('#f0e4d2', '#7ea45a', '#8a4b2b'),
};

const svgOf = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${body}</svg>`;

async function render(svg: string): Promise<string> {
  const large = await sharp(Buffer.from(svg)).webp({ quality: 60, effort: 6 }).toBuffer();
  const hash = createHash('sha256').update(large).digest('hex').slice(0, 12);
  const thumb = await sharp(Buffer.from(svg)).resize(240, 180).webp({ quality: 70, effort: 6 }).toBuffer();
  writeFileSync(join(here, `${hash}-${W}x${H}.webp`), large);
  writeFileSync(join(here, `${hash}-240x180.webp`), thumb);
  return `${hash}-${W}x${H}.webp`;
}

for (const f of readdirSync(here)) if (f.endsWith('.webp')) rmSync(join(here, f));
const manifest: { products: Record<string, string>; producers: Record<string, string> } = { products: {}, producers: {} };
for (const [slug, [motif, colour, bg]] of Object.entries(PRODUCTS))
  manifest.products[slug] = await render(
    svgOf(`${rect(0, 0, W, H, bg)}${ellipse(400, 500, 260, 40, '#000', 'opacity="0.06"')}${motif(colour)}`),
  );
for (const [slug, body] of Object.entries(PRODUCERS)) manifest.producers[slug] = await render(svgOf(body));
writeFileSync(join(here, 'photos.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`${Object.keys(manifest.products).length} products, ${Object.keys(manifest.producers).length} producers`);
