// Screen filters kept in the URL (a reload or a shared link shows the same list), and a
// search box that updates its URL parameter once the user pauses typing.
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const setFilter = useCallback(
    (key: string, value: string | null | undefined) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (value) next.set(key, value);
          else next.delete(key);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { params, setFilter };
}

/** The text typed in a search box, and its setter; `key` follows it after a pause. */
export function useDebouncedParam(key: string, delayMs = 300) {
  const { params, setFilter } = useUrlFilters();
  const committed = params.get(key) ?? '';
  const [typed, setTyped] = useState(committed);
  useEffect(() => {
    if (typed.trim() === committed) return;
    const timer = setTimeout(() => setFilter(key, typed.trim()), delayMs);
    return () => clearTimeout(timer);
  }, [typed, committed, key, delayMs, setFilter]);
  return { committed, typed, setTyped };
}
