/** The embedded Japanese font: Noto Sans JP (SIL OFL 1.1) from the npm package
 * `@expo-google-fonts/noto-sans-jp`, installed by `npm ci` — nothing is downloaded at run
 * time. pdfkit (through fontkit) embeds only the glyphs a report uses, so a report stays small
 * although each TTF is about 5 MB. The files are read once per process. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const FONT_WEIGHTS = ['regular', 'bold'] as const;
export type FontWeight = (typeof FONT_WEIGHTS)[number];

const FILES: Record<FontWeight, string> = {
  regular: '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf',
};

/** The names under which the fonts are registered in a document. */
export const FONT_NAMES: Record<FontWeight, string> = { regular: 'NotoSansJP', bold: 'NotoSansJP-Bold' };

const require = createRequire(import.meta.url);
const cache = new Map<FontWeight, Buffer>();

export function fontPath(weight: FontWeight): string {
  return require.resolve(FILES[weight]);
}

export function fontBytes(weight: FontWeight): Buffer {
  let bytes = cache.get(weight);
  if (!bytes) {
    bytes = readFileSync(fontPath(weight));
    cache.set(weight, bytes);
  }
  return bytes;
}

export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const w of FONT_WEIGHTS) doc.registerFont(FONT_NAMES[w], fontBytes(w));
}
