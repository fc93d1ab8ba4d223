/**
 * Calls `run` when the page is about to print: `beforeprint` (the browser's print) and the print
 * media query turning on (a PDF made by the browser, print emulation). Returns the unsubscribe.
 */
export function onPrint(run: () => void): () => void {
  const media = window.matchMedia('print');
  const onChange = () => {
    if (media.matches) run();
  };
  media.addEventListener('change', onChange);
  window.addEventListener('beforeprint', run);
  return () => {
    media.removeEventListener('change', onChange);
    window.removeEventListener('beforeprint', run);
  };
}
