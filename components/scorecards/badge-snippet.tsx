/** The service's README badge: a preview and the Markdown to paste. */
export function BadgeSnippet({ slug, origin, scorecardName }: { slug: string; origin: string; scorecardName: string }) {
  const url = `${origin}/api/v1/badges/${slug}.svg`;
  const markdown = `![${scorecardName} level](${url})`;
  return (
    <div className="panel">
      <h3>README badge</h3>
      <p>
        <img src={`/api/v1/badges/${slug}.svg`} alt={`${scorecardName} level badge for ${slug}`} height={20} />
      </p>
      <label className="small muted" htmlFor="badge-markdown">
        Markdown
      </label>
      <code id="badge-markdown" className="snippet" tabIndex={0}>
        {markdown}
      </code>
    </div>
  );
}
