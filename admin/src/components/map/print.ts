/**
 * Printing and PNG export of the map element (id MAP_ID).
 *
 * Print: everything that neither holds the map nor sits inside it is hidden (`:has()`, so the
 * admin's menu and header need no class of ours), the map's ancestors lose their padding and
 * scroll boxes, and the map is zoomed to one landscape page. The zoom comes from the map's own
 * size on screen (--journey-map-zoom, kept up to date by `fitForPrint`), since print has no layout
 * pass of its own to measure.
 */
export const MAP_ID = 'journey-map-print';

/** A4 landscape minus 10 mm margins, in CSS pixels (96 per inch). */
const PAGE_WIDTH = ((297 - 20) / 25.4) * 96;
const PAGE_HEIGHT = ((210 - 20) / 25.4) * 96;

export const PRINT_CSS = `
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  html, body { background: #fff !important; height: auto !important; overflow: visible !important; }
  body *:not(:has(#${MAP_ID})):not(#${MAP_ID}):not(#${MAP_ID} *) { display: none !important; }
  *:has(#${MAP_ID}) {
    display: block !important; position: static !important; overflow: visible !important;
    height: auto !important; min-height: 0 !important; max-height: none !important;
    width: auto !important; max-width: none !important; margin: 0 !important;
    padding: 0 !important; border: 0 !important; box-shadow: none !important;
    background: #fff !important; transform: none !important;
  }
  #${MAP_ID} {
    width: var(--journey-map-width) !important; zoom: var(--journey-map-zoom, 1);
    break-inside: avoid; overflow: visible !important; margin: 0 !important;
    -webkit-print-color-adjust: exact; print-color-adjust: exact;
  }
  #${MAP_ID} [data-print="hide"] { display: none !important; }
}
`;

/** Sets the print width and zoom from the map's current on-screen size. */
export const fitForPrint = (element: HTMLElement) => {
  const width = element.scrollWidth;
  const height = element.scrollHeight;
  if (!width || !height) return;
  const zoom = Math.min(1, PAGE_WIDTH / width, (PAGE_HEIGHT - 4) / height);
  element.style.setProperty('--journey-map-width', `${width}px`);
  element.style.setProperty('--journey-map-zoom', zoom.toFixed(4));
};

const copyStyles = (source: Element, target: Element) => {
  const computed = getComputedStyle(source);
  const style = (target as HTMLElement | SVGElement).style;
  for (const name of Array.from(computed)) {
    style.setProperty(name, computed.getPropertyValue(name), computed.getPropertyPriority(name));
  }
  const from = Array.from(source.children);
  const to = Array.from(target.children);
  from.forEach((child, i) => to[i] && copyStyles(child, to[i]));
};

/**
 * The map as a PNG, drawn by the browser itself: a clone with every computed style inlined,
 * wrapped in an SVG foreignObject, painted onto a canvas at twice the size. No library: the map
 * has no images or web fonts to embed, which is the part html-to-image and its kin add.
 */
export const mapPng = async (element: HTMLElement, background: string): Promise<Blob> => {
  const width = element.scrollWidth;
  const height = element.scrollHeight;
  const clone = element.cloneNode(true) as HTMLElement;
  copyStyles(element, clone);
  clone.querySelectorAll('[data-print="hide"]').forEach((node) => node.remove());
  clone.style.margin = '0';
  clone.style.width = `${width}px`;
  clone.style.background = background;
  clone.setAttribute('xmlns', 'http://www.w3.org/1999/xhtml');
  const xhtml = new XMLSerializer().serializeToString(clone);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><foreignObject x="0" y="0" width="100%" height="100%">${xhtml}</foreignObject></svg>`;
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = height * scale;
  const context = canvas.getContext('2d') as CanvasRenderingContext2D;
  context.fillStyle = background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.scale(scale, scale);
  context.drawImage(image, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('PNG export failed'))),
      'image/png'
    )
  );
};
