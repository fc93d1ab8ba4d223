const COLOURS: Record<string, string> = { gold: '#c9a227', silver: '#8a9597', bronze: '#a0672c', platinum: '#5b7a99' };

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// Verdana 11px averages ~6.5 px a character; shields-style badges size by that estimate.
const width = (s: string) => Math.round(s.length * 6.5 + 12);

/**
 * A flat SVG badge, "golden path | gold", for a README.
 * @example renderBadge('golden path', 'gold')
 */
export function renderBadge(label: string, value: string | null, levelIndex = 0): string {
  const text = value ?? 'none';
  const colour = value === null ? '#9f9f9f' : (COLOURS[value] ?? ['#4c9a2a', '#2f7fbf', '#6f42c1'][levelIndex % 3]!);
  const [lw, vw] = [width(label), width(text)];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${lw + vw}" height="20" role="img" aria-label="${escape(label)}: ${escape(text)}">` +
    `<title>${escape(label)}: ${escape(text)}</title>` +
    `<rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${colour}"/>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">` +
    `<text x="${lw / 2}" y="14">${escape(label)}</text><text x="${lw + vw / 2}" y="14">${escape(text)}</text></g></svg>`
  );
}
