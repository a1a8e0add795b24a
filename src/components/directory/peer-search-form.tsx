"use client";

import Form from "next/form";
import { useEffect, useRef } from "react";
// Types only: the module itself (with its zod schema) stays on the server.
import type { PEER_SORTS, PeerSort } from "@/shared/directory/peer-search";

/** How long typing pauses before the list follows it (with JavaScript; without, the button submits). */
const TYPING_PAUSE_MS = 300;

/**
 * Search box and sort order as a plain GET form on /peers: without JavaScript the button submits it and
 * the server answers the first page; with JavaScript next/form navigates on the client, and the list
 * follows typing and the sort choice without pressing the button.
 */
export function PeerSearchForm({ q, sort, sorts }: { q: string; sort: PeerSort; sorts: typeof PEER_SORTS }) {
  const form = useRef<HTMLFormElement>(null);
  const typing = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(typing.current), []);
  const submitSoon = (delay: number) => {
    clearTimeout(typing.current);
    typing.current = setTimeout(() => form.current?.requestSubmit(), delay);
  };
  return (
    <Form ref={form} action="/peers" replace prefetch={false} role="search" className="flex flex-col gap-3 sm:flex-row sm:items-end">
      <label className="flex-1 text-sm font-medium text-slate-700">
        Search
        <input
          type="search"
          name="q"
          defaultValue={q}
          maxLength={200}
          onChange={() => submitSoon(TYPING_PAUSE_MS)}
          placeholder="Name, ASN, address or location"
          className="mt-1 block w-full rounded border border-slate-300 px-3 py-2 text-base"
        />
      </label>
      <label className="text-sm font-medium text-slate-700">
        Sort by
        <select
          name="sort"
          defaultValue={sort}
          onChange={() => submitSoon(0)}
          className="mt-1 block w-full rounded border border-slate-300 bg-white px-3 py-2 text-base sm:w-40"
        >
          {Object.entries(sorts).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded bg-brand-600 px-4 py-2 text-base font-medium text-white hover:bg-brand-700">
        Show
      </button>
    </Form>
  );
}
