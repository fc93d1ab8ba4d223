import { LoadingState } from './states';

/** Shown while a page's figures are computed on the server: the page's shape, not a blank. */
export function PageSkeleton() {
  return (
    <div aria-busy="true">
      <div className="skeleton" style={{ height: 28, width: 220, marginBottom: 12 }} />
      <div className="tiles tiles-metrics">
        {[0, 1, 2, 3, 4].map((i) => (
          <div key={i} className="skeleton" style={{ height: 170 }} />
        ))}
      </div>
      <div className="section">
        <LoadingState label="Loading this page" height={260} />
      </div>
    </div>
  );
}
