import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="p-6">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm">
        Nothing here.{' '}
        <Link href="/" className="underline">
          Back to the overview
        </Link>
      </p>
    </main>
  );
}
