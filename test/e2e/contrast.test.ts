import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The colours of static/css/app.css against the backgrounds they meet, by WCAG's relative
 * luminance: text 4.5:1 (1.4.3), focus rings and control borders 3:1 (1.4.11, 2.4.11). axe-core
 * measures text on the real pages; borders and rings it cannot, hence this table (the keyboard
 * test measures the ring on the pages too).
 */
const css = fs.readFileSync(path.resolve('static/css/app.css'), 'utf8');
const colour = (name: string): string => {
  const m = new RegExp(`--${name}:\\s*(#[0-9a-f]{6})\\b`, 'i').exec(css);
  if (!m) throw new Error(`--${name} introuvable dans app.css`);
  return m[1];
};

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('colours of app.css meet WCAG AA contrast', () => {
  const white = '#ffffff';
  // Pico's field background (rgb(251, 251.5, 252.25)), and our tinted boxes.
  const backgrounds = {
    blanc: white,
    champ: '#fbfcfc',
    ok: colour('amap-ok-bg'),
    alerte: colour('amap-warn-bg'),
    info: colour('amap-info-bg'),
    erreur: colour('amap-error-bg'),
    discret: colour('amap-muted-bg'),
  };
  const expectOn = (what: string, fg: string, minimum: number, on: Record<string, string> = backgrounds) => {
    for (const [where, bg] of Object.entries(on))
      expect(contrast(fg, bg), `${what} (${fg}) sur ${where} (${bg})`).to.be.at.least(minimum);
  };

  it('the focus ring stands out 3:1 on every background', () => {
    expectOn('anneau de focus', colour('amap-focus'), 3);
  });

  it('field, checkbox and switch borders stand out 3:1', () => {
    expectOn('bord des champs', colour('pico-form-element-border-color'), 3);
    expectOn('interrupteur', colour('pico-switch-background-color'), 3, { blanc: white });
  });

  it('button text, links and muted text read at 4.5:1, the primary button with margin', () => {
    expect(contrast(white, colour('pico-primary-background'))).to.be.at.least(6);
    expect(contrast(white, colour('pico-primary-hover-background'))).to.be.at.least(6);
    expectOn('liens et boutons secondaires', colour('pico-primary'), 4.5);
    expectOn('texte discret', colour('amap-muted'), 4.5);
    expectOn('exemples dans les champs', colour('pico-form-element-placeholder-color'), 4.5, {
      champ: backgrounds.champ,
    });
    expectOn('messages d’erreur', colour('amap-error'), 4.5, { blanc: white, erreur: backgrounds.erreur });
    expectOn('avertissements', colour('amap-warn'), 4.5, { alerte: backgrounds.alerte });
    expectOn('informations', colour('amap-info'), 4.5, { info: backgrounds.info });
    expectOn('confirmations', colour('amap-green'), 4.5, { ok: backgrounds.ok });
  });
});
