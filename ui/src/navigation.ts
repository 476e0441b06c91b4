// The selected session lives in the address (/sessions/<id>), so reloads and links keep it.
import { useCallback, useEffect, useState } from 'react';

function sessionFromPath(): string | null {
  const match = /^\/sessions\/([0-9a-f-]{36})/.exec(window.location.pathname);
  return match ? match[1] : null;
}

export function useSelectedSession(): [string | null, (id: string | null) => void] {
  const [selected, setSelected] = useState<string | null>(sessionFromPath);
  useEffect(() => {
    const onPop = () => setSelected(sessionFromPath());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const select = useCallback((id: string | null) => {
    window.history.pushState(null, '', id ? `/sessions/${id}` : '/');
    setSelected(id);
  }, []);
  return [selected, select];
}
