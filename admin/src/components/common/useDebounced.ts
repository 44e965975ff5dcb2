import * as React from 'react';

/**
 * The value once it has rested for `ms`, so that typing or clicking through choices asks the
 * server once. Compared by content: callers rebuild objects on every render.
 */
export const useDebounced = <T>(value: T, ms: number): T => {
  const key = JSON.stringify(value);
  const [debounced, setDebounced] = React.useState(value);
  React.useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return debounced;
};
