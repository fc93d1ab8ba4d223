import { LoadingState } from '@/components/common/states';

export default function Loading() {
  return (
    <>
      <h1>Platform roadmap</h1>
      <p className="subtitle">Comparing delivery outcomes of passing and failing services…</p>
      <LoadingState label="Computing the roadmap" height={360} />
    </>
  );
}
