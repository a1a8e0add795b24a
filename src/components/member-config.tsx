import type { ConfigSnippet } from "@/server/tunnels/member/model";

/**
 * Copy-paste configuration for one connection, as returned by memberConfigurations(db, connectionId).
 * Presentational only: the page loads the snippets after its own authorisation check.
 */
export function MemberConfig({ snippets }: { snippets: readonly ConfigSnippet[] }) {
  if (snippets.length === 0) return <p className="text-sm text-gray-600">No configuration is available for this connection yet.</p>;
  return (
    <div className="space-y-6">
      {snippets.map((snippet) => (
        <section key={snippet.id} aria-labelledby={`config-${snippet.id}`}>
          <div className="mb-2 flex items-center justify-between gap-4">
            <h3 id={`config-${snippet.id}`} className="text-base font-semibold">
              {snippet.title}
            </h3>
            {snippet.download ? (
              <a href={snippet.download.href} download={snippet.download.filename} className="rounded bg-blue-600 px-3 py-1 text-sm font-medium text-white hover:bg-blue-700">
                Download {snippet.download.filename}
              </a>
            ) : null}
          </div>
          <pre className="overflow-x-auto rounded bg-gray-900 p-4 text-sm text-gray-100" data-language={snippet.language}>
            <code>{snippet.text}</code>
          </pre>
        </section>
      ))}
    </div>
  );
}
