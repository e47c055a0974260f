/** The ChatMesh mark: two overlapping speech bubbles. */
const NS = 'http://www.w3.org/2000/svg';

/** A fresh `<svg>` of the logo (decorative). */
export function logo() {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 32 32');
  svg.setAttribute('class', 'logo');
  svg.setAttribute('aria-hidden', 'true');
  const shapes = [
    ['rect', { x: '2', y: '4', width: '20', height: '15', rx: '5', class: 'logo-back' }],
    ['rect', { x: '10', y: '12', width: '20', height: '15', rx: '5', class: 'logo-front' }],
    ['circle', { cx: '15.5', cy: '19.5', r: '1.6', class: 'logo-dot' }],
    ['circle', { cx: '20', cy: '19.5', r: '1.6', class: 'logo-dot' }],
    ['circle', { cx: '24.5', cy: '19.5', r: '1.6', class: 'logo-dot' }],
  ];
  for (const [tag, attrs] of shapes) {
    const el = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    svg.append(el);
  }
  return svg;
}
