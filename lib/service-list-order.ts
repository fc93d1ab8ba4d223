/**
 * Rows the services list renders at first and adds per "Show more", and the services a page
 * server-renders with their figures before the browser asks for the rest: a list of 1,000
 * services stays quick to compute, send and read, while search and sort still cover every one.
 */
export const SERVICES_PAGE = 100;

/**
 * The services list's first order: by name, case-insensitively. The catalog lists services by
 * slug and the sort is stable, so equal names keep that order, on the server and in the table.
 */
export function byServiceName(a: { name: string }, b: { name: string }): number {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
