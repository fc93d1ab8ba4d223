import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="panel">
      <h2>Not found</h2>
      <p className="muted">
        There is nothing at this address. <Link href="/">Back to the overview</Link>.
      </p>
    </section>
  );
}
