import { LoadingState } from '@/components/common/states';

/** The overview's figures while the server computes them: their shape, not a blank. */
export function OverviewSkeleton() {
  return (
    <div aria-busy="true">
      <div className="tiles tiles-summary">
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="skeleton" style={{ height: 104 }} />
        ))}
      </div>
      <div className="section">
        <div className="skeleton" style={{ height: 24, width: 240, marginBottom: 12 }} />
        <div className="tiles tiles-metrics">
          {[0, 1, 2, 3, 4].map((i) => (
            <div key={i} className="skeleton" style={{ height: 220 }} />
          ))}
        </div>
      </div>
      <div className="section">
        <LoadingState label="Loading figures" height={260} />
      </div>
    </div>
  );
}
